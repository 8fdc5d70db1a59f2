/**
 * A chosen set of metrics computed for each named slice of one set of predictions.
 *
 * Notes: inputs are checked once per slice, predicted classes are the argmax of `probs`
 * (first class on ties), and the sorts behind the AUCs run once per class and slice.
 */
import { averagePrecisionFromCounts } from './precisionRecall';
import { binaryCurveCounts, type BinaryCurveCounts } from './binaryCurve';
import { accuracyFromConfusion, prfFromConfusion, type PrecisionRecallF1, type PrfOptions } from './classification';
import type { ConfusionMatrix } from './confusion';
import { dtypeEpsilon, logLossOfRows } from './logLoss';
import { regressionMetrics, type RegressionMetrics } from './regression';
import { rocAucFromCounts } from './roc';
import { sliceRows } from './rows';
import type { Scores } from './types';
import { checkLabels, checkProbabilities } from './validate';

/** Names of the classification metrics `metricsBySlice` can compute. */
export type ClassificationMetricName = 'accuracy' | 'prf' | 'rocAuc' | 'prAuc' | 'logLoss' | 'confusion';

/** Class probabilities of a classifier and the true classes. */
export interface ClassificationData {
  kind: 'classification';
  labels: Int32Array;
  /** rows x numClasses, row-major. */
  probs: Scores;
  numClasses: number;
  prf?: PrfOptions;
}

/** Targets and predictions of a regression model. */
export interface RegressionData {
  kind: 'regression';
  targets: Scores;
  predictions: Scores;
}

/**
 * Metrics of one slice. For two classes `rocAuc` and `prAuc` are binary (class 1 positive);
 * for more they are one-vs-rest macro averages. Undefined values are NaN.
 */
export interface ClassificationMetrics {
  count: number;
  accuracy?: number;
  prf?: PrecisionRecallF1;
  rocAuc?: number;
  prAuc?: number;
  logLoss?: number;
  confusion?: ConfusionMatrix;
}

/** Regression metrics of one slice, with its row count. */
export interface RegressionSliceMetrics extends RegressionMetrics {
  count: number;
}

/** Computes `names` for every slice of classification data. */
export function metricsBySlice(
  slices: Record<string, Uint32Array>, data: ClassificationData, names: readonly ClassificationMetricName[],
): Record<string, ClassificationMetrics>;
/** Computes every regression metric for every slice of regression data. */
export function metricsBySlice(slices: Record<string, Uint32Array>, data: RegressionData): Record<string, RegressionSliceMetrics>;
export function metricsBySlice(
  slices: Record<string, Uint32Array>, data: ClassificationData | RegressionData, names: readonly ClassificationMetricName[] = [],
): Record<string, ClassificationMetrics> | Record<string, RegressionSliceMetrics> {
  if (data.kind === 'regression') {
    const out: Record<string, RegressionSliceMetrics> = {};
    for (const [name, indices] of Object.entries(slices)) {
      out[name] = { count: indices.length, ...withSliceName(name, () => regressionMetrics(data.targets, data.predictions, { indices })) };
    }
    return out;
  }
  const out: Record<string, ClassificationMetrics> = {};
  for (const [name, indices] of Object.entries(slices)) {
    out[name] = withSliceName(name, () => classificationMetrics(data, names, indices));
  }
  return out;
}

function withSliceName<T>(name: string, compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    if (e instanceof Error) e.message = `slice '${name}': ${e.message}`;
    throw e;
  }
}

/** The chosen classification metrics of one slice (all rows when `indices` is absent). */
export function classificationMetrics(
  data: ClassificationData, names: readonly ClassificationMetricName[], indices?: Uint32Array,
): ClassificationMetrics {
  const { labels, probs, numClasses } = data;
  const rows = sliceRows(labels.length, indices);
  checkLabels('labels', labels, numClasses, rows);
  checkProbabilities(probs, numClasses, labels.length, rows, Math.sqrt(dtypeEpsilon(probs)));
  const want = new Set(names);
  const out: ClassificationMetrics = { count: rows.length };
  if (want.has('accuracy') || want.has('prf') || want.has('confusion')) {
    const cm = confusionOfArgmax(labels, probs, numClasses, rows);
    if (want.has('accuracy')) out.accuracy = accuracyFromConfusion(cm);
    if (want.has('prf')) out.prf = prfFromConfusion(cm, data.prf);
    if (want.has('confusion')) out.confusion = cm;
  }
  if (want.has('rocAuc') || want.has('prAuc')) {
    const classes = numClasses === 2 ? [1] : Array.from({ length: numClasses }, (_, k) => k);
    let roc = 0, ap = 0;
    for (const k of classes) {
      const c: BinaryCurveCounts = binaryCurveCounts(labels, { values: probs, stride: numClasses, offset: k }, k, rows);
      roc += rocAucFromCounts(c);
      ap += averagePrecisionFromCounts(c);
    }
    if (want.has('rocAuc')) out.rocAuc = roc / classes.length;
    if (want.has('prAuc')) out.prAuc = ap / classes.length;
  }
  if (want.has('logLoss')) out.logLoss = logLossOfRows(labels, probs, numClasses, rows);
  return out;
}

function confusionOfArgmax(labels: Int32Array, probs: Scores, numClasses: number, rows: Uint32Array): ConfusionMatrix {
  const counts = new Float64Array(numClasses * numClasses);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    const base = r * numClasses;
    let best = 0, bestP = probs[base];
    for (let c = 1; c < numClasses; c++) if (probs[base + c] > bestP) { bestP = probs[base + c]; best = c; }
    counts[labels[r] * numClasses + best]++;
  }
  return { numClasses, counts };
}
