/**
 * The salience view's tabular controls: which baseline integrated gradients and
 * gradient×input start from (training medians, a row by id, a background sample), the
 * baseline the shown scores used with its raw values, and a switch to the one-hot detail.
 *
 * Notes: choices are sent as `configure` parameters (`baseline`, `baselineRow`); the kernel
 * checks them and answers with `baselineUsed`, read through `asBaselineShown`. Every value is
 * a text node. Hidden for models and methods without a baseline.
 */
import type { JSONObject } from '@lumino/coreutils';
import { asBaselineShown, baselineValuesText } from '../../core/salience-baseline';
import { labelled, setChoices, setValueUnlessFocused } from './salience-controls';

const BASELINE_LABELS: Record<string, string> = { median: 'Training medians', row: 'A row', background: 'Background sample' };
const USES_BASELINE = ['integrated_gradients', 'grad_x_input'];

/** What the controls read from the widget model. */
export interface ModelState {
  get(key: string): unknown;
}

export class SalienceTabularControls {
  readonly el = document.createElement('div');
  private readonly select = document.createElement('select');
  private readonly rowInput = document.createElement('input');
  private readonly rowLabel: HTMLElement;
  private readonly choice: HTMLElement;
  private readonly used = document.createElement('div');
  private readonly columnsInput = document.createElement('input');
  private readonly columnsLabel: HTMLElement;

  /** `configure` sends parameters to the kernel; `redraw` redraws the scores (the one-hot switch). */
  constructor(configure: (params: JSONObject) => void, redraw: () => void) {
    this.el.className = 'tslit-controls tslit-sal-tabular';
    this.select.className = 'tslit-sal-baseline';
    this.rowInput.type = 'text';
    this.rowInput.className = 'tslit-sal-baseline-row';
    this.rowInput.placeholder = 'example id';
    this.rowInput.size = 10;
    this.rowLabel = labelled('Row', this.rowInput);
    this.choice = labelled('Baseline', this.select);
    this.used.className = 'tslit-sal-baseline-used';
    this.columnsInput.type = 'checkbox';
    this.columnsInput.className = 'tslit-sal-columns';
    this.columnsLabel = labelled('One-hot columns', this.columnsInput);
    this.columnsLabel.title = 'Show one bar per model-space column (each category value) instead of per feature';
    this.el.append(this.choice, this.rowLabel, this.columnsLabel, this.used);
    this.select.addEventListener('change', () => configure(this.select.value === 'row' ? { baseline: 'row', baselineRow: this.rowInput.value.trim() } : { baseline: this.select.value }));
    // Enter sends the id at once (a text input's change only fires on leaving it); the same id is not sent twice.
    let sent: string | undefined;
    const sendRow = (): void => {
      const id = this.rowInput.value.trim();
      if (id === sent) return;
      sent = id;
      configure({ baseline: 'row', baselineRow: id });
    };
    this.rowInput.addEventListener('change', sendRow);
    this.rowInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') sendRow();
    });
    this.select.addEventListener('change', () => (sent = undefined));
    this.columnsInput.addEventListener('change', redraw);
  }

  update(m: ModelState): void {
    const baselines = (m.get('baselines') as string[] | undefined) ?? [];
    const offered = baselines.length > 0 && USES_BASELINE.includes(String(m.get('salienceMethod') ?? ''));
    const baseline = String(m.get('baseline') ?? 'median');
    setChoices(this.select, baselines.map((b) => ({ value: b, label: BASELINE_LABELS[b] ?? b })), baseline);
    setValueUnlessFocused(this.rowInput, String(m.get('baselineRow') ?? ''));
    show(this.choice, offered);
    show(this.rowLabel, offered && baseline === 'row');
    const columns = ((m.get('columnLabels') as string[] | undefined) ?? []).length > 0 && !m.get('error');
    show(this.columnsLabel, columns);
    const shown = asBaselineShown(m.get('baselineUsed'));
    show(this.el, offered || columns);
    this.el.dataset.baseline = shown?.kind ?? '';
    if (!shown || m.get('error')) {
      this.used.replaceChildren();
      return;
    }
    const what = document.createElement('b');
    what.textContent = shown.origin;
    const parts: Node[] = [document.createTextNode('Baseline: '), what];
    if (shown.kind === 'background') parts.push(document.createTextNode(' (IG averaged over one baseline per row: expected gradients)'));
    if (shown.values) parts.push(document.createTextNode(` — ${baselineValuesText(shown.values)}`));
    this.used.replaceChildren(...parts);
  }

  /** The one-hot detail to draw instead of the per-feature scores, when the switch is on. */
  columns(m: ModelState): { labels: string[]; scores: Float32Array } | undefined {
    const labels = (m.get('columnLabels') as string[] | undefined) ?? [];
    const scores = m.get('columnScores') as Float32Array | undefined;
    if (!this.columnsInput.checked || labels.length === 0 || !scores || scores.length !== labels.length) return undefined;
    return { labels, scores };
  }
}

/** Hides or shows an element: `hidden`, and an inline display because `.tslit-controls` sets display: flex. */
function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
  el.style.display = visible ? '' : 'none';
}
