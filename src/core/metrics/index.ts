/**
 * Metrics over typed arrays, per slice, checked against scikit-learn 1.5 and scipy
 * (see scripts/reference/metrics_reference.py).
 *
 * Conventions: labels are Int32Array class indices; probabilities are rows x classes,
 * row-major; binary scores are one value per row for the positive class; `indices` selects
 * a slice without copying (each row at most once). Bad input (label outside the classes,
 * NaN or infinite score, probability rows not summing to 1, index out of range) throws an
 * error naming the field and row.
 *
 * Degenerate slices (sklearn raises or warns in most of these):
 * - empty slice: every metric NaN, confusion matrix all zeros;
 * - one class present: ROC AUC NaN (sklearn raises); average precision NaN when there are
 *   no positives (sklearn warns and returns 0); one-vs-rest AUCs NaN when a class is absent;
 * - a class never predicted or never true: precision/recall/F1 take `zeroDivision`
 *   (default 0, as sklearn's default "warn"); averages include only classes present in the
 *   slice's labels or predictions, as sklearn's `labels=None` (or all, with `classes: 'all'`);
 * - constant scores: one threshold, ROC AUC 0.5, average precision = positive rate (as sklearn);
 * - constant regression targets: R² 1 if perfect else 0 (sklearn's force_finite); Pearson and
 *   Spearman NaN when either side is constant (as scipy).
 * Ties in scores are grouped exactly as sklearn's `_binary_clf_curve` groups them.
 *
 * Speed: `prepareClassification` checks the data and sorts each score column once; every
 * later slice then costs linear passes (bench/metrics-slice.ts).
 */
export * from './types';
export { argmaxClasses, confusionMatrix, type ConfusionMatrix } from './confusion';
export {
  accuracy, accuracyFromConfusion, precisionRecallF1, prfFromConfusion,
  type PrecisionRecallF1, type PrfOptions, type PrfScores,
} from './classification';
export { binaryCurveCounts, type BinaryCurveCounts, type ScoreColumn } from './binaryCurve';
export { rocCurve, rocAuc, rocAucOvr, rocAucFromCounts, type RocCurve, type BinaryOptions } from './roc';
export {
  precisionRecallCurve, averagePrecision, averagePrecisionOvr, averagePrecisionFromCounts, type PrecisionRecallCurve,
} from './precisionRecall';
export { logLoss } from './logLoss';
export { averageRanks } from './ranks';
export { radixSortAscending, radixOrder } from './radixSort';
export { scoreOrder, curveCountsFromOrder, aucsFromOrder, type ScoreOrder } from './scoreOrder';
export {
  meanSquaredError, meanAbsoluteError, rootMeanSquaredError, r2Score, pearson, spearman, regressionMetrics,
  type RegressionMetrics,
} from './regression';
export {
  metricsBySlice, classificationMetrics, prepareClassification, type PreparedClassification, type ClassificationMetricName, type ClassificationData,
  type RegressionData, type ClassificationMetrics, type RegressionSliceMetrics,
} from './bySlice';
