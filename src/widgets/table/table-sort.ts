/**
 * The data table's sort: a stable argsort of row positions by one column, in linear time for
 * numbers and categories, written as resumable steps so a million rows never block the kernel.
 *
 * Notes:
 * - Every column becomes a 64-bit unsigned key per row (two Uint32Arrays): numbers by their
 *   IEEE-754 bits made order-preserving (negative numbers flipped, -0 read as 0),
 *   categories and booleans by a rank, text by its rank in the sorted list of its distinct
 *   strings (a pre-ranked dictionary: the only comparison sort is over distinct values).
 * - Keys are sorted by LSD radix on 16-bit digits (at most four passes, a pass skipped when
 *   every key shares the digit). LSD radix is stable, so ties keep the incoming (row) order;
 *   descending inverts the digits, so ties still keep row order; missing values (null, NaN)
 *   go last in both directions, in row order. This is exactly the order of the comparator
 *   the table used before (see `referenceSort` in the tests).
 * - Text where most values are distinct (sampled) skips the dictionary: its rows are sorted
 *   directly (table-sort-text.ts), since ranking a million distinct strings costs more than
 *   sorting the rows by them.
 * - Work is a generator that yields progress every `CHUNK` rows (table-steps.ts): run at
 *   once, or in slices that let the kernel read Cancel and other messages.
 */
import type { Column } from '../../model/dataset';
import { isPresent } from '../../model/dataset';
import { CHUNK, type StepProgress, type Steps } from './table-steps';
import { sortTextSteps } from './table-sort-text';

export { CHUNK, runSliced, runSync, type StepProgress, type Steps } from './table-steps';

/** One column's loaded part and generated part (rows are loaded rows, then generated ones). */
export interface SortParts {
  loaded: Column;
  generated: Column;
}

/** 64-bit keys per row: `hi`/`lo` words; `present[i]` is 0 for a missing value. */
interface Keys {
  hi: Uint32Array;
  lo: Uint32Array;
  present: Uint8Array;
}

/** Sorts `order` (row indices, in place) by the column; stable; missing last. */
export function* sortSteps(order: Uint32Array, p: SortParts, descending: boolean): Steps<Uint32Array> {
  if (p.loaded.kind === 'text' && mostlyDistinct(p)) return yield* sortTextSteps(order, p, descending);
  const keys = yield* keySteps(p);
  return yield* radixSteps(order, keys, descending);
}

/** Whether most of a text column's first CHUNK present values differ (then a dictionary would not pay). */
function mostlyDistinct(p: SortParts): boolean {
  const seen = new Set<string>();
  let present = 0;
  for (const c of [p.loaded, p.generated]) {
    if (c.kind !== 'text') continue;
    for (let j = 0; j < c.length && present < CHUNK; j++) {
      if (!isPresent(c.validity, j)) continue;
      present++;
      seen.add(c.values[j]);
    }
  }
  return seen.size > present / 2;
}

/**
 * Calls `visit(column, j0, j1, i0)` for the rows of each part, CHUNK rows at a time (row
 * i0 + (j - j0) is the part's row j); the loops live in plain functions, which V8 optimizes
 * better than loops inside a generator.
 */
function* eachChunk(p: SortParts, label: string, visit: (c: Column, j0: number, j1: number, i0: number) => void): Generator<StepProgress, void, void> {
  const total = p.loaded.length + p.generated.length;
  let i0 = 0;
  for (const c of [p.loaded, p.generated]) {
    for (let j0 = 0; j0 < c.length; j0 += CHUNK) {
      const j1 = Math.min(c.length, j0 + CHUNK);
      visit(c, j0, j1, i0 + j0);
      yield { label, done: i0 + j1, total };
    }
    i0 += c.length;
  }
}

