/**
 * The virtualized grid of the data table: a `@lumino/datagrid` DataModel over the page cache
 * that asks for missing pages only while they are on screen, and a mouse handler that sorts
 * on a header click.
 *
 * Notes: the grid draws on a canvas with `fillText`, so data strings are never parsed as
 * HTML. Pages the grid paints but does not have are collected and requested on the next
 * animation frame, and only if they are still visible then: a fast scroll over a million rows
 * asks for the pages it stops on, not for every page it passed.
 */
import { BasicMouseHandler, DataModel, type DataGrid } from '@lumino/datagrid';
import { PAGE_ROWS, PageCache, formatNumber, type Page } from './table-pages';

/** Pages requested ahead of the scroll direction (2 × 128 rows ≈ 12 screens of a 500 px grid). */
const PREFETCH_PAGES = 2;
/** Requests in flight beyond the pages on screen. */
const MAX_PENDING = 6;

export interface GridColumn {
  name: string;
  kind: string;
}

export interface TableGridHost {
  /** Asks the kernel for rows [start, start+count); the answer goes to `receive`. */
  request(start: number, count: number, page: number): void;
  /** The rows currently on screen (first and last position). */
  visibleRows(): [number, number];
}

export class TableGridModel extends DataModel {
  readonly cache = new PageCache();
  private columns: GridColumn[] = [];
  private rows = 0;
  private wanted = new Set<number>();
  private frame = 0;
  sortColumn: string | null = null;
  sortDescending = false;

  constructor(private readonly host: TableGridHost) {
    super();
  }

  /** New rows or columns: everything cached is dropped. */
  reset(version: number, rows: number, columns: GridColumn[]): void {
    this.cache.reset(version);
    this.rows = rows;
    this.columns = columns;
    this.emitChanged({ type: 'model-reset' });
  }

  get columnList(): readonly GridColumn[] { return this.columns; }

  rowCount(region: DataModel.RowRegion): number {
    return region === 'body' ? this.rows : 1;
  }

  columnCount(region: DataModel.ColumnRegion): number {
    return region === 'body' ? this.columns.length : 1;
  }

  data(region: DataModel.CellRegion, row: number, column: number): string {
    switch (region) {
      case 'corner-header': return 'id';
      case 'column-header': {
        const c = this.columns[column];
        if (!c) return '';
        return c.name === this.sortColumn ? `${c.name} ${this.sortDescending ? '▼' : '▲'}` : c.name;
      }
      case 'row-header': return this.page(row)?.ids[row % PAGE_ROWS] ?? '';
      case 'body': return this.cellText(row, column);
    }
  }

  /** What the grid draws in body cell (row, column): '' while the page is loading or for missing values. */
  cellText(row: number, column: number): string {
    const page = this.page(row);
    if (!page) return '';
    const c = page.columns[column];
    if (!c) return '';
    const k = row - page.start;
    if (c.kind === 'numeric') return formatNumber((c.values as Float64Array)[k]);
    return (c.values as (string | null)[])[k] ?? '';
  }

  /** The id at a row, when its page is loaded. */
  idAt(row: number): string | undefined {
    return this.page(row)?.ids[row % PAGE_ROWS];
  }

  /** Stores a page answered by the kernel and repaints its rows. */
  receive(version: number, page: Page): void {
    if (!this.cache.put(version, page)) return;
    const rowSpan = page.ids.length;
    if (rowSpan === 0) return;
    this.emitChanged({ type: 'cells-changed', region: 'body', row: page.start, column: 0, rowSpan, columnSpan: Math.max(1, this.columns.length) });
    this.emitChanged({ type: 'cells-changed', region: 'row-header', row: page.start, column: 0, rowSpan, columnSpan: 1 });
  }

  /** Loaded page of `row`, or undefined after scheduling a request for it. */
  private page(row: number): Page | undefined {
    if (row < 0 || row >= this.rows) return undefined;
    const page = this.cache.get(row);
    if (page) {
      this.schedule();
      return page;
    }
    this.want(this.cache.pageOf(row));
    return undefined;
  }

  /** Ensures the page holding `row` is (being) loaded. */
  ensure(row: number): void {
    this.page(row);
  }

  private want(page: number): void {
    if (this.cache.isPending(page)) return;
    this.wanted.add(page);
    this.schedule();
  }

  /** One look per frame at what to load: the grid painting is the sign that it scrolled. */
  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.flush());
  }

  /**
   * Requests the pages on screen (and one either side) that the grid asked for, plus
   * `PREFETCH_PAGES` ahead in the direction of the scroll, so rows are usually there
   * before they show. While the view jumps more than a screen per frame (fast wheel, a
   * dragged scroll bar), it asks only for what is on screen and at most `MAX_PENDING` pages
   * travel at once: the rows passed over are never requested.
   */
  private flush(): void {
    this.frame = 0;
    const [first, last] = this.host.visibleRows();
    const moved = first - this.lastFirst;
    this.lastFirst = first;
    const fast = Math.abs(moved) > Math.max(1, last - first);
    const firstPage = this.cache.pageOf(Math.max(0, first)) - 1;
    const lastPage = this.cache.pageOf(Math.max(0, last)) + 1;
    const lastOfAll = this.cache.pageOf(Math.max(0, this.rows - 1));
    const ahead = fast || moved === 0 ? 0 : PREFETCH_PAGES;
    const lo = moved < 0 ? firstPage - ahead : firstPage;
    const hi = moved > 0 ? lastPage + ahead : lastPage;
    this.cache.forgetPendingOutside(lo, hi);
    const pages: number[] = [];
    for (const page of this.wanted) if ((page >= firstPage && page <= lastPage) || this.keep.has(page)) pages.push(page);
    if (ahead > 0) {
      const step = moved > 0 ? 1 : -1;
      for (let page = moved > 0 ? lastPage + 1 : firstPage - 1, k = 0; k < ahead; k++, page += step) {
        if (page >= 0 && page <= lastOfAll && !this.cache.has(page)) pages.push(page);
      }
    }
    this.wanted.clear();
    this.keep.clear();
    for (const page of pages) {
      if (this.cache.isPending(page) || this.cache.has(page)) continue;
      if (this.cache.pendingCount >= MAX_PENDING && !(page >= firstPage && page <= lastPage)) continue;
      const start = page * PAGE_ROWS;
      this.host.request(start, Math.min(PAGE_ROWS, this.rows - start), page);
    }
  }

  private lastFirst = 0;

  /** Pages asked for outside the screen (e.g. the selected row's, for the detail strip). */
  private keep = new Set<number>();

  /** Requests the page of `row` even when it is not on screen. */
  fetch(row: number): void {
    if (row < 0 || row >= this.rows) return;
    const page = this.cache.pageOf(row);
    this.keep.add(page);
    this.ensure(row);
  }

  dispose(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
  }
}

/** A header click cycles the column's sort: ascending, descending, none. Resize edges keep resizing. */
export class SortingMouseHandler extends BasicMouseHandler {
  constructor(private readonly onSort: (column: number) => void) {
    super();
  }

  override onMouseDown(grid: DataGrid, event: MouseEvent): void {
    const hit = grid.hitTest(event.clientX, event.clientY);
    const nearEdge = hit.x < 6 || hit.width - hit.x < 6;
    if (hit.region === 'column-header' && !nearEdge && event.button === 0) {
      this.onSort(hit.column);
      return;
    }
    super.onMouseDown(grid, event);
  }
}
