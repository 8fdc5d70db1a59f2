/** Average ranks with ties, as `scipy.stats.rankdata(method='average')`. */
import type { Scores } from './types';

/**
 * Ranks (1-based) of `values[rows[j]]` for each j, ties sharing the mean of their ranks.
 *
 * Notes: ranks come from one native typed-array sort of a copy plus two binary searches per
 * row, so no index sort with a comparator is needed.
 */
export function averageRanks(values: Scores, rows: Uint32Array): Float64Array {
  const sorted = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) sorted[j] = values[rows[j]];
  sorted.sort();
  const ranks = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const v = values[rows[j]];
    const first = lowerBound(sorted, v);
    const last = upperBound(sorted, v) - 1;
    ranks[j] = (first + last) / 2 + 1;
  }
  return ranks;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
  return lo;
}
