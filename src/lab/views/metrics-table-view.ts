/**
 * The metrics table by slice, in the browser: one row per slice (All first), metrics with
 * three decimals, and CSV/JSON download buttons (the kernel renders the file, so downloads
 * and `exportTable` from code write the same text). The session's selection, when it has rows
 * here, is the last row (class `tslit-selection-row`).
 */
import { downloadText } from '../elements/plot-controls';
import { MetricsViewBase, metricsModel } from './metrics-base-view';

export const MetricsTableModel = metricsModel('MetricsTableModel', 'MetricsTableView');

interface MetricsRow {
  slice: string;
  values: Record<string, number | null>;
  selection?: boolean;
}

const HEADINGS: Record<string, string> = {
  count: 'Count', accuracy: 'Accuracy', precision: 'Precision (macro)', recall: 'Recall (macro)', f1: 'F1 (macro)',
  rocAuc: 'ROC AUC', prAuc: 'PR AUC', logLoss: 'Log loss',
};

export class MetricsTableView extends MetricsViewBase {
  protected readonly viewClass = 'tslit-metrics-table';
  private table!: HTMLTableElement;
  private pending = new Map<string, string>();
  private nextRequest = 0;

  protected renderBody(body: HTMLElement): void {
    const toolbar = document.createElement('div');
    toolbar.className = 'tslit-plot-toolbar';
    for (const format of ['csv', 'json'] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `tslit-button tslit-table-download-${format}`;
      b.textContent = format.toUpperCase();
      b.title = `Download the table as ${format.toUpperCase()}`;
      b.addEventListener('click', () => {
        const requestId = `t${++this.nextRequest}`;
        this.pending.set(requestId, `${String(this.model.get('filename') || 'metrics')}.${format}`);
        this.send({ method: 'table_download', format, requestId });
      });
      toolbar.append(b);
    }
    this.table = document.createElement('table');
    this.table.className = 'tslit-table';
    body.append(toolbar, this.table);
    this.model.on('msg:custom', (content: { method?: string; requestId?: string; format?: string; text?: string }) => {
      if (content?.method !== 'table_file' || !content.requestId) return;
      const filename = this.pending.get(content.requestId);
      if (!filename) return;
      this.pending.delete(content.requestId);
      downloadText(String(content.text ?? ''), filename, content.format === 'csv' ? 'text/csv' : 'application/json');
    });
  }

  protected updateBody(): void {
    const columns = (this.model.get('columns') as string[] | undefined) ?? [];
    const rows = (this.model.get('rows') as MetricsRow[] | undefined) ?? [];
    const head = document.createElement('tr');
    const registered = (this.model.get('columnLabels') as Record<string, string> | undefined) ?? {};
    for (const text of ['Slice', ...columns.map((c) => HEADINGS[c] ?? registered[c] ?? c)]) {
      const th = document.createElement('th');
      th.textContent = text;
      if (text === 'Slice') th.className = 'tslit-text';
      head.append(th);
    }
    const trs = rows.map((row) => {
      const tr = document.createElement('tr');
      if (row.selection) tr.className = 'tslit-selection-row';
      const name = document.createElement('td');
      name.className = 'tslit-text';
      name.textContent = row.slice;
      tr.append(name);
      for (const c of columns) {
        const td = document.createElement('td');
        const v = row.values[c];
        td.textContent = v === null || v === undefined ? '—' : c === 'count' ? String(v) : v.toFixed(3);
        td.dataset.metric = c;
        tr.append(td);
      }
      return tr;
    });
    const thead = document.createElement('thead');
    thead.append(head);
    const tbody = document.createElement('tbody');
    tbody.append(...trs);
    this.table.replaceChildren(thead, tbody);
  }
}
