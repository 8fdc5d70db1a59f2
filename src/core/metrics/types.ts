/**
 * Shared array types of the metrics module.
 *
 * Notes: metrics work on columnar typed arrays, never on per-row objects, so that a
 * 1,000,000-row dataset can be re-measured on a new slice in well under 100 ms.
 */

/** Real-valued scores, probabilities, targets or predictions. */
export type Scores = Float32Array | Float64Array;

/** Rows of a slice: indices into the full arrays. Absent means every row. */
export interface SliceOption {
  indices?: Uint32Array;
}

/**
 * The value precision, recall and F1 take when their denominator is zero.
 * scikit-learn's default (`zero_division="warn"`) behaves as 0.
 */
export type ZeroDivision = 0 | 1 | typeof NaN;
