/**
 * The data table's queries, as pure functions over a dataset's typed columns: the row order
 * after filters, search and sort, and the columnar window of rows a view asks for.
 *
 * Notes: rows are the dataset's loaded rows followed by its generated rows (ids `gen-<k>`),
 * so an example added from the editor shows up in the table. Positions are places in the
 * shown order; `order[p]` is the row at position p (null order = every row in load order).
 * Nothing here builds an object per row: filters and sorts read the typed arrays directly.
 */
import type { Column } from '../../model/dataset';
import { BOOLEAN_VOCAB, isPresent } from '../../model/dataset';
import type { Dataset } from '../../model/dataset';
import { CHUNK, runSync, sortSteps, type Steps } from './table-sort';

export type TableColumnKind = Column['kind'];

export interface TableColumn {
  name: string;
  kind: TableColumnKind;
}

export interface SortSpec {
  column: string;
  descending: boolean;
}

export interface TableQuery {
  /** Column name → filter expression (see `parseFilter`). Empty expressions are ignored. */
  filters: Record<string, string>;
  /** Case-insensitive substring over text, categorical and boolean columns. */
  search: string;
  sort: SortSpec | null;
}

/** One column of a window: numbers as a Float64Array (NaN = missing), others as text or null. */
export type WindowColumn = { name: string; kind: 'numeric'; values: Float64Array } | { name: string; kind: Exclude<TableColumnKind, 'numeric'>; values: (string | null)[] };

export interface RowWindow {
  start: number;
  /** Row ids, one per row of the window. */
  ids: string[];
  columns: WindowColumn[];
}

/** The loaded part and the generated part of one column. */
interface ColumnParts {
  loaded: Column;
  generated: Column;
}

export function totalRows(dataset: Dataset): number {
  return dataset.size + dataset.generated.size;
}

export function tableColumns(dataset: Dataset): TableColumn[] {
  return dataset.fields().map((name) => ({ name, kind: dataset.column(name).kind }));
}

function parts(dataset: Dataset, name: string): ColumnParts {
  return { loaded: dataset.column(name), generated: dataset.generated.column(name) };
}

/** Row `i` (of loaded + generated) → its column part and the index inside it. */
function locate(p: ColumnParts, i: number): [Column, number] {
  return i < p.loaded.length ? [p.loaded, i] : [p.generated, i - p.loaded.length];
}

/** A column's value at row i as text, or null when missing (numbers in shortest form). */
function textAt(column: Column, i: number): string | null {
  if (!isPresent(column.validity, i)) return null;
  switch (column.kind) {
    case 'numeric': return String(column.values[i]);
    case 'categorical': return column.dictionary[column.codes[i]];
    case 'text': return column.values[i];
    case 'boolean': return BOOLEAN_VOCAB[column.values[i]];
    case 'vector': return `[${column.dim} values]`;
  }
}

function numberAt(column: Column, i: number): number {
  return column.kind === 'numeric' ? column.values[i] : NaN;
}

export function rowId(dataset: Dataset, i: number): string {
  return i < dataset.size ? dataset.id(i) : dataset.generated.id(i - dataset.size);
}

// ---- filters ----

export type RowTest = (column: Column, i: number) => boolean;

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const COMPARE = new RegExp(`^(>=|<=|!=|==|=|>|<)?\\s*(${NUMBER})$`, 'i');
const RANGE = new RegExp(`^(${NUMBER})\\s*\\.\\.\\s*(${NUMBER})$`, 'i');

/**
 * A row test from a filter expression, or a clear error naming the column.
 *
 * Numeric columns: `> 3`, `>= 3`, `< 3`, `<= 3`, `= 3` (or just `3`), `!= 3`, `2..5` (both
 * ends included), `missing`. Other columns: `=value` (exact), `!=value` (not equal),
 * `missing`, otherwise a case-insensitive substring.
 */