function* keySteps(p: SortParts): Generator<StepProgress, Keys, void> {
  const n = p.loaded.length + p.generated.length;
  const keys: Keys = { hi: new Uint32Array(n), lo: new Uint32Array(n), present: new Uint8Array(n) };
  const { hi: H, lo: L, present: P } = keys;
  const kind = p.loaded.kind;
  if (kind === 'numeric') {
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    const [LO, HI] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];
    yield* eachChunk(p, 'Sorting', (c, j0, j1, i0) => {
      if (c.kind !== 'numeric') return;
      for (let j = j0, i = i0; j < j1; j++, i++) {
        const v = c.values[j];
        if (Number.isNaN(v) || !isPresent(c.validity, j)) continue;
        f[0] = v + 0; // -0 + 0 is +0: ties with 0, as the comparator had it
        const hi = u[HI], lo = u[LO];
        const negative = (hi & 0x80000000) !== 0;
        H[i] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
        L[i] = negative ? ~lo >>> 0 : lo;
        P[i] = 1;
      }
    });
    return keys;
  }
  if (kind === 'boolean') {
    yield* eachChunk(p, 'Sorting', (c, j0, j1, i0) => {
      if (c.kind !== 'boolean') return;
      for (let j = j0, i = i0; j < j1; j++, i++) if (isPresent(c.validity, j)) { L[i] = c.values[j]; P[i] = 1; }
    });
    return keys;
  }
  if (kind === 'categorical') {
    const dictionary = p.generated.kind === 'categorical' && p.loaded.kind === 'categorical' && p.generated.dictionary.length > p.loaded.dictionary.length
      ? p.generated.dictionary : (p.loaded as Extract<Column, { kind: 'categorical' }>).dictionary;
    const rank = yield* rankSteps(dictionary);
    yield* eachChunk(p, 'Sorting', (c, j0, j1, i0) => {
      if (c.kind !== 'categorical') return;
      for (let j = j0, i = i0; j < j1; j++, i++) if (isPresent(c.validity, j)) { L[i] = rank[c.codes[j]]; P[i] = 1; }
    });
    return keys;
  }
  if (kind === 'text') {
    // Distinct strings get ids in first-seen order; their ranks come from one sort of the distinct values.
    const ids = new Map<string, number>();
    const distinct: string[] = [];
    yield* eachChunk(p, 'Reading text', (c, j0, j1, i0) => {
      if (c.kind !== 'text') return;
      for (let j = j0, i = i0; j < j1; j++, i++) {
        if (!isPresent(c.validity, j)) continue;
        const s = c.values[j];
        let id = ids.get(s);
        if (id === undefined) { id = distinct.length; ids.set(s, id); distinct.push(s); }
        L[i] = id;
        P[i] = 1;
      }
    });
    const rank = yield* rankDistinctSteps(distinct, ids);
    for (let i = 0; i < n; i++) {
      if (P[i] === 1) L[i] = rank[L[i]];
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield { label: 'Sorting', done: i + 1, total: n };
    }
    return keys;
  }
  throw new Error(`sort: ${kind} columns cannot be sorted`);
}

/** rank[k] = place of values[k] among `values` in code-unit order (equal values ranked by index). */
function* rankSteps(values: readonly string[]): Generator<StepProgress, Uint32Array, void> {
  const idx = new Uint32Array(values.length);
  for (let k = 0; k < idx.length; k++) idx[k] = k;
  const sorted = yield* mergeSortSteps(idx, (a, b) => values[a] < values[b]);
  const rank = new Uint32Array(values.length);
  for (let r = 0; r < sorted.length; r++) rank[sorted[r]] = r;
  return rank;
}

/**
 * Ranks of distinct strings (`ids` maps each to its index): runs of 32,768 sorted by the
 * engine's own string sort (code-unit order, no callback), then merged pairwise in steps.
 */
function* rankDistinctSteps(values: readonly string[], ids: ReadonlyMap<string, number>): Generator<StepProgress, Uint32Array, void> {
  const n = values.length;
  const RUN = 1 << 15;
  const label = 'Ranking values';
  let runs: string[][] = [];
  for (let lo = 0; lo < n; lo += RUN) {
    runs.push(values.slice(lo, lo + RUN).sort());
    yield { label, done: Math.min(n, lo + RUN), total: 2 * n };
  }
  let moves = 0;
  while (runs.length > 1) {
    const next: string[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r], b = runs[r + 1];
      if (!b) { next.push(a); continue; }
      const out: string[] = new Array(a.length + b.length);
      let i = 0, j = 0, k = 0;
      while (i < a.length && j < b.length) {
        out[k++] = b[j] < a[i] ? b[j++] : a[i++];
        if (++moves === CHUNK) { moves = 0; yield { label, done: n + Math.round(n / 2), total: 2 * n }; }
      }
      while (i < a.length) out[k++] = a[i++];
      while (j < b.length) out[k++] = b[j++];
      next.push(out);
    }
    runs = next;
  }
  const sorted = runs[0] ?? [];
  const rank = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    rank[ids.get(sorted[r])!] = r;
    if ((r & (CHUNK - 1)) === CHUNK - 1) yield { label, done: n + r, total: 2 * n };
  }
  return rank;
}

