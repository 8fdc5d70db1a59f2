/**
 * Cumulative true and false positives at each distinct score, the core of ROC and PR
 * curves, as scikit-learn's `_binary_clf_curve`.
 *
 * Notes: instead of sorting row indices by score (a comparator-driven sort, slow at 10^6
 * rows), the scores of positive and negative rows are gathered into two Float64Arrays, each
 * radix-sorted, then merged from the top. Only counts per distinct score matter, so which
 * row holds a score is never needed.
 */
import { floatsOfKeys32, orderedKey32, radixSortAscending, radixSortKeys32 } from './radixSort';
import type { Scores } from './types';

/** Where one class's scores sit in a score array: `values[row * stride + offset]`. */
export interface ScoreColumn {
  values: Scores;
  stride: number;
  offset: number;
}

/** Counts at each distinct score, in decreasing score order (one entry per distinct score). */
export interface BinaryCurveCounts {
  /** Distinct scores, decreasing; rows with score >= thresholds[i] are predicted positive. */
  thresholds: Float64Array;
  /** True positives at each threshold (cumulative). */
  tps: Float64Array;
  /** False positives at each threshold (cumulative). */
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/** Builds the curve counts over `rows`; row r is positive when `labels[r] === positiveClass`. */
export function binaryCurveCounts(labels: Int32Array, column: ScoreColumn, positiveClass: number, rows: Uint32Array): BinaryCurveCounts {
  const { values, stride, offset } = column;
  let positives = 0;
  for (let j = 0; j < rows.length; j++) if (labels[rows[j]] === positiveClass) positives++;
  const negatives = rows.length - positives;
  if (values instanceof Float32Array) return curveOfFloat32(labels, column, values, positiveClass, rows, positives);
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  let ip = 0, ineg = 0;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    const v = values[r * stride + offset];
    if (labels[r] === positiveClass) pos[ip++] = v; else neg[ineg++] = v;
  }
  return mergeDescending(radixSortAscending(pos), radixSortAscending(neg));
}

/**
 * The float32 path: raw bits are turned into order-preserving integer keys, sorted and merged
 * as integers, and only the distinct thresholds are turned back into numbers.
 */
function curveOfFloat32(
  labels: Int32Array, column: ScoreColumn, values: Float32Array, positiveClass: number, rows: Uint32Array, positives: number,
): BinaryCurveCounts {
  const { stride, offset } = column;
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let pos = new Uint32Array(positives);
  let neg = new Uint32Array(rows.length - positives);
  let ip = 0, ineg = 0;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    const key = orderedKey32(bits[r * stride + offset]);
    if (labels[r] === positiveClass) pos[ip++] = key; else neg[ineg++] = key;
  }
  pos = radixSortKeys32(pos);
  neg = radixSortKeys32(neg);
  const counts = mergeDescending(pos, neg);
  return { ...counts, thresholds: floatsOfKeys32(counts.thresholds) };
}

/** Merges two ascending arrays from the top, one entry per distinct value. */
function mergeDescending(pos: Float64Array | Uint32Array, neg: Float64Array | Uint32Array): BinaryCurveCounts {
  const cap = pos.length + neg.length;
  const thresholds = new Float64Array(cap);
  const tps = new Float64Array(cap);
  const fps = new Float64Array(cap);
  let i = pos.length - 1, j = neg.length - 1, k = 0, tp = 0, fp = 0;
  while (i >= 0 || j >= 0) {
    let v: number;
    if (i < 0) v = neg[j];
    else if (j < 0) v = pos[i];
    else v = pos[i] > neg[j] ? pos[i] : neg[j];
    while (i >= 0 && pos[i] === v) { tp++; i--; }
    while (j >= 0 && neg[j] === v) { fp++; j--; }
    thresholds[k] = v; tps[k] = tp; fps[k] = fp; k++;
  }
  return {
    thresholds: thresholds.subarray(0, k), tps: tps.subarray(0, k), fps: fps.subarray(0, k),
    positives: pos.length, negatives: neg.length,
  };
}
