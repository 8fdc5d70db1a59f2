/**
 * Salience over many rows (the session's selection, a list of ids, or a whole dataset): each
 * row explained with the widget's current method, the per-row results kept for browsing, and
 * an aggregate — mean |attribution| per raw feature (tabular), per token string (text), or per
 * heatmap pixel (images).
 *
 * Notes:
 * - Rows go in chunks of `chunk` (one `predict` call per chunk for the predicted classes);
 *   after every row the job reports progress and yields to the event loop (`setImmediate`),
 *   so the kernel keeps reading comm messages: Cancel arrives and other cells run. A cancel
 *   stops between rows (black-box methods also stop between their own batches).
 * - A row that fails (text too long, say) keeps its error and is left out of the aggregate;
 *   the others go on.
 * - Gradient methods run inside the explain layer's `tidy`s, so nothing outlives a row.
 */
import type { SalienceRow } from '../../core/salience-row';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import type { TabularBaseline } from '../../explain/salience';
import { describePrediction, errorText, mainOutputOf } from '../prediction/predictions';
import { abortError, yieldToEventLoop, type JobContext, type ProgressFields } from '../progress';
import type { Registry } from '../registry/registry';
import { toRawFeatures } from './compute';
import { tokenSpansOf } from './token-spans';
import { explainExample } from './explain';
import { inputKindOf, type InputKind, type SalienceParams } from './params';

export type { SalienceRow };

/** The rows part of the salience widget's state. */
export interface SalienceRowsState extends ProgressFields {
  rows: SalienceRow[];
  /** Text: every row's tokens, concatenated like `rowScores`; tabular: the feature names once; images: empty. */
  rowLabels: string[];
  rowScores: Float32Array;
  /** Text: each token's (start, end, word) in its row's `text`, 3 per `rowScores` entry (zeros for a row not placed); else empty. */
  rowSpans: Int32Array;
  /** Aggregate: labels (features, tokens sorted by mean |score| descending, or empty for images), mean |score|, and how many values each mean is over. */
  aggLabels: string[];
  aggScores: Float32Array;
  aggCounts: number[];
  /** Images: the heatmap's size (aggregate and rows). */
  rowsHeatmapHeight: number;
  rowsHeatmapWidth: number;
  /** `<scope>|<model>|<params>` of the rows shown ('' for none). */
  rowsFor: string;
  /** What the rows are, for the view: e.g. "selection (12 rows)". */
  rowsScope: string;
  /** Why the last rows job failed (a bad scope, a model error), or null. */
  rowsError: string | null;
}

export const EMPTY_ROWS: SalienceRowsState = {
  progress: null,
  jobStatus: 'idle',
  rows: [],
  rowLabels: [],
  rowScores: new Float32Array(0),
  rowSpans: new Int32Array(0),
  aggLabels: [],
  aggScores: new Float32Array(0),
  aggCounts: [],
  rowsHeatmapHeight: 0,
  rowsHeatmapWidth: 0,
  rowsFor: '',
  rowsScope: '',
  rowsError: null,
};

/** One row's result before packing. */
interface RowResult {
  id: string;
  predicted: string;
  explained: string;
  labels: string[];
  scores: Float32Array;
  error: string | null;
  heatmap?: { height: number; width: number };
  /** Text: the row's text and its tokens' flat spans, when they could be placed. */
  placed?: { text: string; spans: Int32Array };
}

export interface RowsJob {
  /** Where a registered method is found. */
  registry: Registry;
  model: ModelAdapter;
  modelName: string;
  params: SalienceParams;
  ids: readonly string[];
  example: (id: string) => Example;
  background: (model: ModelAdapter) => Example[];
  /** Tabular integrated gradients / gradient×input: the baseline every row is explained against. */
  baseline?: TabularBaseline;
  /** Rows per chunk (one predict call each). */
  chunk: number;
}

/** Explains every row of `job.ids`, reporting progress through `ctx`; throws an AbortError on cancel. */
export async function explainRows(job: RowsJob, ctx: JobContext): Promise<Omit<SalienceRowsState, keyof ProgressFields | 'rowsFor' | 'rowsScope' | 'rowsError'>> {
  const { model, ids } = job;
  const main = mainOutputOf(model);
  const kind = inputKindOf(model);
  const results: RowResult[] = [];
  ctx.report(0, ids.length);
  for (let start = 0; start < ids.length; start += job.chunk) {
    if (ctx.signal.aborted) throw abortError();
    const chunkIds = ids.slice(start, start + job.chunk);
    const examples = chunkIds.map((id) => job.example(id));
    const predictions = await model.predict(examples, { signal: ctx.signal });
    for (let j = 0; j < chunkIds.length; j++) {
      if (ctx.signal.aborted) throw abortError();
      results.push(await explainOne(model, kind, main, job, chunkIds[j], examples[j], predictions[j], ctx.signal));
      ctx.report(results.length, ids.length);
      await yieldToEventLoop();
    }
  }
  if (ctx.signal.aborted) throw abortError();
  return pack(kind, results);
}

