/**
 * The data table widget: one dataset of a session, virtualized in the browser; rows travel
 * only for the window a view asks for.
 *
 * Notes:
 * - The view asks `{method:'rows', start, count, requestId}` and gets back
 *   `{method:'rows', requestId, version, start, ids, columns}` with each numeric column's
 *   values as a Float64Array buffer (`columns[k].buffer` is its index) and other columns as
 *   text (null = missing).
 * - Sort, filters and search are state the view (or code) sets; the kernel recomputes the
 *   order over the typed columns and bumps `version`, so views drop their cached pages.
 * - With a `model` chosen, its predicted label and score are extra columns, computed only for
 *   the requested window (the adapter's prediction cache makes re-scrolling cheap).
 * - The selection lives in the session: clicks arrive as position ranges, become ids, go to
 *   the session; every table of the session then publishes the positions it shows selected.
 */
import { Widget } from '../../kernel/widget';
import {
  orderSteps, positionsOf, rowId, rowsAt, rowWindow, shownRows, tableColumns, totalRows, type SortSpec, type TableColumn,
} from './data-table-query';
import { ProgressJobs, type JobStatus, type ProgressInfo } from '../progress';
import type { Session, SessionEvent } from '../session';
import { runSliced, runSync } from './table-sort';
import { writeExport, renderExport, formatOf, staticTable, type ExportFormat, type ExportRows } from './table-export';
import type { MimeBundle } from '../../kernel/context';
import { columnValue, type Dataset } from '../../model/dataset';
import { mainOutputOf, predictWindow } from './table-predictions';

export { mainOutputOf };

export interface DataTableState {
  dataset: string;
  columns: TableColumn[];
  /** Extra columns from the chosen model (computed per window). */
  predictionColumns: TableColumn[];
  /** Rows shown after filters. */
  rowCount: number;
  /** Rows in the dataset (loaded + generated). */
  totalRows: number;
  /** Bumped whenever the shown rows change; views drop pages of older versions. */
  version: number;
  /** Column the rows are sorted by ('' = load order). */
  sortColumn: string;
  sortDescending: boolean;
  filters: Record<string, string>;
  search: string;
  /** Model whose predictions are shown ('' = none). */
  model: string;
  models: string[];
  /** Shown positions that are selected (sorted; at most MAX_SELECTED_POSITIONS). */
  selected: Uint32Array;
  /** Position of the session's primary id, or -1. */
  primaryPosition: number;
  selectionCount: number;
  error: string | null;
  busy: boolean;
  /** Height of the grid in CSS pixels. */
  height: number;
  /** A long sort or filter running in slices (the view shows it with a Cancel button). */
  progress: ProgressInfo | null;
  jobStatus: JobStatus;
}

export interface DataTableOptions {
  /** Dataset name in the session; default the first. */
  dataset?: string;
  /** Model whose predictions to show; default none. */
  model?: string;
  height?: number;
  /**
   * Tables up to this many rows sort and filter at once (the new order is there when the
   * call returns); larger ones in a cancellable job (`await table.settled()`). Default 50,000.
   */
  syncRows?: number;
}

/** Larger selections are refused with a message (filter first). */
export const MAX_SELECTION = 200_000;
const MAX_SELECTED_POSITIONS = 100_000;
/** Rows per request a view may ask for. */
export const MAX_WINDOW = 2000;
const SYNC_ROWS = 50_000;

/** The state fields that make up a query (what `refresh` computes the order from). */
type QueryFields = Pick<DataTableState, 'sortColumn' | 'sortDescending' | 'filters' | 'search'>;

