/**
 * A chosen set of metrics computed for each named slice of one set of predictions.
 *
 * Notes: predicted classes are the argmax of `probs` (first class on ties). Plain data is
 * checked and sorted per slice; `prepareClassification` does both once for all slices.
 */
import { averagePrecisionFromCounts } from './precisionRecall';
import { binaryCurveCounts, type BinaryCurveCounts } from './binaryCurve';
import { accuracyFromConfusion, prfFromConfusion, type PrecisionRecallF1, type PrfOptions } from './classification';
import type { ConfusionMatrix } from './confusion';
import { argmaxClasses } from './confusion';
import { dtypeEpsilon, logLossOfRows, rowLogLoss } from './logLoss';
import { regressionMetrics, type RegressionMetrics } from './regression';
import { rocAucFromCounts } from './roc';
import { aucsFromOrder, scoreOrder, type ScoreOrder } from './scoreOrder';
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

/**
 * Classification data checked once and with each needed score column sorted once
 * (`prepareClassification`); slices of it skip the per-slice checks and sorts.
 * The arrays must not change after preparing.
 */
export interface PreparedClassification extends ClassificationData {
  /** Score order of each class column whose AUCs are reported (class 1 alone for binary). */
  orders: Map<number, ScoreOrder>;
  /** Argmax class of each row. */
  predicted: Int32Array;
  /** Clipped negative log-probability of each row's true class (its log-loss term). */
  rowLoss: Float64Array;
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
  slices: Record<string, Uint32Array>, data: ClassificationData | PreparedClassification, names: readonly ClassificationMetricName[],
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

/** The classes whose one-vs-rest curves make `rocAuc` and `prAuc`: class 1 when binary. */
function aucClasses(numClasses: number): number[] {
  return numClasses === 2 ? [1] : Array.from({ length: numClasses }, (_, k) => k);
}

function checkAll(data: ClassificationData, rows: Uint32Array): void {
  checkLabels('labels', data.labels, data.numClasses, rows);
  checkProbabilities(data.probs, data.numClasses, data.labels.length, rows, Math.sqrt(dtypeEpsilon(data.probs)));
}

/**
 * Checks every row once and sorts each score column the AUCs need, so that each later slice
 * costs linear passes only (see bench/metrics-slice.ts).
 */
export function prepareClassification(data: ClassificationData): PreparedClassification {
  const n = data.labels.length;
  checkAll(data, sliceRows(n));
  const orders = new Map<number, ScoreOrder>();
  for (const k of aucClasses(data.numClasses)) {
    orders.set(k, scoreOrder({ values: data.probs, stride: data.numClasses, offset: k }, data.labels, k));
  }
  const predicted = argmaxClasses(data.probs, data.numClasses);
  const rowLoss = rowLogLoss(data.labels, data.probs, data.numClasses);
  return { ...data, orders, predicted, rowLoss };
}

/** The chosen classification metrics of one slice (all rows when `indices` is absent). */
export function classificationMetrics(
  data: ClassificationData | PreparedClassification, names: readonly ClassificationMetricName[], indices?: Uint32Array,
): ClassificationMetrics {
  const { labels, probs, numClasses } = data;
  const rows = sliceRows(labels.length, indices);
  const orders = 'orders' in data ? data.orders : undefined;
  if (!orders) checkAll(data, rows);
  const want = new Set(names);
  const out: ClassificationMetrics = { count: rows.length };
  const prepared = 'orders' in data ? data : undefined;
  if (want.has('accuracy') || want.has('prf') || want.has('confusion')) {
    const cm = prepared ? confusionOfRows(labels, prepared.predicted, numClasses, rows) : confusionOfArgmax(labels, probs, numClasses, rows);
    if (want.has('accuracy')) out.accuracy = accuracyFromConfusion(cm);
    if (want.has('prf')) out.prf = prfFromConfusion(cm, data.prf);
    if (want.has('confusion')) out.confusion = cm;
  }
  if (want.has('rocAuc') || want.has('prAuc')) {
    const classes = aucClasses(numClasses);
    let roc = 0, ap = 0;
    for (const k of classes) {
      const order = orders?.get(k);
      if (order) {
        const a = aucsFromOrder(order, rows);
        roc += a.rocAuc;
        ap += a.averagePrecision;
      } else {
        const c: BinaryCurveCounts = binaryCurveCounts(labels, { values: probs, stride: numClasses, offset: k }, k, rows);
        roc += rocAucFromCounts(c);
        ap += averagePrecisionFromCounts(c);
      }
    }
    if (want.has('rocAuc')) out.rocAuc = roc / classes.length;
    if (want.has('prAuc')) out.prAuc = ap / classes.length;
  }
  if (want.has('logLoss')) out.logLoss = prepared ? meanOfRows(prepared.rowLoss, rows) : logLossOfRows(labels, probs, numClasses, rows);
  return out;
}

function confusionOfRows(labels: Int32Array, predicted: Int32Array, numClasses: number, rows: Uint32Array): ConfusionMatrix {
  const counts = new Float64Array(numClasses * numClasses);
  for (let j = 0; j < rows.length; j++) counts[labels[rows[j]] * numClasses + predicted[rows[j]]]++;
  return { numClasses, counts };
}

function meanOfRows(values: Float64Array, rows: Uint32Array): number {
  if (rows.length === 0) return NaN;
  let sum = 0;
  for (let j = 0; j < rows.length; j++) sum += values[rows[j]];
  return sum / rows.length;
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
