/**
 * The browser's cache of table rows: fixed-size pages of the kernel's columnar windows, kept
 * for the current `version` of the shown rows, least recently used dropped first.
 *
 * Notes: pure (no DOM), so paging decisions are plain code. A reply for an older version is
 * dropped: the rows it holds may no longer be at those positions.
 */

export const PAGE_ROWS = 128;
const MAX_PAGES = 48;

export type PageColumn = { name: string; kind: 'numeric'; values: Float64Array } | { name: string; kind: string; values: (string | null)[] };

export interface Page {
  start: number;
  ids: string[];
  columns: PageColumn[];
}

/** The raw reply a table widget sends for `{method:'rows'}`. */
export interface RowsReply {
  method: 'rows';
  requestId: number;
  version: number;
  start: number;
  ids: string[];
  columns: { name: string; kind: string; buffer?: number; values?: (string | null)[] }[];
}

/** Turns buffers (DataView from ipywidgets) into a Float64Array, copying when unaligned. */
export function toFloat64(view: DataView | ArrayBufferView | ArrayBuffer): Float64Array {
  if (view instanceof ArrayBuffer) return new Float64Array(view.slice(0));
  if (view.byteLength % 8 !== 0) throw new Error(`a numeric column buffer of ${view.byteLength} bytes is not float64`);
  if (view.byteOffset % 8 !== 0) return new Float64Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  return new Float64Array(view.buffer, view.byteOffset, view.byteLength / 8);
}

/** A reply's columns with their buffers resolved, or a clear error. */
export function decodeReply(reply: RowsReply, buffers: readonly (DataView | ArrayBufferView | ArrayBuffer)[]): Page {
  const columns = reply.columns.map((c): PageColumn => {
    if (c.kind === 'numeric') {
      const b = c.buffer === undefined ? undefined : buffers[c.buffer];
      if (!b) throw new Error(`rows reply: numeric column '${c.name}' has no buffer ${String(c.buffer)}`);
      return { name: c.name, kind: 'numeric', values: toFloat64(b) };
    }
    return { name: c.name, kind: c.kind, values: c.values ?? [] };
  });
  return { start: reply.start, ids: reply.ids, columns };
}

export class PageCache {
  private pages = new Map<number, Page>();
  private pending = new Map<number, number>();
  version = -1;

  /** Drops everything (new rows shown). */
  reset(version: number): void {
    this.version = version;
    this.pages.clear();
    this.pending.clear();
  }

  get size(): number { return this.pages.size; }
  get pendingCount(): number { return this.pending.size; }

  pageOf(row: number): number { return Math.floor(row / PAGE_ROWS); }

  /** The page holding `row`, marked as recently used; undefined when not loaded. */
  get(row: number): Page | undefined {
    const index = this.pageOf(row);
    const page = this.pages.get(index);
    if (page) {
      this.pages.delete(index);
      this.pages.set(index, page);
    }
    return page;
  }

  isPending(page: number): boolean { return this.pending.has(page); }

  /** Whether page `index` is loaded (without marking it used). */
  has(index: number): boolean { return this.pages.has(index); }

  markPending(page: number, requestId: number): void { this.pending.set(page, requestId); }

  /** Forgets pending requests of pages outside [first, last] (their answers are still taken). */
  forgetPendingOutside(first: number, last: number): void {
    for (const page of [...this.pending.keys()]) if (page < first || page > last) this.pending.delete(page);
  }

  /** Stores a page of `version`; returns false (and stores nothing) for another version. */
  put(version: number, page: Page): boolean {
    const index = this.pageOf(page.start);
    this.pending.delete(index);
    if (version !== this.version) return false;
    this.pages.set(index, page);
    while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value as number);
    return true;
  }
}

/** Text shown for a number: integers as they are, others to 6 significant digits. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (Number.isInteger(x)) return String(x);
  const s = x.toPrecision(6);
  return s.includes('e') ? s : s.replace(/\.?0+$/, '');
}

/** Consecutive runs of sorted positions as [first, last] ranges. */
export function toRanges(positions: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k];
    const last = out[out.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else out.push([p, p]);
  }
  return out;
}
