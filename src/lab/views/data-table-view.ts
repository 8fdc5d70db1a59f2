/**
 * The data table's browser side: a virtualized `@lumino/datagrid` over rows paged from the
 * kernel, a toolbar (search, per-column filters, model, export), and a strip showing the
 * primary selected row as text.
 *
 * Notes: only the visible pages travel (see elements/table-grid.ts). Sort, filters, search
 * and model are state: the view sets them, the kernel recomputes the order and bumps
 * `version`, and the view drops its pages. Clicks (with shift/ctrl) select rows through the
 * grid's selection model; the view sends the selected position ranges, the kernel turns them
 * into ids in the session, and sends back `selected` positions for every table of the
 * session (the view applies them without echoing). Every data string is drawn on the canvas
 * or set with textContent.
 */
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';
import { BinaryStateModel } from './binary-model';
import { BasicKeyHandler, BasicSelectionModel, DataGrid, RendererMap, TextRenderer } from '@lumino/datagrid';
import { MessageLoop } from '@lumino/messaging';
import { Widget as LuminoWidget } from '@lumino/widgets';
import { debounce, type Debounced } from '../elements/debounce';
import { renderErrorBox } from '../elements/error-box';
import { ProgressBar, type ProgressInfo } from '../elements/progress-bar';
import { batchCellBlits } from '../elements/grid-blit';
import { SortingMouseHandler, TableGridModel, type GridColumn } from '../elements/table-grid';
import { PAGE_ROWS, decodeReply, toRanges, type RowsReply } from '../elements/table-pages';
import { ensureTableStyles, gridStyle, gridTextColor, onThemeChange } from '../elements/table-styles';
import { buildTableToolbar, type TableToolbar } from '../elements/table-toolbar';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

function toUint32(value: unknown): Uint32Array {
  if (value == null) return new Uint32Array(0);
  if (value instanceof Uint32Array) return value;
  if (value instanceof DataView) {
    if (value.byteOffset % 4 !== 0) return new Uint32Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    return new Uint32Array(value.buffer, value.byteOffset, Math.floor(value.byteLength / 4));
  }
  if (Array.isArray(value)) return Uint32Array.from(value as number[]);
  throw new Error(`expected a Uint32Array buffer, got ${Object.prototype.toString.call(value)}`);
}

export class DataTableModel extends BinaryStateModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'DataTableModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'DataTableView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      dataset: '',
      columns: [],
      predictionColumns: [],
      rowCount: 0,
      totalRows: 0,
      version: 0,
      sortColumn: '',
      sortDescending: false,
      filters: {},
      search: '',
      model: '',
      models: [],
      selected: new Uint32Array(0),
      primaryPosition: -1,
      selectionCount: 0,
      error: null,
      busy: false,
      height: 360,
      progress: null,
      jobStatus: 'idle',
    };
  }

  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    selected: { deserialize: toUint32 },
  };
}

const ROW_HEIGHT = 22;

export class DataTableView extends SafeDOMWidgetView {
  private grid!: DataGrid;
  private gridModel!: TableGridModel;
  private selection!: BasicSelectionModel;
  private host!: HTMLElement;
  private toolbar!: TableToolbar;
  private progressBar!: ProgressBar;
  private detail!: HTMLElement;
  private errorHost!: HTMLElement;
  private nextRequest = 1;
  private applyingKernelSelection = false;
  /** A click's selection is on its way to the kernel: kernel updates meanwhile must not undo it. */
  private userSelectionPending = false;
  private sendSelection!: Debounced<[]>;
  private shownVersion = -1;
  private shownColumns = '';
  private cleanups: (() => void)[] = [];
  private pendingExports = new Map<number, string>();

  protected renderView(): void {
    ensureTableStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-view', 'tslit-table');
    this.toolbar = buildTableToolbar({
      onSearch: (text) => this.setState({ search: text }),
      onFilter: (column, expression) => this.setState({ filters: { ...((this.model.get('filters') as Record<string, string>) ?? {}), [column]: expression } }),
      onModel: (name) => this.setState({ model: name }),
      onExport: (format) => this.requestExport(format),
    });
    this.host = document.createElement('div');
    this.host.className = 'tslit-grid-host';
    this.detail = document.createElement('dl');
    this.detail.className = 'tslit-table-detail';
    this.errorHost = document.createElement('div');
    this.errorHost.className = 'tslit-error-host';
    // A sort or filter of a large table runs as a kernel job: progress and Cancel (the old order stays).
    this.progressBar = new ProgressBar(() => this.send({ method: 'cancel' }));
    this.el.replaceChildren(this.toolbar.element, this.progressBar.el, this.errorHost, this.host, this.detail);

    this.gridModel = new TableGridModel({
      request: (start, count, page) => this.requestRows(start, count, page),
      visibleRows: () => this.visibleRows(),
    });
    this.grid = new DataGrid({
      defaultSizes: { rowHeight: ROW_HEIGHT, columnWidth: 120, rowHeaderWidth: 72, columnHeaderHeight: 24 },
      style: gridStyle(this.el),
    });
    batchCellBlits(this.grid);
    this.grid.dataModel = this.gridModel;
    this.selection = new BasicSelectionModel({ dataModel: this.gridModel, selectionMode: 'row' });
    this.grid.selectionModel = this.selection;
    this.grid.keyHandler = new BasicKeyHandler();
    this.grid.mouseHandler = new SortingMouseHandler((column) => this.cycleSort(column));
    this.applyRenderers();
    this.selection.changed.connect(() => {
      if (!this.applyingKernelSelection) {
        this.userSelectionPending = true;
        this.sendSelection();
      }
      this.renderDetail();
    });
    this.sendSelection = debounce(() => this.publishSelection(), () => 40);

    this.listenTo(this.model, 'msg:custom', (content: unknown, buffers: DataView[]) => this.onCustom(content, buffers));
    this.cleanups.push(onThemeChange(() => {
      this.grid.style = gridStyle(this.el);
      this.applyRenderers();
    }));
    void this.displayed.then(() => this.attachGrid());
    this.exposeTestSeam();
  }