export function parseFilter(column: TableColumn, expression: string): RowTest {
  const expr = expression.trim();
  if (expr.toLowerCase() === 'missing') return (c, i) => !isPresent(c.validity, i);
  if (column.kind === 'numeric') {
    const range = RANGE.exec(expr);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (lo > hi) throw new Error(`filter on '${column.name}': range ${expr} is empty (${lo} > ${hi})`);
      return (c, i) => { const v = numberAt(c, i); return v >= lo && v <= hi; };
    }
    const m = COMPARE.exec(expr);
    if (!m) throw new Error(`filter on '${column.name}': cannot read ${JSON.stringify(expr)}; write > 3, >= 3, < 3, <= 3, = 3, != 3, 2..5 or missing`);
    const x = Number(m[2]);
    switch (m[1] ?? '=') {
      case '>': return (c, i) => numberAt(c, i) > x;
      case '>=': return (c, i) => numberAt(c, i) >= x;
      case '<': return (c, i) => numberAt(c, i) < x;
      case '<=': return (c, i) => numberAt(c, i) <= x;
      case '!=': return (c, i) => { const v = numberAt(c, i); return !Number.isNaN(v) && v !== x; };
      default: return (c, i) => numberAt(c, i) === x;
    }
  }
  if (column.kind === 'vector') throw new Error(`filter on '${column.name}': vector columns cannot be filtered`);
  if (expr.startsWith('!=')) {
    const want = expr.slice(2).trim();
    return (c, i) => { const v = textAt(c, i); return v !== null && v !== want; };
  }
  if (expr.startsWith('=')) {
    const want = expr.slice(1).replace(/^=/, '').trim();
    return (c, i) => textAt(c, i) === want;
  }
  const needle = expr.toLowerCase();
  return containsTest(needle);
}

/** Substring test; for categorical columns each dictionary entry is checked once. */
function containsTest(needle: string): RowTest {
  const memo = new WeakMap<readonly string[], Uint8Array>();
  return (c, i) => {
    if (!isPresent(c.validity, i)) return false;
    if (c.kind === 'categorical') {
      let hits = memo.get(c.dictionary);
      if (!hits) {
        hits = Uint8Array.from(c.dictionary, (d) => (d.toLowerCase().includes(needle) ? 1 : 0));
        memo.set(c.dictionary, hits);
      }
      return hits[c.codes[i]] === 1;
    }
    const v = textAt(c, i);
    return v !== null && v.toLowerCase().includes(needle);
  };
}

// ---- order ----

/** The shown order for `query`, or null when it is every row in load order (at once). */
export function computeOrder(dataset: Dataset, query: TableQuery): Uint32Array | null {
  return runSync(orderSteps(dataset, query));
}

/**
 * The shown order as resumable steps (see table-sort.ts): filters and search row by row,
 * then the sort. A bad expression or column throws before the first step.
 */
export function orderSteps(dataset: Dataset, query: TableQuery): Steps<Uint32Array | null> {
  const columns = tableColumns(dataset);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const tests: { p: ColumnParts; test: RowTest }[] = [];
  for (const [name, expression] of Object.entries(query.filters)) {
    if (typeof expression !== 'string' || expression.trim() === '') continue;
    const column = byName.get(name);
    if (!column) throw new Error(`filter: the table has no column ${JSON.stringify(name)} (columns: ${columns.map((c) => JSON.stringify(c.name)).join(', ')})`);
    tests.push({ p: parts(dataset, name), test: parseFilter(column, expression) });
  }
  if (query.sort) {
    const column = byName.get(query.sort.column);
    if (!column) throw new Error(`sort: the table has no column ${JSON.stringify(query.sort.column)}`);
    if (column.kind === 'vector') throw new Error(`sort: vector column '${column.name}' cannot be sorted`);
  }
  return stepsOf(dataset, query, tests);
}

