/**
 * Slices as Uint32Array index lists (4 bytes per row, cheap at 1,000,000 rows): predicates,
 * facets by category, numeric bins, and crossings of several of these.
 */
import type { FieldValue } from '../../core/spec';
import { isPresent } from './bitmap';
import { BOOLEAN_VOCAB, columnValue, type Column, type NumericColumn } from './columns';
import { DatasetError } from './errors';

export type Indices = Uint32Array;

export function allIndices(n: number): Indices {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Rows of `within` (default: all rows) for which `keep(i)` is true, in order. */
export function filterIndices(n: number, keep: (i: number) => boolean, within?: Indices): Indices {
  const out = new Uint32Array(within ? within.length : n);
  let k = 0;
  if (within) { for (const i of within) if (keep(i)) out[k++] = i; }
  else for (let i = 0; i < n; i++) if (keep(i)) out[k++] = i;
  return out.slice(0, k);
}

/** Rows whose value of `column` passes `test` (missing values are passed as null). */
export function whereValue(column: Column, test: (value: FieldValue) => boolean, within?: Indices): Indices {
  if (column.kind === 'numeric') {
    const { values, validity } = column;
    return filterIndices(column.length, (i) => test(isPresent(validity, i) ? values[i] : null), within);
  }
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    // Test each distinct value once, then filter by code.
    const labels = column.kind === 'categorical' ? column.dictionary : BOOLEAN_VOCAB;
    const pass = labels.map((label) => test(label));
    const passMissing = test(null);
    const codes = column.kind === 'categorical' ? column.codes : column.values;
    return filterIndices(column.length, (i) => (isPresent(column.validity, i) ? pass[codes[i]] : passMissing), within);
  }
  return filterIndices(column.length, (i) => test(columnValue(column, i)), within);
}

/** A row → group number assignment: `group[i]` in [0, labels.length), or -1 for "no group". */
export interface Grouping {
  field: string;
  labels: (string | null)[];
  group: Int32Array;
}

/** Groups of a categorical or boolean column: one per value, then null for missing. */
export function categoryGrouping(column: Column): Grouping {
  if (column.kind !== 'categorical' && column.kind !== 'boolean') {
    const hint = column.kind === 'numeric' ? '; use bin() for numeric fields' : '';
    throw new DatasetError({ field: column.name }, `cannot facet a ${column.kind} field${hint}`);
  }
  const labels: (string | null)[] = column.kind === 'categorical' ? [...column.dictionary] : [...BOOLEAN_VOCAB];
  const missingGroup = labels.length;
  labels.push(null);
  const codes = column.kind === 'categorical' ? column.codes : column.values;
  const group = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) group[i] = isPresent(column.validity, i) ? codes[i] : missingGroup;
  return { field: column.name, labels, group };
}

export type BinOptions = { count: number } | { edges: readonly number[] };

export interface Bin {
  label: string;
  lo: number;
  hi: number;
  indices: Indices;
}

export interface Binning {
  field: string;
  edges: number[];
  /** Bin k holds lo <= x < hi; the last bin also holds x == hi. */
  bins: Bin[];
  missing: Indices;
  /** Present values outside the given edges (never any with `count`). */
  outside: Indices;
}

function formatEdge(x: number): string {
  return String(Number(x.toPrecision(6)));
}

function requireNumeric(column: Column): NumericColumn {
  if (column.kind !== 'numeric') throw new DatasetError({ field: column.name }, `cannot bin a ${column.kind} field; bins need a numeric field`);
  return column;
}

/** Bin edges: the given ones (checked) or `count` equal-width bins over the present values. */
export function binEdges(column: Column, options: BinOptions, within?: Indices): number[] {
  const col = requireNumeric(column);
  if ('edges' in options) {
    const edges = [...options.edges];
    const ok = edges.length >= 2 && edges.every((e, k) => Number.isFinite(e) && (k === 0 || e > edges[k - 1]));
    if (!ok) throw new DatasetError({ field: col.name }, 'bin edges must be at least two finite numbers in increasing order');
    return edges;
  }
  const count = options.count;
  if (!Number.isInteger(count) || count < 1) throw new DatasetError({ field: col.name }, `bin count must be a positive integer, got ${count}`);
  let lo = Infinity;
  let hi = -Infinity;
  const visit = (i: number): void => {
    const x = col.values[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  };
  if (within) for (const i of within) { if (isPresent(col.validity, i)) visit(i); }
  else for (let i = 0; i < col.length; i++) if (isPresent(col.validity, i)) visit(i);
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo, hi + 1];
  return Array.from({ length: count + 1 }, (_, k) => (k === count ? hi : lo + ((hi - lo) * k) / count));
}

