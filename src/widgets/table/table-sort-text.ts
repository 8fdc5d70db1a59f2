/**
 * Sorting rows by a text column whose values are mostly distinct: runs of 32,768 rows sorted
 * by the engine's own sort (one blocking call of a few ms each), then merged pairwise in
 * steps. Stable: ties keep the incoming (row) order in both directions; missing values last.
 *
 * Notes: comparison is by UTF-16 code units (`<`), as everywhere in the table.
 */
import type { Column } from '../../model/dataset';
import { isPresent } from '../../model/dataset';
import { CHUNK, type StepProgress, type Steps } from './table-steps';

const RUN = 1 << 15;

/** Sorts `order` (row indices, in place) by the text column made of `loaded` then `generated` rows. */
export function* sortTextSteps(order: Uint32Array, p: { loaded: Column; generated: Column }, descending: boolean): Steps<Uint32Array> {
  const label = 'Sorting';
  const split = p.loaded.length;
  const textOf = (i: number): string | null => {
    const c = i < split ? p.loaded : p.generated;
    const j = i < split ? i : i - split;
    return c.kind === 'text' && isPresent(c.validity, j) ? c.values[j] : null;
  };
  // Present rows and their values, read once (position p holds rows[p] and vals[p]); missing rows kept apart in order.
  const n = order.length;
  const rows = new Uint32Array(n);
  const vals: string[] = [];
  const missing: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const v = textOf(i);
    if (v === null) missing.push(i);
    else { rows[vals.length] = i; vals.push(v); }
    if ((k & (CHUNK - 1)) === CHUNK - 1) yield { label, done: k >> 3, total: n };
  }
  const m = vals.length;
  const sign = descending ? -1 : 1;
  /** Negative when position a goes before position b (positions are in row order, so ties keep it). */
  const compare = (a: number, b: number): number => {
    const x = vals[a], y = vals[b];
    return x < y ? -sign : x > y ? sign : a - b;
  };
  const positions = new Uint32Array(m);
  for (let q = 0; q < m; q++) positions[q] = q;
  for (let lo = 0; lo < m; lo += RUN) {
    positions.subarray(lo, Math.min(m, lo + RUN)).sort(compare);
    yield { label, done: Math.round(n / 8 + (lo / m) * (n / 2)), total: n };
  }
  let src = positions;
  let dst = new Uint32Array(m);
  let moves = 0;
  for (let width = RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(m, lo + width);
      const hi = Math.min(m, lo + 2 * width);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        dst[k++] = compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
        if (++moves === CHUNK) { moves = 0; yield progress(n, k, m, width); }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  for (let k = 0; k < m; k++) order[k] = rows[src[k]];
  for (let k = 0; k < missing.length; k++) order[m + k] = missing[k];
  return order;
}

function progress(n: number, k: number, m: number, width: number): StepProgress {
  const levels = Math.max(1, Math.ceil(Math.log2(Math.max(2, m / RUN))));
  const level = Math.log2(width / RUN);
  return { label: 'Sorting', done: Math.round(n * (5 / 8) + ((level + k / m) / levels) * (3 * n / 8)), total: n };
}
