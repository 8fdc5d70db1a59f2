/**
 * Whether a MulticlassPreds row is a probability distribution. Logits, or scores from a
 * model whose softmax was cut off at export, otherwise pass as probabilities until a metric
 * objects far from where they came in.
 */

/** Rows may sum to 1 within this (float32 softmax sums of a thousand classes stay well inside). */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/** What is wrong with `row` as probabilities, or undefined when it is a distribution. */
export function probabilityProblem(row: readonly number[]): string | undefined {
  const outside = row.findIndex((p) => !(p >= 0 && p <= 1));
  const sum = row.reduce((a, b) => a + b, 0);
  if (outside < 0 && Math.abs(sum - 1) <= PROBABILITY_SUM_TOLERANCE) return undefined;
  const why = outside >= 0 ? `${row[outside]} is outside [0, 1]` : `they sum to ${+sum.toPrecision(6)}, not 1`;
  return `these are not probabilities (${why}): if the model returns logits, apply softmax before returning them (or give the output as RegressionScore)`;
}
