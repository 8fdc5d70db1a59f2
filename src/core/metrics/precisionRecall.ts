/**
 * Precision-recall curve and average precision (PR AUC), as scikit-learn 1.5's
 * `precision_recall_curve` (drop_intermediate=False) and `average_precision_score`.
 */
import type { BinaryCurveCounts } from './binaryCurve';
import { binaryCounts, ovrMacro, type BinaryOptions } from './roc';
import type { Scores, SliceOption } from './types';

/** Curve points in increasing threshold order, ending with the point (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  precision: Float64Array;
  recall: Float64Array;
  /** One fewer than the points: the distinct scores, increasing. */
  thresholds: Float64Array;
}

/** Precision-recall curve; recall is all 1 when the slice has no positives, as sklearn. */
export function precisionRecallCurve(labels: Int32Array, scores: Scores, options: BinaryOptions = {}): PrecisionRecallCurve {
  const c = binaryCounts(labels, scores, options);
  const n = c.thresholds.length;
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const thresholds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = n - 1 - i;
    const predicted = c.tps[i] + c.fps[i];
    precision[q] = predicted === 0 ? 0 : c.tps[i] / predicted;
    recall[q] = c.positives === 0 ? 1 : c.tps[i] / c.positives;
    thresholds[q] = c.thresholds[i];
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds };
}

/**
 * Average precision `sum_i (R_i - R_{i-1}) P_i` from curve counts.
 *
 * Notes: NaN when the slice has no positives; sklearn 1.5 warns and returns 0 there, which
 * would read as a real (terrible) score in a slice table.
 */
export function averagePrecisionFromCounts(c: BinaryCurveCounts): number {
  if (c.positives === 0) return NaN;
  let sum = 0, tpPrev = 0;
  for (let i = 0; i < c.tps.length; i++) {
    const tp = c.tps[i];
    sum += (tp - tpPrev) * (tp / (tp + c.fps[i]));
    tpPrev = tp;
  }
  return sum / c.positives;
}

/** Binary average precision (PR AUC) of `scores` for the positive class. */
export function averagePrecision(labels: Int32Array, scores: Scores, options: BinaryOptions = {}): number {
  return averagePrecisionFromCounts(binaryCounts(labels, scores, options));
}

/**
 * Macro average precision over classes (one-vs-rest), as sklearn's
 * `average_precision_score(y, probs)` for multiclass y; NaN when a class is absent.
 */
export function averagePrecisionOvr(labels: Int32Array, probs: Scores, numClasses: number, options: SliceOption = {}): number {
  return ovrMacro(labels, probs, numClasses, options, averagePrecisionFromCounts);
}
