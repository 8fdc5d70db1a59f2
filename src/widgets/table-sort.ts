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
 * - Work is a generator that yields a `StepProgress` every `CHUNK` rows: `runSync` runs it
 *   at once, `runSliced` runs it in ~10 ms slices with `setImmediate` between them (so the
 *   kernel reads Cancel and other messages) and stops with an AbortError when aborted.
 */
import type { Column } from '../model/dataset';
import { isPresent } from '../model/dataset';

/** Where a long computation is: `done` of `total` in the phase called `label`. */
export interface StepProgress {
  label: string;
  done: number;
  total: number;
}

/** A computation that yields its progress now and then and returns T at the end. */
export type Steps<T> = Generator<StepProgress, T, void>;

/** Rows handled between two yields. */
export const CHUNK = 1 << 16;
const MISSING = 0xffffffff;

/** Runs `steps` to the end at once. */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SlicedOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
  /** Longest stretch without yielding to the event loop (default 10 ms). */
  sliceMs?: number;
}

function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

/** Runs `steps` in slices, yielding to the event loop between them; rejects with an AbortError on abort. */
export async function runSliced<T>(steps: Steps<T>, options: SlicedOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  // The first slice runs on a later turn: the message that started the job is answered first.
  await new Promise<void>((resolve) => setImmediate(resolve));
  let start = Date.now();
  for (;;) {
    if (options.signal?.aborted) throw abortError();
    const r = steps.next();
    if (r.done) return r.value;
    if (Date.now() - start >= sliceMs) {
      options.onProgress?.(r.value);
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = Date.now();
    }
  }
}

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
  const keys = yield* keySteps(p);
  return yield* radixSteps(order, keys, descending);
}

/** Calls `visit(column, j, i)` for every row i, chunk by chunk. */
function* eachRow(p: SortParts, label: string, visit: (c: Column, j: number, i: number) => void): Generator<StepProgress, void, void> {
  const total = p.loaded.length + p.generated.length;
  let i = 0;
  for (const c of [p.loaded, p.generated]) {
    for (let j = 0; j < c.length; j++, i++) {
      visit(c, j, i);
      if ((i & (CHUNK - 1)) === CHUNK - 1) yield { label, done: i + 1, total };
    }
  }
}

function* keySteps(p: SortParts): Generator<StepProgress, Keys, void> {
  const n = p.loaded.length + p.generated.length;
  const keys: Keys = { hi: new Uint32Array(n), lo: new Uint32Array(n), present: new Uint8Array(n) };
  const kind = p.loaded.kind;
  if (kind === 'numeric') {
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    const [LO, HI] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];
    yield* eachRow(p, 'Sorting', (c, j, i) => {
      if (c.kind !== 'numeric' || !isPresent(c.validity, j) || Number.isNaN(c.values[j])) return;
      f[0] = c.values[j] + 0; // -0 + 0 is +0: ties with 0, as the comparator had it
      const hi = u[HI], lo = u[LO];
      const negative = (hi & 0x80000000) !== 0;
      keys.hi[i] = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
      keys.lo[i] = negative ? ~lo >>> 0 : lo;
      keys.present[i] = 1;
    });
    return keys;
  }
  if (kind === 'boolean') {
    yield* eachRow(p, 'Sorting', (c, j, i) => {
      if (c.kind !== 'boolean' || !isPresent(c.validity, j)) return;
      keys.lo[i] = c.values[j];
      keys.present[i] = 1;
    });
    return keys;
  }
  if (kind === 'categorical') {
    const dictionary = p.generated.kind === 'categorical' && p.loaded.kind === 'categorical' && p.generated.dictionary.length > p.loaded.dictionary.length
      ? p.generated.dictionary : (p.loaded as Extract<Column, { kind: 'categorical' }>).dictionary;
    const rank = yield* rankSteps(dictionary);
    yield* eachRow(p, 'Sorting', (c, j, i) => {
      if (c.kind !== 'categorical' || !isPresent(c.validity, j)) return;
      keys.lo[i] = rank[c.codes[j]];
      keys.present[i] = 1;
    });
    return keys;
  }
  if (kind === 'text') {
    // Distinct strings get ids in first-seen order; their ranks come from one sort of the distinct values.
    const ids = new Map<string, number>();
    const distinct: string[] = [];
    yield* eachRow(p, 'Reading text', (c, j, i) => {
      if (c.kind !== 'text' || !isPresent(c.validity, j)) return;
      const s = c.values[j];
      let id = ids.get(s);
      if (id === undefined) { id = distinct.length; ids.set(s, id); distinct.push(s); }
      keys.lo[i] = id;
      keys.present[i] = 1;
    });
    const rank = yield* rankDistinctSteps(distinct, ids);
    for (let i = 0; i < n; i++) {
      if (keys.present[i] === 1) keys.lo[i] = rank[keys.lo[i]];
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
  let m = 0;
  let rows = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  const missing = new Uint32Array(n);
  let missed = 0;
  const flip = descending ? 0xffffffff : 0;
  const counts = DIGITS.map(([, , bits]) => new Uint32Array(1 << bits));
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (keys.present[i] === 1) {
      const h = (keys.hi[i] ^ flip) >>> 0, l = (keys.lo[i] ^ flip) >>> 0;
      rows[m] = i; hi[m] = h; lo[m] = l; m++;
      counts[0][l & 0x7ff]++; counts[1][(l >>> 11) & 0x7ff]++; counts[2][l >>> 22]++;
      counts[3][h & 0x7ff]++; counts[4][(h >>> 11) & 0x7ff]++; counts[5][h >>> 22]++;
    } else missing[missed++] = i;
    if ((k & (CHUNK - 1)) === CHUNK - 1) yield { label, done: k >> 2, total: n };
  }
  let rows2 = new Uint32Array(m), hi2 = new Uint32Array(m), lo2 = new Uint32Array(m);
  for (let d = 0; d < DIGITS.length; d++) {
    const [word, shift, bits] = DIGITS[d];
    const count = counts[d];
    if (m === 0 || count.some((c) => c === m)) continue; // every key has this digit: nothing would move
    let sum = 0;
    for (let b = 0; b < count.length; b++) { const c = count[b]; count[b] = sum; sum += c; }
    const mask = (1 << bits) - 1;
    const key = word === 'lo' ? lo : hi;
    for (let k = 0; k < m; k++) {
      const at = count[(key[k] >>> shift) & mask]++;
      rows2[at] = rows[k]; hi2[at] = hi[k]; lo2[at] = lo[k];
      if ((k & (CHUNK - 1)) === CHUNK - 1) yield { label, done: Math.round(n / 4 + ((d + k / m) / DIGITS.length) * (3 * n / 4)), total: n };
    }
    [rows, rows2] = [rows2, rows];
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
  }
  order.set(rows.subarray(0, m), 0);
  order.set(missing.subarray(0, missed), m);
  return order;
}