interface RowsRequest { method: 'rows'; start: number; count: number; requestId: number }
interface SelectRequest { method: 'select'; ranges: [number, number][]; primary?: number }
interface ExportRequest { method: 'export'; format: ExportFormat; requestId: number }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class DataTableWidget extends Widget<DataTableState> {
  private order: Uint32Array | null = null;
  /** The query the order was computed for; a change of several keys at once recomputes once. */
  private computedFor = '';
  private dataStamp = 0;
  /** The query (and its key) of the order shown now: a cancelled job puts the state back to it. */
  private applied!: { key: string; fields: QueryFields };
  private readonly jobs: ProgressJobs<DataTableState>;
  private latest: Promise<void> = Promise.resolve();
  private readonly syncRows: number;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(readonly session: Session, options: DataTableOptions = {}) {
    const dataset = session.dataset(options.dataset);
    const datasetName = options.dataset ?? [...session.datasets.keys()][0];
    if (options.model !== undefined) session.model(options.model);
    super(
      { modelName: 'DataTableModel', viewName: 'DataTableView' },
      {
        dataset: datasetName,
        columns: tableColumns(dataset),
        predictionColumns: [],
        rowCount: totalRows(dataset),
        totalRows: totalRows(dataset),
        version: 0,
        sortColumn: '',
        sortDescending: false,
        filters: {},
        search: '',
        model: options.model ?? '',
        models: [...session.models.keys()],
        selected: new Uint32Array(0),
        primaryPosition: -1,
        selectionCount: 0,
        error: null,
        busy: false,
        height: options.height ?? 360,
        progress: null,
        jobStatus: 'idle',
      },
    );
    this.syncRows = options.syncRows ?? SYNC_ROWS;
    this.applied = { key: this.keyOf(this.queryFields()), fields: this.queryFields() };
    this.computedFor = this.applied.key;
    this.jobs = new ProgressJobs<DataTableState>(this);
    this.set({ predictionColumns: this.predictionColumnsFor(this.state.model) });
    this.onChange('sortColumn', () => this.refresh());
    this.onChange('sortDescending', () => this.refresh());
    this.onChange('filters', () => this.refresh());
    this.onChange('search', () => this.refresh());
    this.onChange('model', (name) => {
      try {
        if (name !== '') session.model(name);
        this.set({ predictionColumns: this.predictionColumnsFor(name), version: this.state.version + 1, error: null });
      } catch (e) {
        this.set({ error: errorText(e) });
      }
    });
    this.onCustom((content) => this.handleCustom(content));
    this.listen('selection', () => this.publishSelection());
    this.listen('data', () => {
      this.set({ models: [...session.models.keys()], columns: tableColumns(this.dataset) });
      this.dataStamp++;
      this.refresh();
    });
    this.publishSelection();
  }

  get dataset(): Dataset {
    return this.session.dataset(this.state.dataset);
  }

  /** Row ids in the shown order (after filters and sort). */
  shownIds(start = 0, count = this.state.rowCount): string[] {
    return rowWindow(this.dataset, this.order, start, count).ids;
  }

  /** Sorts by `column` (null clears the sort). */
  sortBy(column: string | null, descending = false): void {
    this.set({ sortColumn: column ?? '', sortDescending: column === null ? false : descending });
  }

  /** The current sort, or null for load order. */
  get sort(): SortSpec | null {
    return this.state.sortColumn === '' ? null : { column: this.state.sortColumn, descending: this.state.sortDescending };
  }

  /** Sets (or with '' clears) the filter expression of one column. */
  filter(column: string, expression: string): void {
    this.set({ filters: { ...this.state.filters, [column]: expression } });
  }

  /** Writes the shown rows (all fields, in the shown order) to a .csv or .json file beside the notebook. */
  async exportTable(file: string, options: { format?: ExportFormat } = {}): Promise<string> {
    return writeExport(file, this.exportRows(), options.format);
  }

  /** Resolves when the latest sort or filter has finished (done, cancelled or failed). */
  settled(): Promise<void> {
    return this.latest;
  }

  /** Cancels a running sort or filter; the rows keep their previous order. */
  cancel(): void {
    this.jobs.cancel();
  }

  override close(): void {
    this.jobs.dispose();
    for (const u of this.unsubscribe.splice(0)) u();
    super.close();
  }

  private listen(name: 'selection' | 'data', cb: (e: SessionEvent) => void): void {
    const off = this.session.on(name, (e) => {
      if (this.closed) { off(); return; }
      cb(e);
    });
    this.unsubscribe.push(off);
  }