async function explainOne(
  model: ModelAdapter, kind: InputKind, main: ReturnType<typeof mainOutputOf>, job: RowsJob, id: string, example: Example,
  prediction: Parameters<typeof describePrediction>[2], signal: AbortSignal,
): Promise<RowResult> {
  let predicted = '';
  try {
    const shown = describePrediction(job.modelName, main, prediction);
    predicted = main.kind === 'regression' ? String(shown.score) : shown.predicted;
    const result = await explainExample({ registry: job.registry, model, example, params: job.params, signal, background: job.background, prediction: prediction ?? {}, baseline: job.baseline });
    const { labels, scores } = kind === 'tabular' ? toRawFeatures(model, result.labels, result.scores) : { labels: result.labels, scores: result.scores };
    const explained = result.target.className ?? (main.kind === 'regression' ? 'score' : String(result.target.classIndex ?? ''));
    const placed = kind === 'text' ? placeTokens(model, example, labels) : undefined;
    return { id, predicted, explained, labels, scores, error: null, heatmap: result.heatmap && { height: result.heatmap.height, width: result.heatmap.width }, placed };
  } catch (e) {
    if (signal.aborted) throw abortError();
    return { id, predicted, explained: '', labels: [], scores: new Float32Array(0), error: errorText(e) };
  }
}

/** Where a text row's tokens sit in its text (as the single-example view places them), or undefined when they cannot be placed. */
function placeTokens(model: ModelAdapter, example: Example, labels: readonly string[]): RowResult['placed'] {
  const field = model.textField ?? Object.entries(model.inputSpec()).find(([, s]) => s.kind === 'TextSegment')?.[0];
  const value = field === undefined ? undefined : example[field];
  if (typeof value !== 'string') return undefined;
  const spans = tokenSpansOf(model.tokenizer?.(), value, labels);
  return spans.length === 3 * labels.length && labels.length > 0 ? { text: value, spans } : undefined;
}

/** Packs row results into state: concatenated scores, row offsets, and the aggregate. */
export function pack(kind: InputKind, results: readonly RowResult[]): Omit<SalienceRowsState, keyof ProgressFields | 'rowsFor' | 'rowsScope' | 'rowsError'> {
  const total = results.reduce((n, r) => n + r.scores.length, 0);
  const rowScores = new Float32Array(total);
  const rowSpans = new Int32Array(kind === 'text' ? 3 * total : 0);
  const rowLabels: string[] = [];
  const rows: SalienceRow[] = [];
  let offset = 0;
  for (const r of results) {
    rowScores.set(r.scores, offset);
    if (kind === 'text') rowLabels.push(...r.labels);
    const row: SalienceRow = { id: r.id, predicted: r.predicted, explained: r.explained, start: offset, length: r.scores.length, error: r.error };
    if (kind === 'text' && r.placed !== undefined) {
      rowSpans.set(r.placed.spans, 3 * offset);
      row.text = r.placed.text;
    }
    rows.push(row);
    offset += r.scores.length;
  }
  const ok = results.filter((r) => r.error === null);
  const heatmap = ok.find((r) => r.heatmap)?.heatmap;
  if (kind === 'tabular' && ok.length > 0) rowLabels.push(...ok[0].labels);
  const agg = kind === 'text' ? aggregateTokens(ok) : aggregatePositions(ok, kind === 'image' ? [] : ok[0]?.labels ?? []);
  return { rows, rowLabels, rowScores, rowSpans, ...agg, rowsHeatmapHeight: heatmap?.height ?? 0, rowsHeatmapWidth: heatmap?.width ?? 0 };
}

/** Mean |score| per position (features or heatmap pixels), over rows of the same length as the first. */
export function aggregatePositions(results: readonly { scores: Float32Array }[], labels: string[]): { aggLabels: string[]; aggScores: Float32Array; aggCounts: number[] } {
  const width = results[0]?.scores.length ?? 0;
  const sums = new Float64Array(width);
  let n = 0;
  for (const r of results) {
    if (r.scores.length !== width) continue;
    for (let i = 0; i < width; i++) sums[i] += Math.abs(r.scores[i]);
    n++;
  }
  return { aggLabels: labels, aggScores: Float32Array.from(sums, (s) => s / Math.max(n, 1)), aggCounts: Array.from({ length: width }, () => n) };
}

/** Mean |score| per token string over all its occurrences, highest first (ties by token). */
export function aggregateTokens(results: readonly { labels: string[]; scores: Float32Array }[]): { aggLabels: string[]; aggScores: Float32Array; aggCounts: number[] } {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const r of results) {
    r.labels.forEach((token, i) => {
      const e = sums.get(token) ?? { sum: 0, count: 0 };
      e.sum += Math.abs(r.scores[i]);
      e.count++;
      sums.set(token, e);
    });
  }
  const entries = [...sums].map(([token, e]) => ({ token, mean: e.sum / e.count, count: e.count }));
  entries.sort((a, b) => b.mean - a.mean || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  return { aggLabels: entries.map((e) => e.token), aggScores: Float32Array.from(entries, (e) => e.mean), aggCounts: entries.map((e) => e.count) };
}
