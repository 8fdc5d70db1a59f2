/**
 * The threshold and fairness panel in the browser: cost-ratio and custom-threshold sliders,
 * the facet whose slices are the groups, and a table of each strategy's per-group threshold
 * with its confusion counts and cost, above a bar chart of the thresholds. With a selection,
 * a line gives the selected rows' counts and cost at the custom threshold.
 */
import { numberControl, type Control } from '../elements/plot-controls';
import { MetricsViewBase, metricsModel } from './metrics-base-view';

export const ThresholdPanelModel = metricsModel('ThresholdPanelModel', 'ThresholdPanelView');

interface GroupResult {
  group: string;
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  cost: number;
  measure: number | null;
}

interface StrategyResult {
  strategy: string;
  label: string;
  error: string | null;
  totalCost: number | null;
  groups: GroupResult[];
}

function cell(tr: HTMLTableRowElement, text: string, className?: string, tag: 'td' | 'th' = 'td'): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (className) c.className = className;
  tr.append(c);
  return c;
}

export class ThresholdPanelView extends MetricsViewBase {
  protected readonly viewClass = 'tslit-threshold-panel';
  private table!: HTMLTableElement;
  private positive!: HTMLElement;
  private selection!: HTMLElement;

  protected override extraControls(): Control[] {
    return [
      numberControl(this.bound, 'costRatio', 'Cost ratio (FP/FN)', { min: 0, max: 20, step: 0.1, slider: true }),
      numberControl(this.bound, 'threshold', 'Custom threshold', { min: 0, max: 1, step: 0.01, slider: true }),
    ];
  }

  protected renderBody(body: HTMLElement): void {
    this.positive = document.createElement('div');
    this.positive.className = 'tslit-note';
    this.selection = document.createElement('div');
    this.selection.className = 'tslit-note tslit-threshold-selection';
    this.table = document.createElement('table');
    this.table.className = 'tslit-table';
    body.append(this.positive, this.selection, this.table);
  }

  protected updateBody(): void {
    const positive = String(this.model.get('positive') ?? '');
    this.positive.textContent = positive ? `Positive class: ${positive}. A row is predicted positive when its score ≥ the threshold.` : '';
    const sel = this.model.get('selection') as { count: number; threshold: number; tp: number; fp: number; tn: number; fn: number; cost: number } | null;
    this.selection.hidden = !sel;
    this.selection.textContent = sel ? `Selection (${sel.count} rows) at the custom threshold ${sel.threshold.toFixed(2)}: TP ${sel.tp}, FP ${sel.fp}, TN ${sel.tn}, FN ${sel.fn}, cost ${sel.cost.toFixed(1)}` : '';
    const results = (this.model.get('results') as StrategyResult[] | undefined) ?? [];
    const head = document.createElement('tr');
    for (const h of ['Strategy', 'Group', 'Threshold', 'TP', 'FP', 'TN', 'FN', 'Cost']) cell(head, h, h === 'Strategy' || h === 'Group' ? 'tslit-text' : undefined, 'th');
    const rows: HTMLTableRowElement[] = [];
    for (const r of results) {
      if (r.error !== null) {
        const tr = document.createElement('tr');
        tr.dataset.strategy = r.strategy;
        cell(tr, r.label, 'tslit-text');
        cell(tr, r.error, 'tslit-text tslit-note').colSpan = 7;
        rows.push(tr);
        continue;
      }
      r.groups.forEach((g, k) => {
        const tr = document.createElement('tr');
        tr.dataset.strategy = r.strategy;
        cell(tr, k === 0 ? r.label : '', 'tslit-text');
        cell(tr, g.group, 'tslit-text');
        cell(tr, g.threshold.toFixed(2));
        for (const v of [g.tp, g.fp, g.tn, g.fn]) cell(tr, String(v));
        cell(tr, g.cost.toFixed(1));
        rows.push(tr);
      });
    }
    const thead = document.createElement('thead');
    thead.append(head);
    const tbody = document.createElement('tbody');
    tbody.append(...rows);
    this.table.replaceChildren(thead, tbody);
  }
}