  private predictionColumnsFor(modelName: string): TableColumn[] {
    if (modelName === '') return [];
    const out = mainOutputOf(this.session.model(modelName));
    if (!out) return [];
    return out[1].kind === 'MulticlassPreds'
      ? [{ name: `${modelName}: label`, kind: 'categorical' }, { name: `${modelName}: p(label)`, kind: 'numeric' }]
      : [{ name: `${modelName}: score`, kind: 'numeric' }];
  }

  /**
   * Recomputes the shown order from sort, filters and search; a bad expression becomes
   * `error`. Large tables compute in a job (progress, Cancel) while the kernel keeps
   * answering; the old order stays shown (and its rows served) until the new one is ready.
   */
  private refresh(): void {
    const dataset = this.dataset;
    const fields = this.queryFields();
    const query = { sort: this.sort, filters: fields.filters, search: fields.search };
    const key = this.keyOf(fields);
    if (key === this.computedFor) return;
    this.computedFor = key;
    let steps;
    try {
      steps = orderSteps(dataset, query);
    } catch (e) {
      this.jobs.cancel();
      this.set({ error: errorText(e), version: this.state.version + 1 });
      return;
    }
    if (totalRows(dataset) <= this.syncRows) {
      this.jobs.cancel();
      this.show(runSync(steps), key, fields);
      return;
    }
    const label = query.sort ? `Sorting by ${query.sort.column}` : 'Filtering';
    this.latest = this.jobs.run(label, (ctx) => runSliced(steps, { signal: ctx.signal, onProgress: (p) => ctx.report(p.done, p.total, p.label === 'Sorting' ? label : p.label) })).then((outcome) => {
      if (outcome.status === 'done') this.show(outcome.value, key, fields);
      else if (outcome.status === 'error') this.set({ error: errorText(outcome.error) });
      else if (this.computedFor === key) {
        // Cancelled by the person (not by a newer query): the state goes back to the shown order's query.
        this.computedFor = this.applied.key;
        this.set({ ...this.applied.fields });
      }
    });
  }

  private queryFields(): QueryFields {
    return { sortColumn: this.state.sortColumn, sortDescending: this.state.sortDescending, filters: this.state.filters, search: this.state.search };
  }

  private keyOf(f: QueryFields): string {
    return JSON.stringify([f.sortColumn, f.sortColumn === '' ? false : f.sortDescending, f.filters, f.search, this.dataStamp]);
  }

  /** Shows a newly computed order. */
  private show(order: Uint32Array | null, key: string, fields: QueryFields): void {
    this.order = order;
    this.applied = { key, fields };
    this.set({ rowCount: shownRows(this.dataset, order), totalRows: totalRows(this.dataset), version: this.state.version + 1, error: null });
    this.publishSelection();
  }

  private publishSelection(): void {
    const ids = this.session.selection;
    const positions = positionsOf(this.dataset, this.order, ids);
    const primary = this.session.primary;
    const primaryPositions = primary === null ? new Uint32Array(0) : positionsOf(this.dataset, this.order, [primary]);
    this.set({
      selected: positions.length > MAX_SELECTED_POSITIONS ? positions.slice(0, MAX_SELECTED_POSITIONS) : positions,
      primaryPosition: primaryPositions.length > 0 ? primaryPositions[0] : -1,
      selectionCount: ids.length,
    });
  }

  private async handleCustom(content: unknown): Promise<void> {
    if (!isRecord(content)) return;
    try {
      switch (content.method) {
        case 'rows': return await this.answerRows(content as unknown as RowsRequest);
        case 'select': return this.select(content as unknown as SelectRequest);
        case 'export': return this.answerExport(content as unknown as ExportRequest);
        case 'cancel': return;
        default: throw new Error(`data table: unknown request ${JSON.stringify(content.method)}`);
      }
    } catch (e) {
      if (content.method === 'rows' || content.method === 'export') {
        this.send({ method: `${String(content.method)}_error`, requestId: content.requestId, message: errorText(e) });
      }
      this.set({ error: errorText(e) });
    }
  }

