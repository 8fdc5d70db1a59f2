/**
 * Mean cross-entropy, as scikit-learn 1.5's `log_loss(y, probs, labels=range(numClasses))`.
 *
 * Notes: sklearn 1.5 clips probabilities to [eps, 1 - eps] with eps the machine epsilon of
 * the input's dtype (2^-23 for float32, 2^-52 for float64) and no longer renormalises rows;
 * it warns when rows do not sum to one, where this throws, naming the row. The sum is taken
 * in double precision even for Float32Array input (sklearn computes float32 input in float32,
 * so the two differ around 1e-7 there).
 */
import { sliceRows } from './rows';
import type { Scores, SliceOption } from './types';
import { checkLabels, checkProbabilities } from './validate';

/** Machine epsilon of the array's dtype, as `numpy.finfo(dtype).eps`. */
export function dtypeEpsilon(values: Scores): number {
  return values instanceof Float32Array ? 2 ** -23 : 2 ** -52;
}

/** Mean negative log-probability of each selected row's true class; NaN for an empty slice. */
export function logLoss(labels: Int32Array, probs: Scores, numClasses: number, options: SliceOption = {}): number {
  const rows = sliceRows(labels.length, options.indices);
  checkLabels('labels', labels, numClasses, rows);
  const eps = dtypeEpsilon(probs);
  checkProbabilities(probs, numClasses, labels.length, rows, Math.sqrt(eps));
  return logLossOfRows(labels, probs, numClasses, rows);
}

/** The log loss of already checked rows. */
export function logLossOfRows(labels: Int32Array, probs: Scores, numClasses: number, rows: Uint32Array): number {
  if (rows.length === 0) return NaN;
  const eps = dtypeEpsilon(probs);
  let sum = 0;
  for (let j = 0; j < rows.length; j++) sum += rowTerm(probs, numClasses, labels, rows[j], eps);
  return sum / rows.length;
}

/** Each row's log-loss term (so a slice's log loss is the mean of its rows' terms). */
export function rowLogLoss(labels: Int32Array, probs: Scores, numClasses: number): Float64Array {
  const eps = dtypeEpsilon(probs);
  const out = new Float64Array(labels.length);
  for (let r = 0; r < labels.length; r++) out[r] = rowTerm(probs, numClasses, labels, r, eps);
  return out;
}

function rowTerm(probs: Scores, numClasses: number, labels: Int32Array, r: number, eps: number): number {
  const p = probs[r * numClasses + labels[r]];
  return -Math.log(p < eps ? eps : p > 1 - eps ? 1 - eps : p);
}