function* stepsOf(dataset: Dataset, query: TableQuery, tests: { p: ColumnParts; test: RowTest }[]): Steps<Uint32Array | null> {
  const search = query.search.trim().toLowerCase();
  const searchParts = search === '' ? [] : tableColumns(dataset).filter((c) => c.kind === 'text' || c.kind === 'categorical' || c.kind === 'boolean').map((c) => parts(dataset, c.name));
  const searchTest = containsTest(search);
  const n = totalRows(dataset);

  let order: Uint32Array | null = null;
  if (tests.length > 0 || search !== '') {
    const kept = new Uint32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield { label: 'Filtering', done: i, total: n };
      let ok = true;
      for (const { p, test } of tests) {
        const [c, j] = locate(p, i);
        if (!test(c, j)) { ok = false; break; }
      }
      if (ok && searchParts.length > 0) {
        ok = searchParts.some((p) => { const [c, j] = locate(p, i); return searchTest(c, j); });
      }
      if (ok) kept[k++] = i;
    }
    order = kept.slice(0, k);
  }
  if (query.sort) {
    if (!order) {
      order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
    }
    yield* sortSteps(order, parts(dataset, query.sort.column), query.sort.descending);
  }
  return order;
}

/** Number of rows shown under `order`. */
export function shownRows(dataset: Dataset, order: Uint32Array | null): number {
  return order ? order.length : totalRows(dataset);
}

/** The rows at positions [start, start+count) as columns; positions past the end are cut off. */
export function rowWindow(dataset: Dataset, order: Uint32Array | null, start: number, count: number): RowWindow {
  const shown = shownRows(dataset, order);
  if (!Number.isInteger(start) || start < 0) throw new Error(`rows: start must be a whole number >= 0, got ${start}`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`rows: count must be a whole number >= 0, got ${count}`);
  const end = Math.max(start, Math.min(shown, start + count));
  // Row indices of the window: a slice of the order, or consecutive rows.
  const rows = order ? order.subarray(start, end) : null;
  const rowAt = (k: number) => (rows ? rows[k] : start + k);
  const length = end - start;
  const ids: string[] = new Array(length);
  for (let k = 0; k < length; k++) ids[k] = rowId(dataset, rowAt(k));
  const columns = tableColumns(dataset).map((col): WindowColumn => {
    const p = parts(dataset, col.name);
    const split = p.loaded.length;
    if (col.kind === 'numeric') {
      const values = new Float64Array(length);
      for (let k = 0; k < length; k++) {
        const i = rowAt(k);
        const c = i < split ? p.loaded : p.generated;
        const j = i < split ? i : i - split;
        values[k] = isPresent(c.validity, j) ? numberAt(c, j) : NaN;
      }
      return { name: col.name, kind: 'numeric', values };
    }
    const values: (string | null)[] = new Array(length);
    for (let k = 0; k < length; k++) {
      const i = rowAt(k);
      values[k] = i < split ? textAt(p.loaded, i) : textAt(p.generated, i - split);
    }
    return { name: col.name, kind: col.kind, values };
  });
  return { start, ids, columns };
}

/** Row indices (into loaded + generated) at the given positions. */
export function rowsAt(dataset: Dataset, order: Uint32Array | null, positions: ArrayLike<number>): number[] {
  const shown = shownRows(dataset, order);
  const out: number[] = [];
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k];
    if (!Number.isInteger(p) || p < 0 || p >= shown) throw new Error(`position ${p} is not a shown row (0..${shown - 1})`);
    out.push(order ? order[p] : p);
  }
  return out;
}

/** Positions (sorted) where the given ids are shown; ids not shown are left out. */
export function positionsOf(dataset: Dataset, order: Uint32Array | null, ids: readonly string[]): Uint32Array {
  const rows = new Set<number>();
  for (const id of ids) {
    let i = dataset.indexOf(id);
    if (i < 0) { const g = dataset.generated.indexOf(id); if (g >= 0) i = dataset.size + g; }
    if (i >= 0) rows.add(i);
  }
  if (rows.size === 0) return new Uint32Array(0);
  if (!order) return Uint32Array.from([...rows].sort((a, b) => a - b));
  const out: number[] = [];
  for (let p = 0; p < order.length; p++) if (rows.has(order[p])) out.push(p);
  return Uint32Array.from(out);
}

/** The row at index i (loaded or generated) as an example. */
export function rowExample(dataset: Dataset, i: number): ReturnType<Dataset['row']> {
  return i < dataset.size ? dataset.row(i) : dataset.generated.row(i - dataset.size);
}
