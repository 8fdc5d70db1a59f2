/**
 * Metrics over typed arrays, per slice, checked against scikit-learn 1.5 and scipy
 * (see scripts/reference/metrics_reference.py).
 *
 * Conventions: labels are Int32Array class indices; probabilities are rows x classes,
 * row-major; binary scores are one value per row for the positive class; `indices` selects
 * a slice without copying. A metric that is undefined on a slice (empty slice, one class
 * present, constant values) is NaN unless noted; precision, recall and F1 use sklearn's
 * `zero_division` (default 0).
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
