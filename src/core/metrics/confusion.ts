/** Predicted classes and the confusion matrix. */
import { sliceRows } from './rows';
import type { Scores, SliceOption } from './types';
import { checkLabels, checkSameLength } from './validate';

/** Counts of (true class, predicted class), row-major: `counts[t * numClasses + p]`, as sklearn's `confusion_matrix(labels=range(numClasses))`. */
export interface ConfusionMatrix {
  numClasses: number;
  counts: Float64Array;
}

/**
 * The most probable class of each row (the first on ties, as `numpy.argmax`).
 *
 * Notes: for two classes this predicts the positive class only when p1 > p0, i.e. p1 > 0.5.
 */
export function argmaxClasses(probs: Scores, numClasses: number): Int32Array {
  if (probs.length % numClasses !== 0) {
    throw new RangeError(`probs has ${probs.length} values, not a multiple of ${numClasses} classes`);
  }
  const n = probs.length / numClasses;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const base = r * numClasses;
    let best = 0;
    let bestP = probs[base];
    for (let c = 1; c < numClasses; c++) {
      const p = probs[base + c];
      if (p > bestP) { bestP = p; best = c; }
    }
    out[r] = best;
  }
  return out;
}

/** The confusion matrix over the selected rows (all zeros for an empty slice). */
export function confusionMatrix(labels: Int32Array, predicted: Int32Array, numClasses: number, options: SliceOption = {}): ConfusionMatrix {
  checkSameLength('labels', labels, 'predicted', predicted);
  const rows = sliceRows(labels.length, options.indices);
  checkLabels('labels', labels, numClasses, rows);
  checkLabels('predicted', predicted, numClasses, rows);
  const counts = new Float64Array(numClasses * numClasses);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    counts[labels[r] * numClasses + predicted[r]]++;
  }
  return { numClasses, counts };
}
