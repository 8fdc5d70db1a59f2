/**
 * Input checks shared by the metrics: bad input fails with an error naming the field and
 * the row, never with a wrong number.
 */
import type { Scores } from './types';

/** Throws unless `a` and `b` have the same length. */
export function checkSameLength(aName: string, a: ArrayLike<number>, bName: string, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new RangeError(`${aName} has ${a.length} rows but ${bName} has ${b.length}`);
  }
}

/** Throws unless every selected label is an integer class index in `[0, numClasses)`. */
export function checkLabels(name: string, labels: Int32Array, numClasses: number, rows: Uint32Array): void {
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`numClasses must be an integer >= 2, got ${numClasses}`);
  }
  for (let j = 0; j < rows.length; j++) {
    const v = labels[rows[j]];
    if (v < 0 || v >= numClasses) {
      throw new RangeError(`${name}[${rows[j]}] = ${v} is not a class index in [0, ${numClasses})`);
    }
  }
}

/** Throws unless every selected value is finite (scikit-learn rejects NaN and infinity). */
export function checkFinite(name: string, values: Scores, rows: Uint32Array, stride = 1, offset = 0): void {
  for (let j = 0; j < rows.length; j++) {
    const v = values[rows[j] * stride + offset];
    if (!Number.isFinite(v)) throw new RangeError(`${name}[${rows[j]}] is ${v}; expected a finite number`);
  }
}

/**
 * Throws unless `probs` is a rows x numClasses matrix of values in [0, 1] whose selected rows
 * sum to 1 within numpy's `allclose(1, sum, rtol)` tolerance.
 */
export function checkProbabilities(probs: Scores, numClasses: number, n: number, rows: Uint32Array, rtol: number): void {
  if (probs.length !== n * numClasses) {
    throw new RangeError(`probs has ${probs.length} values; expected ${n} rows x ${numClasses} classes`);
  }
  for (let j = 0; j < rows.length; j++) {
    const base = rows[j] * numClasses;
    let sum = 0;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[base + c];
      if (!(p >= 0 && p <= 1)) {
        throw new RangeError(`probs[${rows[j]}][${c}] = ${p} is not a probability in [0, 1]`);
      }
      sum += p;
    }
    if (!(Math.abs(1 - sum) <= 1e-8 + rtol * sum)) {
      throw new RangeError(`probs row ${rows[j]} sums to ${sum}, not 1`);
    }
  }
}
