/**
 * The few held-out figures the training scripts record in `tslit.json` (the full metrics
 * library lives in `src/core`; these stay here so the scripts stand alone).
 */

/** Index of the largest of `k` values starting at `offset`. */
function argmaxAt(probs: ArrayLike<number>, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (probs[offset + j] > probs[offset + best]) best = j;
  return best;
}

/** Predicted class of each row of flat [n, k] probabilities. */
export function argmaxRows(probs: ArrayLike<number>, k: number): number[] {
  const n = probs.length / k;
  return Array.from({ length: n }, (_, i) => argmaxAt(probs, i * k, k));
}

export function accuracy(predicted: readonly number[], truth: readonly number[]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hit++;
  return hit / truth.length;
}

/** Mean negative log probability of the true class (probabilities clipped at 1e-7). */
export function logLoss(probs: ArrayLike<number>, k: number, truth: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s -= Math.log(Math.max(probs[i * k + truth[i]], 1e-7));
  return s / truth.length;
}

/** Precision and recall of class `positive`. */
export function precisionRecall(predicted: readonly number[], truth: readonly number[], positive: number): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (predicted[i] === positive && truth[i] === positive) tp++;
    else if (predicted[i] === positive) fp++;
    else if (truth[i] === positive) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

export function rmse(pred: ArrayLike<number>, truth: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (pred[i] - truth[i]) ** 2;
  return Math.sqrt(s / truth.length);
}

export function mae(pred: ArrayLike<number>, truth: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(pred[i] - truth[i]);
  return s / truth.length;
}