  private async answerRows(req: RowsRequest): Promise<void> {
    if (!Number.isInteger(req.count) || req.count > MAX_WINDOW) throw new Error(`rows: count must be a whole number up to ${MAX_WINDOW}, got ${req.count}`);
    const version = this.state.version;
    const window = rowWindow(this.dataset, this.order, req.start, req.count);
    const buffers: ArrayBufferView[] = [];
    const columns: Record<string, unknown>[] = window.columns.map((c) => {
      if (c.kind === 'numeric') {
        buffers.push(c.values);
        return { name: c.name, kind: c.kind, buffer: buffers.length - 1 };
      }
      return { name: c.name, kind: c.kind, values: c.values };
    });
    let predictionError: string | null = null;
    if (this.state.model !== '' && window.ids.length > 0) {
      try {
        const { label, score } = await this.predictWindow(req.start, window.ids.length);
        for (const [k, col] of this.state.predictionColumns.entries()) {
          if (col.kind === 'numeric') {
            buffers.push(score);
            columns.push({ name: col.name, kind: 'numeric', buffer: buffers.length - 1 });
          } else if (k === 0 && label) {
            columns.push({ name: col.name, kind: 'categorical', values: label });
          }
        }
      } catch (e) {
        predictionError = `model '${this.state.model}': ${errorText(e)}`;
      }
    }
    this.send({ method: 'rows', requestId: req.requestId, version, start: window.start, ids: window.ids, columns }, buffers);
    if (predictionError !== null) this.set({ error: predictionError });
    else if (this.state.error?.startsWith(`model '`)) this.set({ error: null });
  }

  private predictWindow(start: number, count: number): Promise<{ label: string[] | null; score: Float64Array }> {
    return predictWindow(this.session.model(this.state.model), this.dataset, this.order, start, count);
  }

  private select(req: SelectRequest): void {
    if (!Array.isArray(req.ranges)) throw new Error('select: ranges must be a list of [first, last] positions');
    const positions: number[] = [];
    for (const r of req.ranges) {
      if (!Array.isArray(r) || r.length !== 2) throw new Error('select: each range must be [first, last]');
      const [a, b] = [Math.min(r[0], r[1]), Math.max(r[0], r[1])];
      if (positions.length + (b - a + 1) > MAX_SELECTION) throw new Error(`select: ${b - a + 1 + positions.length} rows is more than ${MAX_SELECTION}; filter the table first`);
      for (let p = a; p <= b; p++) positions.push(p);
    }
    const rows = rowsAt(this.dataset, this.order, positions);
    const ids = rows.map((i) => rowId(this.dataset, i));
    let primary: string | null = null;
    if (typeof req.primary === 'number' && req.primary >= 0) primary = rowId(this.dataset, rowsAt(this.dataset, this.order, [req.primary])[0]);
    this.session.select(ids, { primary: primary ?? ids[0] ?? null, source: this });
    if (this.state.error?.startsWith('select:')) this.set({ error: null });
  }

  private answerExport(req: ExportRequest): void {
    const format = formatOf(`table.${req.format}`);
    const text = renderExport(this.exportRows(), format);
    this.send({ method: 'exported', requestId: req.requestId, format, filename: `${this.state.dataset}.${format}` }, [new TextEncoder().encode(text)]);
  }

  /** The first rows as a table, for readers without the live view. */
  protected override staticFallback(): MimeBundle {
    return { 'text/html': staticTable(`Data: ${this.state.dataset}`, this.exportRows()) };
  }

  private exportRows(): ExportRows {
    const dataset = this.dataset;
    const order = this.order;
    const fields = dataset.fields();
    const n = shownRows(dataset, order);
    const rowAt = (k: number) => (order ? order[k] : k);
    return {
      fields,
      rowCount: n,
      id: (k) => rowId(dataset, rowAt(k)),
      row: (k) => {
        const i = rowAt(k);
        const source = i < dataset.size ? dataset : dataset.generated;
        const j = i < dataset.size ? i : i - dataset.size;
        return fields.map((f) => columnValue(source.column(f), j));
      },
    };
  }
}

/** A data table over one dataset of `session`; selecting rows selects them in the session. */
export function dataTable(session: Session, options: DataTableOptions = {}): DataTableWidget {
  return new DataTableWidget(session, options);
}
