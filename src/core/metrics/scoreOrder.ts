/**
 * A score column sorted once, so that the ROC and PR counts of any slice come from one linear
 * walk instead of a sort: the path that keeps a newly chosen slice of 10^6 rows fast.
 */
import type { BinaryCurveCounts, ScoreColumn } from './binaryCurve';
import { radixOrder } from './radixSort';

/** Rows in increasing score order, with the scores and whether each row is positive, in that order. */
export interface ScoreOrder {
  rows: Uint32Array;
  scores: Float64Array;
  /** 1 where `labels[rows[q]] === positiveClass` (kept in order so the walk reads sequentially). */
  positive: Uint8Array;
  positiveClass: number;
  /** Inverse of `rows`: the position of each row in the order. */
  positionOf: Uint32Array;
}

/** Sorts the `n` rows of a (checked, finite) score column; `positiveClass` is the column's class. */
export function scoreOrder(column: ScoreColumn, labels: Int32Array, positiveClass: number): ScoreOrder {
  const { values, stride, offset } = column;
  const n = labels.length;
  const gathered = new Float64Array(n);
  for (let r = 0; r < n; r++) gathered[r] = values[r * stride + offset];
  const rows = radixOrder(gathered.slice());
  const scores = new Float64Array(n);
  const positive = new Uint8Array(n);
  const positionOf = new Uint32Array(n);
  for (let q = 0; q < n; q++) {
    positionOf[rows[q]] = q;
    scores[q] = gathered[rows[q]];
    positive[q] = labels[rows[q]] === positiveClass ? 1 : 0;
  }
  return { rows, scores, positive, positiveClass, positionOf };
}

/**
 * Marks the slice's rows by their position in the order, so that the walks below read every
 * array sequentially (about 40% faster at 10^6 rows than marking rows and reading at random).
 */
function sliceInOrder(order: ScoreOrder, sliceRows: Uint32Array): Uint8Array {
  const inSlice = new Uint8Array(order.rows.length);
  for (let j = 0; j < sliceRows.length; j++) inSlice[order.positionOf[sliceRows[j]]] = 1;
  return inSlice;
}

/**
 * ROC AUC and average precision of the slice's (checked, in range) rows, accumulated during
 * one walk down a precomputed order (no arrays built); NaN where `rocAucFromCounts` and
 * `averagePrecisionFromCounts` give NaN, and otherwise the same values.
 */
export function aucsFromOrder(order: ScoreOrder, sliceRows: Uint32Array): { rocAuc: number; averagePrecision: number } {
  const { scores, positive } = order;
  const inSlice = sliceInOrder(order, sliceRows);
  let tp = 0, fp = 0, tpPrev = 0, fpPrev = 0, area = 0, ap = 0, last = NaN;
  for (let q = scores.length - 1; q >= 0; q--) {
    if (!inSlice[q]) continue;
    const v = scores[q];
    if (v !== last && tp + fp > 0) {
      area += (fp - fpPrev) * (tp + tpPrev);
      ap += (tp - tpPrev) * (tp / (tp + fp));
      tpPrev = tp; fpPrev = fp;
    }
    last = v;
    const p = positive[q];
    tp += p;
    fp += 1 - p;
  }
  area += (fp - fpPrev) * (tp + tpPrev);
  if (tp + fp > 0) ap += (tp - tpPrev) * (tp / (tp + fp));
  return {
    rocAuc: tp === 0 || fp === 0 ? NaN : area / (2 * tp * fp),
    averagePrecision: tp === 0 ? NaN : ap / tp,
  };
}

/**
 * Curve counts of the slice's (checked, in range) rows from a precomputed order: the same
 * result as `binaryCurveCounts` on those rows.
 */
export function curveCountsFromOrder(order: ScoreOrder, sliceRows: Uint32Array): BinaryCurveCounts {
  const n = order.rows.length;
  const inSlice = sliceInOrder(order, sliceRows);
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let k = 0, tp = 0, fp = 0, last = NaN, started = false;
  for (let q = n - 1; q >= 0; q--) {
    if (!inSlice[q]) continue;
    const v = order.scores[q];
    if (started && v !== last) { thresholds[k] = last; tps[k] = tp; fps[k] = fp; k++; }
    started = true;
    last = v;
    if (order.positive[q]) tp++; else fp++;
  }
  if (started) { thresholds[k] = last; tps[k] = tp; fps[k] = fp; k++; }
  return {
    thresholds: thresholds.subarray(0, k), tps: tps.subarray(0, k), fps: fps.subarray(0, k),
    positives: tp, negatives: fp,
  };
}