/** Stable bottom-up merge sort of `a` by `less`, yielding every CHUNK steps; returns the sorted array (maybe a new one). */
export function* mergeSortSteps(a: Uint32Array, less: (x: number, y: number) => boolean): Generator<StepProgress, Uint32Array, void> {
  const n = a.length;
  const RUN = 16;
  const passes = Math.max(1, Math.ceil(Math.log2(Math.max(2, n / RUN))));
  const label = 'Ranking values';
  // Insertion sort of short runs.
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let k = lo + 1; k < hi; k++) {
      const v = a[k];
      let m = k - 1;
      while (m >= lo && less(v, a[m])) { a[m + 1] = a[m]; m--; }
      a[m + 1] = v;
    }
    if ((lo & (CHUNK - 1)) === 0) yield { label, done: 0, total: passes * n };
  }
  let src = a;
  let dst = new Uint32Array(n);
  let moves = 0;
  let pass = 0;
  for (let width = RUN; width < n; width *= 2, pass++) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        dst[k++] = less(src[j], src[i]) ? src[j++] : src[i++];
        if (++moves === CHUNK) { moves = 0; yield { label, done: pass * n + k, total: passes * n }; }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Digits of the radix sort: 11 bits (a 2048-entry histogram stays in the CPU's L1 cache). */
const DIGITS: [word: 'lo' | 'hi', shift: number, bits: number][] = [['lo', 0, 11], ['lo', 11, 11], ['lo', 22, 10], ['hi', 0, 11], ['hi', 11, 11], ['hi', 22, 10]];

/**
 * Stable LSD radix argsort of `order` by `keys`; missing rows last (in their incoming order).
 * The keys travel with the rows (read in sequence after the first gather); all six
 * histograms come from one read; a digit every key shares is skipped.
 */
function* radixSteps(order: Uint32Array, keys: Keys, descending: boolean): Generator<StepProgress, Uint32Array, void> {
  const n = order.length;
  const label = 'Sorting';
  const flip = descending ? 0xffffffff : 0;
  const s: RadixState = {
    rows: new Uint32Array(n), key: new Uint32Array(n), missing: new Uint32Array(n), m: 0, missed: 0,
    counts: DIGITS.map(([, , bits]) => new Uint32Array(1 << bits)),
  };
  for (let k0 = 0; k0 < n; k0 += CHUNK) {
    gatherChunk(s, order, keys, flip, k0, Math.min(n, k0 + CHUNK));
    yield { label, done: k0 >> 2, total: n };
  }
  const m = s.m;
  // Only the word being sorted on travels with the rows: the low word first, then the high
  // word, gathered once in the order the low passes left.
  let { rows, key } = s;
  let rows2 = new Uint32Array(m), key2 = new Uint32Array(m);
  for (let d = 0; d < DIGITS.length; d++) {
    const [word, shift, bits] = DIGITS[d];
    if (word === 'hi' && DIGITS[d - 1][0] === 'lo') {
      for (let k = 0; k < m; k++) key[k] = (keys.hi[rows[k]] ^ flip) >>> 0;
    }
    const count = s.counts[d];
    if (m === 0 || count.some((c) => c === m)) continue; // every key has this digit: nothing would move
    let sum = 0;
    for (let b = 0; b < count.length; b++) { const c = count[b]; count[b] = sum; sum += c; }
    for (let k0 = 0; k0 < m; k0 += CHUNK) {
      scatterChunk(rows, key, rows2, key2, count, shift, (1 << bits) - 1, k0, Math.min(m, k0 + CHUNK));
      yield { label, done: Math.round(n / 4 + ((d + k0 / m) / DIGITS.length) * (3 * n / 4)), total: n };
    }
    [rows, rows2] = [rows2, rows];
    [key, key2] = [key2, key];
  }
  order.set(rows.subarray(0, m), 0);
  order.set(s.missing.subarray(0, s.missed), m);
  return order;
}

interface RadixState {
  rows: Uint32Array;
  /** The sort word of each gathered row (first the low word). */
  key: Uint32Array;
  missing: Uint32Array;
  m: number;
  missed: number;
  counts: Uint32Array[];
}

/** Splits order[k0, k1) into present rows (with their low word and all six digit histograms) and missing rows. */
function gatherChunk(s: RadixState, order: Uint32Array, keys: Keys, flip: number, k0: number, k1: number): void {
  const { rows, key, missing, counts } = s;
  const [c0, c1, c2, c3, c4, c5] = counts;
  let { m, missed } = s;
  for (let k = k0; k < k1; k++) {
    const i = order[k];
    if (keys.present[i] === 1) {
      const h = (keys.hi[i] ^ flip) >>> 0, l = (keys.lo[i] ^ flip) >>> 0;
      rows[m] = i; key[m] = l; m++;
      c0[l & 0x7ff]++; c1[(l >>> 11) & 0x7ff]++; c2[l >>> 22]++;
      c3[h & 0x7ff]++; c4[(h >>> 11) & 0x7ff]++; c5[h >>> 22]++;
    } else missing[missed++] = i;
  }
  s.m = m;
  s.missed = missed;
}

/** One counting-sort scatter of positions [k0, k1) by the digit (key >>> shift) & mask. */
function scatterChunk(rows: Uint32Array, key: Uint32Array, rows2: Uint32Array, key2: Uint32Array, count: Uint32Array, shift: number, mask: number, k0: number, k1: number): void {
  for (let k = k0; k < k1; k++) {
    const at = count[(key[k] >>> shift) & mask]++;
    rows2[at] = rows[k];
    key2[at] = key[k];
  }
}
