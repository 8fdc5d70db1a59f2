/**
 * Registered metrics computed per slice: each slice's labels and predictions handed to the
 * person's function, isolated — a metric that throws or returns something other than a number
 * gives null for that metric and a message naming it, and the other metrics still show.
 */
import { argmaxClasses } from '../../core/metrics';
import type { MetricPiece, MetricPredictions } from './pieces';

/** The slice's rows of a classifier's labels and probabilities. */
export function sliceOf(labels: Int32Array, probs: Float32Array, numClasses: number, classes: readonly string[], rows: Uint32Array, predicted?: Int32Array): { labels: Int32Array; predictions: MetricPredictions } {
  const l = new Int32Array(rows.length);
  const p = new Float32Array(rows.length * numClasses);
  rows.forEach((r, i) => {
    l[i] = labels[r];
    p.set(probs.subarray(r * numClasses, (r + 1) * numClasses), i * numClasses);
  });
  const pred = predicted ? Int32Array.from(rows, (r) => predicted[r]) : argmaxClasses(p, numClasses);
  return { labels: l, predictions: { probs: p, predicted: pred, classes } };
}

/** One metric on one slice: the number, or the reason it has none. */
export function computeMetric(metric: MetricPiece, labels: Int32Array, predictions: MetricPredictions, rows: Uint32Array): { value: number | null; error?: string } {
  let v: unknown;
  try {
    v = metric.compute(labels, predictions, rows);
  } catch (e) {
    return { value: null, error: `metric '${metric.name}' failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof v !== 'number') return { value: null, error: `metric '${metric.name}' returned ${v === undefined ? 'nothing' : typeof v}, not a number` };
  return { value: Number.isFinite(v) ? v : null };
}

/** LIT's default threshold candidates: 0, 0.01, …, 1. */
export const THRESHOLD_CANDIDATES = Float64Array.from({ length: 101 }, (_, k) => k / 100);

/**
 * The candidate threshold that optimises a registered metric of a binary classifier over
 * `rows` (a row is positive when score >= threshold; ties keep the lower threshold), with
 * the metric's value there. Throws a `metric '…' failed` error when the metric does.
 */
export function metricOptimalThreshold(metric: MetricPiece, scores: Float32Array, labels: Int32Array, probs: Float32Array, classes: readonly string[], rows: Uint32Array, candidates: Float64Array = THRESHOLD_CANDIDATES): { threshold: number; value: number } {
  const sign = metric.higherIsBetter === false ? -1 : 1;
  let best: { threshold: number; value: number } | undefined;
  const predicted = new Int32Array(scores.length);
  for (const t of candidates) {
    for (const r of rows) predicted[r] = scores[r] >= t ? 1 : 0;
    const slice = sliceOf(labels, probs, 2, classes, rows, predicted);
    const { value, error } = computeMetric(metric, slice.labels, slice.predictions, rows);
    if (error) throw new Error(error);
    if (value === null) continue;
    if (best === undefined || sign * value > sign * best.value + 1e-12 * Math.abs(best.value)) best = { threshold: t, value };
  }
  if (best === undefined) throw new Error(`metric '${metric.name}' is undefined (NaN) at every threshold`);
  return best;
}
