/**
 * Static HTML pictures of the non-plot views (prediction, predictions, salience,
 * counterfactuals, datapoint editor, table rows), built from the same state the live views
 * draw. The kernel puts them beside each widget output (`text/html`), and the lab extension
 * writes them into the saved widget state, so a notebook read without tslit still shows
 * what the person saw.
 *
 * Notes: pure string building. Every string from data goes through `xmlEscape`/`cellText`;
 * colours and widths are computed from numbers; no script, no event attribute, no URL.
 */
import { cssColour, divergingColour, domainOf, textColourOn } from '../colour-scale';
import { STATIC_NOTE, cellText, fmt, unit, xmlEscape } from './escape';
import { layoutTokens, readTokenSpans } from '../token-layout';

type Value = unknown;

/** A static block: a titled box with the picture note as its tooltip. */
export function staticBlock(title: string, inner: string): string {
  const heading = title ? `<div style="font-weight:bold;margin-bottom:4px">${xmlEscape(title)}</div>` : '';
  return `<div class="tslit-static" title="${STATIC_NOTE}" style="font-family:sans-serif;font-size:13px;border:1px solid #ddd;padding:6px;max-width:760px">${heading}${inner}</div>`;
}

/** One horizontal bar per label, widths from `values` (0..1 for probabilities). */
function barRows(labels: readonly string[], values: ArrayLike<number>, highlight = ''): string {
  const rows = Array.from(labels, (label, i) => {
    const v = Number(values[i]);
    const colour = label === highlight ? '#1f77b4' : '#9ecae1';
    return `<tr><td style="padding-right:8px">${xmlEscape(label)}</td><td style="width:240px"><div style="background:${colour};height:12px;width:${(unit(v) * 100).toFixed(1)}%"></div></td><td style="text-align:right">${fmt(v)}</td></tr>`;
  });
  return `<table style="border-collapse:collapse">${rows.join('')}</table>`;
}

export interface StaticPrediction {
  field?: string;
  input?: string;
  classes: readonly string[];
  probabilities: ArrayLike<number>;
  predicted: string;
}

/** The prediction widget: the input text and the class probabilities. */
export function staticPredictionHtml(p: StaticPrediction): string {
  const input = p.input ? `<div style="white-space:pre-wrap;max-height:8em;overflow:hidden;color:#333;margin-bottom:4px">${xmlEscape(p.input)}</div>` : '';
  const verdict = p.predicted ? `<div>predicted: <b>${xmlEscape(p.predicted)}</b></div>` : '';
  return staticBlock(p.field ? `Prediction (${p.field})` : 'Prediction', input + verdict + barRows(p.classes, p.probabilities, p.predicted));
}

export interface StaticModelPrediction {
  model: string;
  kind: 'multiclass' | 'regression';
  classes: readonly string[];
  probabilities: ArrayLike<number>;
  predicted: string;
  score: number;
  error?: string | null;
}

/** The predictions view: each model's verdict and probabilities (or score). */
export function staticPredictionsHtml(results: readonly StaticModelPrediction[], exampleId = ''): string {
  const parts = results.map((r) => {
    const name = `<div style="margin-top:4px"><b>${xmlEscape(r.model)}</b>`;
    if (r.error) return `${name}: ${xmlEscape(r.error)}</div>`;
    if (r.kind === 'regression') return `${name}: score ${fmt(r.score)}</div>`;
    return `${name}: ${xmlEscape(r.predicted)} (${fmt(r.score)})</div>${barRows(r.classes, r.probabilities, r.predicted)}`;
  });
  const example = exampleId ? `<div style="color:#555">example ${xmlEscape(exampleId)}</div>` : '';
  return staticBlock('Predictions', example + (parts.join('') || '<div>no example selected</div>'));
}

export interface StaticSalience {
  inputKind: string;
  labels: readonly string[];
  scores: ArrayLike<number>;
  explained: string;
  method?: string;
  heatmapHeight?: number;
  heatmapWidth?: number;
  /** Text: where each token sits in `tokenText` (see `core/token-layout`); drawn on the text, pieces grouped into words. */
  tokenSpans?: ArrayLike<number>;
  tokenText?: string;
}

/** Text tokens on a signed colour scale (red for the explained class, blue against), on the text as written when placed. */
function tokenSpans(s: StaticSalience): string {
  const domain = domainOf(s.scores);
  const text = s.tokenText ?? '';
  const placements = readTokenSpans(s.tokenSpans, s.labels.length, text);
  const pieces = layoutTokens(text, s.labels, s.scores, placements, true).map((piece) => {
    if (piece.kind === 'text') return xmlEscape(piece.text);
    const rgb = divergingColour(piece.score, domain);
    const title = piece.parts.length === 1 ? fmt(piece.score) : `${fmt(piece.score)} = ${piece.parts.map((p) => `${p.label} ${fmt(p.score)}`).join(' + ')}`;
    const box = placements ? 'padding:1px 0' : 'padding:0 2px;margin:1px;display:inline-block';
    return `<span title="${xmlEscape(title)}" style="background:${cssColour(rgb)};color:${cssColour(textColourOn(rgb))};${box}">${xmlEscape(piece.text)}</span>`;
  });
  return `<div style="line-height:1.9${placements ? ';white-space:pre-wrap' : ''}">${pieces.join('')}</div>`;
}

