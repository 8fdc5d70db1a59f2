/**
 * Accuracy, and precision, recall and F1 per class with macro, micro and weighted averages,
 * matching scikit-learn 1.5's `accuracy_score` and `precision_recall_fscore_support`.
 */
import { confusionMatrix, type ConfusionMatrix } from './confusion';
import type { SliceOption, ZeroDivision } from './types';

/** Precision, recall and F1 of one average. */
export interface PrfScores {
  precision: number;
  recall: number;
  f1: number;
}

/** Per-class arrays (length numClasses) and the three averages. */
export interface PrecisionRecallF1 {
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  /** Rows whose true class is this class. */
  support: Float64Array;
  /** Which classes the averages include (see `PrfOptions.classes`). */
  included: Uint8Array;
  macro: PrfScores;
  micro: PrfScores;
  weighted: PrfScores;
}

export interface PrfOptions {
  /** Value when a denominator is zero; default 0, as sklearn's default `zero_division="warn"`. */
  zeroDivision?: ZeroDivision;
  /**
   * `'present'` (default) averages over the classes present in the slice's labels or
   * predictions, as sklearn does with `labels=None`; `'all'` averages over every class, as
   * sklearn with `labels=range(numClasses)`.
   */
  classes?: 'present' | 'all';
}

/** Fraction of selected rows predicted correctly; NaN for an empty slice. */
export function accuracy(labels: Int32Array, predicted: Int32Array, numClasses: number, options: SliceOption = {}): number {
  return accuracyFromConfusion(confusionMatrix(labels, predicted, numClasses, options));
}

/** Accuracy from a confusion matrix; NaN when it is empty. */
export function accuracyFromConfusion(cm: ConfusionMatrix): number {
  const k = cm.numClasses;
  let correct = 0;
  let total = 0;
  for (let i = 0; i < k * k; i++) total += cm.counts[i];
  for (let c = 0; c < k; c++) correct += cm.counts[c * k + c];
  return total === 0 ? NaN : correct / total;
}

/** Precision, recall and F1 over the selected rows. */
export function precisionRecallF1(
  labels: Int32Array, predicted: Int32Array, numClasses: number, options: SliceOption & PrfOptions = {},
): PrecisionRecallF1 {
  return prfFromConfusion(confusionMatrix(labels, predicted, numClasses, options), options);
}

function divide(num: number, den: number, zeroDivision: number): number {
  return den === 0 ? zeroDivision : num / den;
}

/**
 * Precision, recall and F1 from a confusion matrix.
 *
 * Notes: F1 is `2 tp / (2 tp + fp + fn)` as in sklearn >= 1.3, so it takes `zeroDivision`
 * only when a class is neither true nor predicted. Weighted averages weight by support. On an
 * empty slice the averages are NaN.
 */
export function prfFromConfusion(cm: ConfusionMatrix, options: PrfOptions = {}): PrecisionRecallF1 {
  const zd = options.zeroDivision ?? 0;
  const k = cm.numClasses;
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) {
      const v = cm.counts[t * k + p];
      trueSum[t] += v;
      predSum[p] += v;
    }
    tp[t] = cm.counts[t * k + t];
  }
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  const included = new Uint8Array(k);
  for (let c = 0; c < k; c++) {
    precision[c] = divide(tp[c], predSum[c], zd);
    recall[c] = divide(tp[c], trueSum[c], zd);
    f1[c] = divide(2 * tp[c], trueSum[c] + predSum[c], zd);
    included[c] = options.classes === 'all' || trueSum[c] + predSum[c] > 0 ? 1 : 0;
  }
  let tpAll = 0, predAll = 0, trueAll = 0;
  for (let c = 0; c < k; c++) {
    if (!included[c]) continue;
    tpAll += tp[c]; predAll += predSum[c]; trueAll += trueSum[c];
  }
  const weights = new Float64Array(k).fill(1);
  const average = (values: Float64Array, w: Float64Array): number => nanAverage(values, w, included);
  const macro = { precision: average(precision, weights), recall: average(recall, weights), f1: average(f1, weights) };
  const weighted = { precision: average(precision, trueSum), recall: average(recall, trueSum), f1: average(f1, trueSum) };
  if (trueAll === 0) {
    // an empty slice: sklearn has no answer either (it rejects empty input)
    const none = { precision: NaN, recall: NaN, f1: NaN };
    return { precision, recall, f1, support: trueSum, included, macro: none, micro: none, weighted: none };
  }
  return {
    precision, recall, f1, support: trueSum, included,
    macro,
    micro: {
      precision: divide(tpAll, predAll, zd),
      recall: divide(tpAll, trueAll, zd),
      f1: divide(2 * tpAll, trueAll + predAll, zd),
    },
    weighted,
  };
}

/**
 * Weighted mean of the included entries, skipping NaN entries as sklearn's `_nanaverage`
 * does (this matters with `zeroDivision: NaN`); NaN when nothing is left.
 */
function nanAverage(values: Float64Array, weights: Float64Array, included: Uint8Array): number {
  let sum = 0;
  let wsum = 0;
  for (let c = 0; c < values.length; c++) {
    if (!included[c] || Number.isNaN(values[c])) continue;
    sum += values[c] * weights[c];
    wsum += weights[c];
  }
  return wsum === 0 ? NaN : sum / wsum;
}
