/**
 * The salience view's rows panel: buttons that explain the session's selection or the whole
 * dataset, the progress bar with Cancel while that runs, the aggregate (mean |salience| per
 * feature, per token — the top ones — or a mean heatmap), and a list of the explained rows;
 * picking one draws its own salience below.
 *
 * Notes: drawn from the salience widget's rows state (src/widgets/salience/rows.ts). Buttons
 * send `{method:'explain_rows', scope}`; Cancel sends `{method:'cancel'}`. Every id, token and
 * feature name is a text node. `data-rows-for` on the panel is set last (tests wait on it).
 */
import { domainOf } from '../../core/colour-scale';
import type { SalienceRow } from '../../core/salience-row';
import { readTokenSpans } from '../../core/token-layout';
import { renderErrorBox } from './error-box';
import { renderHeatmapOverlay } from './heatmap-overlay';
import { ensurePlotStyles } from './plot-styles';
import { ProgressBar, type ProgressInfo } from './progress-bar';
import { renderSalienceBars } from './salience-bars';
import { renderTokenHighlights } from './token-highlights';

/** How many tokens the text aggregate lists. */
const TOP_TOKENS = 20;

/** The widget state the panel reads. */
export interface RowsPanelModel {
  get(key: string): unknown;
}

export class SalienceRowsPanel {
  readonly el: HTMLDivElement;
  private readonly progress: ProgressBar;
  private readonly errorHost: HTMLDivElement;
  private readonly aggTitle: HTMLDivElement;
  private readonly aggregate: HTMLDivElement;
  private readonly rowSelect: HTMLSelectElement;
  private readonly rowResult: HTMLDivElement;
  private readonly rowNote: HTMLDivElement;
  private shownFor = '';

  /** `groupWords`: whether the view shows a word's pieces as one word (its Words box). */
  constructor(private readonly model: RowsPanelModel, send: (content: { method: string; scope?: string }) => void, private readonly groupWords: () => boolean = () => false) {
    this.el = document.createElement('div');
    this.el.className = 'tslit-sal-rows';
    ensurePlotStyles(document); // the progress bar's styles
    const bar = document.createElement('div');
    bar.className = 'tslit-controls';
    const caption = document.createElement('span');
    caption.textContent = 'Many rows:';
    bar.append(caption);
    for (const [scope, text] of [['selection', 'Explain selection'], ['dataset', 'Explain dataset']] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `tslit-button tslit-sal-rows-${scope}`;
      b.textContent = text;
      b.addEventListener('click', () => send({ method: 'explain_rows', scope }));
      bar.append(b);
    }
    this.progress = new ProgressBar(() => send({ method: 'cancel' }));
    this.errorHost = document.createElement('div');
    this.aggTitle = document.createElement('div');
    this.aggTitle.className = 'tslit-sal-summary tslit-sal-agg-title';
    this.aggregate = document.createElement('div');
    this.aggregate.className = 'tslit-sal-result tslit-sal-agg';
    this.rowSelect = document.createElement('select');
    this.rowSelect.className = 'tslit-sal-row-select';
    this.rowSelect.setAttribute('aria-label', 'Explained row');
    this.rowSelect.addEventListener('change', () => this.drawRow());
    this.rowNote = document.createElement('div');
    this.rowNote.className = 'tslit-note tslit-sal-row-note';
    this.rowResult = document.createElement('div');
    this.rowResult.className = 'tslit-sal-result tslit-sal-row-result';
    this.el.append(bar, this.progress.el, this.errorHost, this.aggTitle, this.aggregate, this.rowSelect, this.rowNote, this.rowResult);
  }

  update(): void {
    const m = this.model;
    this.progress.update((m.get('progress') as ProgressInfo | null) ?? null, String(m.get('jobStatus') ?? 'idle'));
    const error = m.get('rowsError') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Salience of rows failed', error);
    else this.errorHost.replaceChildren();
    const rowsFor = String(m.get('rowsFor') ?? '');
    const rows = (m.get('rows') as SalienceRow[] | undefined) ?? [];
    this.rowSelect.hidden = rows.length === 0;
    if (rowsFor !== this.shownFor) {
      this.shownFor = rowsFor;
      this.rowSelect.replaceChildren(...rows.map((r, k) => {
        const o = document.createElement('option');
        o.value = String(k);
        o.text = r.error !== null ? `${r.id} — failed` : `${r.id} — ${r.predicted}`;
        return o;
      }));
      this.drawAggregate(rows);
      this.drawRow();
    }
    // Set last: tests wait on it to know the rows on screen.
    this.el.dataset.rowsFor = rowsFor;
    this.el.dataset.status = String(m.get('jobStatus') ?? 'idle');
  }