  protected updateView(): void {
    const m = this.model;
    const height = Number(m.get('height') ?? 360);
    this.host.style.height = `${height}px`;
    const columns: GridColumn[] = [...((m.get('columns') as GridColumn[]) ?? []), ...((m.get('predictionColumns') as GridColumn[]) ?? [])];
    const sortColumn = String(m.get('sortColumn') ?? '');
    const sort = sortColumn === '' ? null : { column: sortColumn, descending: Boolean(m.get('sortDescending')) };
    this.gridModel.sortColumn = sort?.column ?? null;
    this.gridModel.sortDescending = Boolean(sort?.descending);
    const version = Number(m.get('version') ?? 0);
    const columnKey = JSON.stringify(columns) + JSON.stringify(sort);
    const rowCount = Number(m.get('rowCount') ?? 0);
    if (version !== this.shownVersion || columnKey !== this.shownColumns || rowCount !== this.gridModel.rowCount('body')) {
      this.shownVersion = version;
      this.shownColumns = columnKey;
      this.applyingKernelSelection = true;
      this.gridModel.reset(version, rowCount, columns);
      this.applyingKernelSelection = false;
    }
    this.toolbar.update({
      columns: (m.get('columns') as GridColumn[]) ?? [],
      filters: (m.get('filters') as Record<string, string>) ?? {},
      search: String(m.get('search') ?? ''),
      model: String(m.get('model') ?? ''),
      models: (m.get('models') as string[]) ?? [],
      rowCount,
      totalRows: Number(m.get('totalRows') ?? 0),
      selectionCount: Number(m.get('selectionCount') ?? 0),
    });
    this.applyKernelSelection();
    this.progressBar.update(m.get('progress') as ProgressInfo | null, String(m.get('jobStatus') ?? 'idle'));
    const error = m.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Table', error);
    else this.errorHost.replaceChildren();
    this.el.dataset.rowCount = String(rowCount);
    this.el.dataset.version = String(version);
    this.renderDetail();
  }

  /** Sends a state change to the kernel. */
  private setState(patch: Record<string, unknown>): void {
    this.model.set(patch);
    this.touch();
  }

  private cycleSort(column: number): void {
    const name = this.gridModel.columnList[column]?.name;
    const own = ((this.model.get('columns') as GridColumn[]) ?? []).some((c) => c.name === name);
    if (!name || !own) return; // prediction columns are computed per window: not sortable
    const current = String(this.model.get('sortColumn') ?? '');
    const descending = Boolean(this.model.get('sortDescending'));
    // Ascending, then descending, then back to load order.
    if (current !== name) this.setState({ sortColumn: name, sortDescending: false });
    else if (!descending) this.setState({ sortDescending: true });
    else this.setState({ sortColumn: '', sortDescending: false });
  }

  private applyRenderers(): void {
    const textColor = gridTextColor(this.el);
    const body = new TextRenderer({ textColor, font: '12px sans-serif' });
    const header = new TextRenderer({ textColor, font: 'bold 12px sans-serif' });
    this.grid.cellRenderers = new RendererMap({ body, 'column-header': header, 'row-header': header, 'corner-header': header }, body);
  }

  private attachGrid(): void {
    const attach = () => {
      if (!this.host.isConnected) {
        requestAnimationFrame(attach);
        return;
      }
      LuminoWidget.attach(this.grid, this.host);
      const observer = new ResizeObserver(() => MessageLoop.sendMessage(this.grid, LuminoWidget.ResizeMessage.UnknownSize));
      observer.observe(this.host);
      this.cleanups.push(() => observer.disconnect());
      this.applyKernelSelection();
    };
    attach();
  }

  private visibleRows(): [number, number] {
    const first = Math.floor(this.grid.scrollY / ROW_HEIGHT);
    const last = first + Math.ceil(this.grid.pageHeight / ROW_HEIGHT);
    return [first, last];
  }

  private requestRows(start: number, count: number, page: number): void {
    const requestId = this.nextRequest++;
    this.gridModel.cache.markPending(page, requestId);
    this.send({ method: 'rows', start, count, requestId });
  }