/** Feature bars left (negative) or right (positive) of a centre line. */
function signedBars(labels: readonly string[], scores: ArrayLike<number>): string {
  const domain = domainOf(scores);
  const rows = labels.map((label, i) => {
    const s = Number(scores[i]);
    const w = domain > 0 ? (unit(Math.abs(s) / domain) * 50).toFixed(1) : '0';
    const bar = `<div style="position:relative;height:12px;background:#f4f4f4"><div style="position:absolute;top:0;height:12px;${s >= 0 ? `left:50%;width:${w}%;background:#b2182b` : `right:50%;width:${w}%;background:#2166ac`}"></div></div>`;
    return `<tr><td style="padding-right:8px">${xmlEscape(label)}</td><td style="width:280px">${bar}</td><td style="text-align:right">${fmt(s)}</td></tr>`;
  });
  return `<table style="border-collapse:collapse">${rows.join('')}</table>`;
}

/** An image heatmap as an SVG grid of signed colours. */
function heatmapSvg(scores: ArrayLike<number>, height: number, width: number): string {
  if (!(height > 0 && width > 0) || height * width !== scores.length) return '<div>heatmap not available</div>';
  const side = Math.max(2, Math.floor(224 / Math.max(height, width)));
  const domain = domainOf(scores);
  const cells: string[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) cells.push(`<rect x="${c * side}" y="${r * side}" width="${side}" height="${side}" fill="${cssColour(divergingColour(Number(scores[r * width + c]), domain))}"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width * side}" height="${height * side}">${cells.join('')}</svg>`;
}

/** The salience view: tokens, feature bars or a heatmap, for the class explained. */
export function staticSalienceHtml(s: StaticSalience): string {
  if (s.scores.length === 0) return staticBlock('Salience', '<div>no salience computed yet</div>');
  const body = s.inputKind === 'image' ? heatmapSvg(s.scores, s.heatmapHeight ?? 0, s.heatmapWidth ?? 0)
    : s.inputKind === 'text' ? tokenSpans(s)
      : signedBars(s.labels, s.scores);
  const what = `<div style="color:#555">${s.method ? `${xmlEscape(s.method)}, ` : ''}explaining ${xmlEscape(s.explained || 'the prediction')} (red for, blue against)</div>`;
  return staticBlock('Salience', what + body);
}

/** A table of records: `columns` in order, each row's values as text. */
export function staticRowsHtml(columns: readonly string[], rows: readonly Record<string, Value>[], changed: readonly (readonly string[])[] = []): string {
  const head = `<tr>${columns.map((c) => `<th style="text-align:left;border-bottom:1px solid #ccc;padding:2px 6px">${xmlEscape(c)}</th>`).join('')}</tr>`;
  const body = rows.map((row, i) => `<tr>${columns.map((c) => {
    const bold = changed[i]?.includes(c) ? 'font-weight:bold;background:#fff3b0;' : '';
    return `<td style="${bold}padding:2px 6px;max-width:320px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">${cellText(row[c])}</td>`;
  }).join('')}</tr>`).join('');
  return `<table style="border-collapse:collapse">${head}${body}</table>`;
}

export interface StaticCounterfactual {
  values: Record<string, Value>;
  changedFields: readonly string[];
  predicted: string;
  score: number;
}

/** The counterfactuals view: the original and each result with its changed fields marked. */
export function staticCounterfactualsHtml(original: StaticCounterfactual | null, results: readonly StaticCounterfactual[], generator = ''): string {
  if (!original) return staticBlock('Counterfactuals', '<div>no example selected</div>');
  const fields = Object.keys(original.values);
  const columns = ['', ...fields, 'predicted', 'score'];
  const row = (label: string, r: StaticCounterfactual): Record<string, Value> => ({ '': label, ...r.values, predicted: r.predicted, score: r.score });
  const rows = [row('original', original), ...results.map((r, i) => row(`#${i + 1}`, r))];
  const changed = [[], ...results.map((r) => r.changedFields)];
  const note = `<div style="color:#555">${generator ? `${xmlEscape(generator)}: ` : ''}${results.length} result(s)</div>`;
  return staticBlock('Counterfactuals', note + staticRowsHtml(columns, rows, changed));
}

/** The datapoint editor: each field's value, and the model's verdict on it. */
export function staticEditorHtml(fields: readonly string[], values: Record<string, Value>, prediction: { model: string; label: string; score: number } | null): string {
  const table = staticRowsHtml(['field', 'value'], fields.map((f) => ({ field: f, value: values[f] ?? null })));
  const verdict = prediction ? `<div style="margin-top:4px">${xmlEscape(prediction.model)}: <b>${xmlEscape(prediction.label || 'score')}</b> ${fmt(prediction.score)}</div>` : '';
  return staticBlock('Datapoint editor', table + verdict);
}

/** A table view: its first rows, and how many there are in all. */
export function staticTableHtml(title: string, fields: readonly string[], rows: readonly (readonly unknown[])[], total: number): string {
  const records = rows.map((r) => Object.fromEntries(fields.map((f, i) => [f, r[i]])));
  const note = `<div style="color:#555;margin-top:4px">${rows.length < total ? `first ${rows.length} of ${total} rows` : `${total} rows`}</div>`;
  return staticBlock(title, staticRowsHtml(fields, records) + note);
}

/** A workspace: its panels' pictures one after another (the live layout needs JupyterLab). */
export function staticWorkspaceHtml(panels: readonly string[]): string | null {
  return panels.length ? `<div class="tslit-static-workspace">${panels.join('')}</div>` : null;
}
