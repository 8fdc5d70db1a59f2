/**
 * ROC curve and ROC AUC, as scikit-learn 1.5's `roc_curve(drop_intermediate=True)` and
 * `roc_auc_score` (binary, and one-vs-rest macro for multiclass).
 *
 * Notes: where sklearn raises because only one class is present, the AUC here is NaN, so a
 * table of slices can show one undefined cell instead of failing as a whole.
 */
import { binaryCurveCounts, type BinaryCurveCounts, type ScoreColumn } from './binaryCurve';
import { sliceRows } from './rows';
import type { Scores, SliceOption } from './types';
import { checkFinite, checkLabels, checkProbabilities, checkSameLength } from './validate';

/** Binary options: the slice and which label value is positive (default 1). */
export interface BinaryOptions extends SliceOption {
  positiveClass?: number;
}

/** Points of the ROC curve; `thresholds[0]` is +Infinity (the curve starts at (0, 0)). */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/** Checks binary inputs and returns the curve counts of the selected rows. */
export function binaryCounts(labels: Int32Array, scores: Scores, options: BinaryOptions): BinaryCurveCounts {
  checkSameLength('labels', labels, 'scores', scores);
  const rows = sliceRows(labels.length, options.indices);
  checkFinite('scores', scores, rows);
  return binaryCurveCounts(labels, { values: scores, stride: 1, offset: 0 }, options.positiveClass ?? 1, rows);
}

/**
 * ROC curve points. Intermediate points on straight segments are dropped as sklearn's
 * `drop_intermediate=True`; fpr (tpr) is all NaN when there are no negatives (positives).
 */
export function rocCurve(labels: Int32Array, scores: Scores, options: BinaryOptions = {}): RocCurve {
  const c = binaryCounts(labels, scores, options);
  const n = c.thresholds.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const corner = i === 0 || i === n - 1 || n <= 2 ||
      c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1] !== 0 || c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1] !== 0;
    if (corner) keep.push(i);
  }
  const m = keep.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  thresholds[0] = Infinity;
  const fLast = n > 0 ? c.fps[n - 1] : 0;
  const tLast = n > 0 ? c.tps[n - 1] : 0;
  for (let q = 0; q < keep.length; q++) {
    const i = keep[q];
    fpr[q + 1] = c.fps[i] / fLast;
    tpr[q + 1] = c.tps[i] / tLast;
    thresholds[q + 1] = c.thresholds[i];
  }
  if (fLast <= 0) fpr.fill(NaN);
  if (tLast <= 0) tpr.fill(NaN);
  return { fpr, tpr, thresholds };
}

/**
 * Area under the ROC curve from curve counts; NaN unless both classes are present.
 *
 * Notes: the trapezoids are summed in integer counts (exact below 2^53) and divided once.
 */
export function rocAucFromCounts(c: BinaryCurveCounts): number {
  if (c.positives === 0 || c.negatives === 0) return NaN;
  let area = 0, tpPrev = 0, fpPrev = 0;
  for (let i = 0; i < c.tps.length; i++) {
    area += (c.fps[i] - fpPrev) * (c.tps[i] + tpPrev);
    tpPrev = c.tps[i]; fpPrev = c.fps[i];
  }
  return area / (2 * c.positives * c.negatives);
}

/** Binary ROC AUC of `scores` for the positive class; NaN when one class is absent. */
export function rocAuc(labels: Int32Array, scores: Scores, options: BinaryOptions = {}): number {
  return rocAucFromCounts(binaryCounts(labels, scores, options));
}

/**
 * Mean over classes of each class's one-vs-rest ROC AUC, as sklearn's
 * `roc_auc_score(y, probs, multi_class='ovr', average='macro')`. Rows must sum to 1 (as
 * sklearn requires); NaN when some class is absent from the slice (sklearn raises).
 */
export function rocAucOvr(labels: Int32Array, probs: Scores, numClasses: number, options: SliceOption = {}): number {
  return ovrMacro(labels, probs, numClasses, options, rocAucFromCounts);
}

/** Checks a probability matrix and averages a per-class binary metric over all classes. */
export function ovrMacro(
  labels: Int32Array, probs: Scores, numClasses: number, options: SliceOption,
  metric: (c: BinaryCurveCounts) => number,
): number {
  const rows = sliceRows(labels.length, options.indices);
  checkLabels('labels', labels, numClasses, rows);
  checkProbabilities(probs, numClasses, labels.length, rows, 1e-5);
  let sum = 0;
  for (let k = 0; k < numClasses; k++) {
    const column: ScoreColumn = { values: probs, stride: numClasses, offset: k };
    sum += metric(binaryCurveCounts(labels, column, k, rows));
  }
  return sum / numClasses;
}