  private onCustom(content: unknown, buffers: DataView[]): void {
    const msg = content as { method?: string; requestId?: number; message?: string; format?: string; filename?: string };
    if (msg.method === 'rows') {
      const reply = content as RowsReply;
      this.gridModel.receive(reply.version, decodeReply(reply, buffers));
      this.el.dataset.loadedPages = String(this.gridModel.cache.size);
      this.renderDetail();
    } else if (msg.method === 'exported' && msg.requestId !== undefined && this.pendingExports.has(msg.requestId)) {
      this.pendingExports.delete(msg.requestId);
      const blob = new Blob([buffers[0]], { type: msg.format === 'csv' ? 'text/csv' : 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = String(msg.filename ?? `table.${msg.format}`);
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } else if (msg.method === 'rows_error' || msg.method === 'export_error') {
      renderErrorBox(this.errorHost, 'Table', String(msg.message ?? 'request failed'));
    }
  }

  private requestExport(format: 'csv' | 'json'): void {
    const requestId = this.nextRequest++;
    this.pendingExports.set(requestId, format);
    this.send({ method: 'export', format, requestId });
  }

  /** The grid's row selections as position ranges and the cursor row, to the kernel. */
  private publishSelection(): void {
    this.userSelectionPending = false;
    const ranges: [number, number][] = [];
    for (const s of this.selection.selections()) ranges.push([Math.min(s.r1, s.r2), Math.max(s.r1, s.r2)]);
    const cursor = this.selection.cursorRow;
    this.send({ method: 'select', ranges, primary: cursor >= 0 ? cursor : (ranges[0]?.[0] ?? -1) });
  }

  /** Shows the kernel's `selected` positions in the grid, without sending them back. */
  private applyKernelSelection(): void {
    if (!this.selection || this.userSelectionPending) return;
    const positions = this.model.get('selected') as Uint32Array;
    const primary = Number(this.model.get('primaryPosition') ?? -1);
    const ranges = toRanges(positions ?? new Uint32Array(0)).slice(0, 2000);
    const current: [number, number][] = [];
    for (const s of this.selection.selections()) current.push([Math.min(s.r1, s.r2), Math.max(s.r1, s.r2)]);
    current.sort((a, b) => a[0] - b[0]);
    const same = current.length === ranges.length && current.every((r, k) => r[0] === ranges[k][0] && r[1] === ranges[k][1]);
    if (same && (primary < 0 || this.selection.cursorRow === primary)) return;
    const columns = Math.max(1, this.gridModel.columnCount('body'));
    this.applyingKernelSelection = true;
    try {
      this.selection.clear();
      // The primary row's range goes last so the grid's cursor sits on it.
      const ordered = [...ranges.filter((r) => !(primary >= r[0] && primary <= r[1])), ...ranges.filter((r) => primary >= r[0] && primary <= r[1])];
      for (const [r1, r2] of ordered) {
        this.selection.select({ r1, c1: 0, r2, c2: columns - 1, cursorRow: primary >= r1 && primary <= r2 ? primary : r1, cursorColumn: 0, clear: 'none' });
      }
    } finally {
      this.applyingKernelSelection = false;
    }
    if (primary >= 0) this.gridModel.fetch(primary);
  }

  /** The primary selected row's values as text below the grid. */
  private renderDetail(): void {
    if (!this.detail) return;
    const primary = Number(this.model.get('primaryPosition') ?? -1);
    if (primary < 0) {
      this.detail.replaceChildren();
      this.detail.dataset.id = '';
      return;
    }
    const id = this.gridModel.idAt(primary);
    if (id === undefined) {
      this.gridModel.fetch(primary);
      return;
    }
    const items: HTMLElement[] = [];
    const add = (name: string, value: string) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      items.push(dt, dd);
    };
    add('id', id);
    this.gridModel.columnList.forEach((c, k) => add(c.name, this.gridModel.cellText(primary, k)));
    this.detail.replaceChildren(...items);
    this.detail.dataset.id = id;
  }

  /** For tests: what the canvas draws, without reading pixels. */
  private exposeTestSeam(): void {
    Object.defineProperty(this.el, 'tslitTable', {
      configurable: true,
      value: {
        cellText: (row: number, column: number) => this.gridModel.cellText(row, column),
        headerText: (column: number) => this.gridModel.data('column-header', 0, column),
        idAt: (row: number) => this.gridModel.idAt(row),
        scrollToRow: (row: number) => this.grid.scrollToRow(row),
        scrollBy: (dy: number) => this.grid.scrollBy(0, dy),
        visibleRows: () => this.visibleRows(),
        loadedPages: () => this.gridModel.cache.size,
        requests: () => this.nextRequest - 1,
        pageRows: PAGE_ROWS,
      },
    });
  }

  override remove(): void {
    this.sendSelection?.cancel();
    for (const c of this.cleanups.splice(0)) c();
    this.gridModel?.dispose();
    if (this.grid && !this.grid.isDisposed) this.grid.dispose();
    super.remove();
  }
}
