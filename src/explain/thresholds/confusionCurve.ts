/**
 * Binary confusion counts at every candidate threshold at once: one binary search per row and
 * suffix sums, instead of one pass over the rows per threshold (LIT recomputes metrics for
 * each of its 101 thresholds).
 */
import type { BinaryConfusion } from './types';

/** Confusion counts of some rows at each candidate threshold, as parallel arrays. */
export interface ConfusionCurve {
  candidates: Float64Array;
  tp: Float64Array;
  fp: Float64Array;
  tn: Float64Array;
  fn: Float64Array;
}

/** Counts of `rows` at each of the (increasing) `candidates`; positive when score >= threshold. */
export function confusionCurve(scores: ArrayLike<number>, labels: Int32Array, rows: Uint32Array, candidates: Float64Array): ConfusionCurve {
  const t = candidates.length;
  // posAt[k] / negAt[k]: rows with exactly k candidates <= score (positive at candidates 0..k-1)
  const posAt = new Float64Array(t + 1);
  const negAt = new Float64Array(t + 1);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    const v = scores[r];
    let lo = 0, hi = t;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (candidates[mid] <= v) lo = mid + 1; else hi = mid; }
    if (labels[r] === 1) posAt[lo]++; else negAt[lo]++;
  }
  let positives = 0, negatives = 0;
  for (let k = 0; k <= t; k++) { positives += posAt[k]; negatives += negAt[k]; }
  const tp = new Float64Array(t), fp = new Float64Array(t), tn = new Float64Array(t), fn = new Float64Array(t);
  let tpRun = 0, fpRun = 0;
  for (let i = t - 1; i >= 0; i--) {
    tpRun += posAt[i + 1];
    fpRun += negAt[i + 1];
    tp[i] = tpRun; fp[i] = fpRun; fn[i] = positives - tpRun; tn[i] = negatives - fpRun;
  }
  return { candidates, tp, fp, tn, fn };
}

/** The confusion counts at candidate `i`. */
export function confusionAt(curve: ConfusionCurve, i: number): BinaryConfusion {
  return { tp: curve.tp[i], fp: curve.fp[i], tn: curve.tn[i], fn: curve.fn[i] };
}

/** Cost of each candidate: `costRatio * fp + fn`. */
export function costs(curve: ConfusionCurve, costRatio: number): Float64Array {
  return curve.fp.map((fp, i) => costRatio * fp + curve.fn[i]);
}