  private drawAggregate(rows: readonly SalienceRow[]): void {
    const m = this.model;
    const labels = (m.get('aggLabels') as string[] | undefined) ?? [];
    const scores = (m.get('aggScores') as Float32Array | undefined) ?? new Float32Array(0);
    if (rows.length === 0) {
      this.aggTitle.textContent = '';
      this.aggregate.replaceChildren();
      return;
    }
    const failed = rows.filter((r) => r.error !== null).length;
    const kind = m.get('inputKind');
    const what = kind === 'text' ? `per token (top ${Math.min(TOP_TOKENS, labels.length)} of ${labels.length})` : kind === 'image' ? 'per pixel' : 'per feature';
    this.aggTitle.textContent = `Mean |salience| ${what} over ${String(m.get('rowsScope') ?? '')}${failed ? ` · ${failed} failed` : ''}`;
    if (kind === 'image') {
      this.drawHeat(this.aggregate, scores);
    } else {
      const n = kind === 'text' ? Math.min(TOP_TOKENS, labels.length) : labels.length;
      renderSalienceBars(this.aggregate, labels.slice(0, n), scores.subarray(0, n), domainOf(scores.subarray(0, n)));
    }
  }

  /** Draws the row picked in the list (again: the Words box changed). */
  drawRow(): void {
    const m = this.model;
    const rows = (m.get('rows') as SalienceRow[] | undefined) ?? [];
    const row = rows[Number(this.rowSelect.value)];
    if (!row) {
      this.rowNote.textContent = '';
      this.rowResult.replaceChildren();
      return;
    }
    this.el.dataset.shownRow = row.id;
    if (row.error !== null) {
      this.rowNote.textContent = row.error;
      this.rowResult.replaceChildren();
      return;
    }
    this.rowNote.textContent = `Row ${row.id}: predicted ${row.predicted}, explaining ${row.explained}`;
    const all = (m.get('rowScores') as Float32Array | undefined) ?? new Float32Array(0);
    const scores = all.subarray(row.start, row.start + row.length);
    const labels = (m.get('rowLabels') as string[] | undefined) ?? [];
    const kind = m.get('inputKind');
    if (kind === 'text') {
      // Drawn as the single-example view draws it: the row's text as written, its tokens in place.
      const spans = (m.get('rowSpans') as Int32Array | undefined) ?? new Int32Array(0);
      const text = typeof row.text === 'string' ? row.text : undefined;
      const placements = text === undefined ? undefined : readTokenSpans(spans.subarray(3 * row.start, 3 * (row.start + row.length)), row.length, text);
      renderTokenHighlights(this.rowResult, { tokens: labels.slice(row.start, row.start + row.length), scores, domain: domainOf(scores), text, placements, groupWords: this.groupWords() });
    }
    else if (kind === 'image') this.drawHeat(this.rowResult, scores);
    else renderSalienceBars(this.rowResult, labels, scores, domainOf(scores));
    this.rowResult.classList.toggle('tslit-tokens', kind === 'text');
  }

  /** A heatmap over a plain grey square (the rows' images differ, so none is drawn under it). */
  private drawHeat(host: HTMLElement, heat: Float32Array): void {
    const h = Number(this.model.get('rowsHeatmapHeight'));
    const w = Number(this.model.get('rowsHeatmapWidth'));
    if (!(h > 0 && w > 0) || heat.length !== h * w) {
      host.replaceChildren();
      return;
    }
    renderHeatmapOverlay(host, { image: new Float32Array(h * w).fill(0.5), imageHeight: h, imageWidth: w, channels: 1, heat, heatHeight: h, heatWidth: w, domain: domainOf(heat), opacity: 1 });
  }
}