/** Index of the bin holding x, or -1 when x is outside the edges. */
export function binOf(edges: readonly number[], x: number): number {
  const last = edges.length - 1;
  if (!(x >= edges[0] && x <= edges[last])) return -1;
  if (x === edges[last]) return last - 1;
  let a = 0;
  let b = last;
  while (b - a > 1) {
    const m = (a + b) >>> 1;
    if (edges[m] <= x) a = m;
    else b = m;
  }
  return a;
}

/** Grouping by bin: labels are the bins, then null (missing); rows outside the edges get -1. */
export function binGrouping(column: Column, edges: readonly number[]): Grouping {
  const col = requireNumeric(column);
  const bins = edges.length - 1;
  const labels: (string | null)[] = [];
  for (let k = 0; k < bins; k++) labels.push(`[${formatEdge(edges[k])}, ${formatEdge(edges[k + 1])}${k === bins - 1 ? ']' : ')'}`);
  labels.push(null);
  const group = new Int32Array(col.length);
  for (let i = 0; i < col.length; i++) group[i] = isPresent(col.validity, i) ? binOf(edges, col.values[i]) : bins;
  return { field: col.name, labels, group };
}

/** Splits rows (all, or `within`) by group, keeping groups in label order and dropping empty ones. */
export function splitByGroup(grouping: Grouping, within?: Indices): Map<number, Indices> {
  const counts = new Uint32Array(grouping.labels.length);
  const rows = within ?? allIndices(grouping.group.length);
  for (const i of rows) { const g = grouping.group[i]; if (g >= 0) counts[g]++; }
  const lists = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Uint32Array(grouping.labels.length);
  for (const i of rows) { const g = grouping.group[i]; if (g >= 0) lists[g][fill[g]++] = i; }
  const out = new Map<number, Indices>();
  lists.forEach((list, g) => { if (list.length > 0) out.set(g, list); });
  return out;
}

export function binning(column: Column, options: BinOptions, within?: Indices): Binning {
  const edges = binEdges(column, options, within);
  const grouping = binGrouping(column, edges);
  const rows = within ?? allIndices(column.length);
  const bins: Bin[] = edges.slice(0, -1).map((lo, k) => ({ label: grouping.labels[k] as string, lo, hi: edges[k + 1], indices: new Uint32Array(0) }));
  const split = splitByGroup(grouping, rows);
  split.forEach((indices, g) => { if (g < bins.length) bins[g].indices = indices; });
  return {
    field: column.name,
    edges,
    bins,
    missing: split.get(bins.length) ?? new Uint32Array(0),
    outside: rows.filter((i) => grouping.group[i] === -1),
  };
}

/** One cell of a crossing of several groupings. */
export interface Group {
  /** e.g. `Island=Biscoe, Sex=(missing)` */
  label: string;
  /** Field → value label (category, bin label) or null for missing. */
  key: Record<string, string | null>;
  indices: Indices;
}

/** Crosses groupings: one group per non-empty combination, in lexicographic group order. */
export function crossGroupings(groupings: readonly Grouping[], n: number, within?: Indices): Group[] {
  if (groupings.length === 0) throw new DatasetError({}, 'facets need at least one field');
  const radices = groupings.map((g) => g.labels.length);
  const total = radices.reduce((a, b) => a * b, 1);
  if (total > 2 ** 31) throw new DatasetError({}, `too many combinations (${total}) to facet by ${groupings.map((g) => g.field).join(', ')}`);
  const combined = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let key = 0;
    for (let k = 0; k < groupings.length; k++) {
      const g = groupings[k].group[i];
      if (g < 0) { key = -1; break; }
      key = key * radices[k] + g;
    }
    combined[i] = key;
  }
  // Only non-empty combinations exist, so count them sparsely.
  const byKey = new Map<number, number[]>();
  const rows = within ?? allIndices(n);
  for (const i of rows) {
    const key = combined[i];
    if (key < 0) continue;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(i);
  }
  return [...byKey.keys()].sort((a, b) => a - b).map((key) => {
    const parts: Record<string, string | null> = {};
    let rest = key;
    for (let k = groupings.length - 1; k >= 0; k--) {
      parts[groupings[k].field] = groupings[k].labels[rest % radices[k]];
      rest = Math.floor(rest / radices[k]);
    }
    const label = groupings.map((g) => `${g.field}=${parts[g.field] ?? '(missing)'}`).join(', ');
    return { label, key: parts, indices: Uint32Array.from(byKey.get(key)!) };
  });
}
