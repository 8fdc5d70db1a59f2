/**
 * Column standardisation (zero mean, unit population variance) of a row-major matrix, so
 * raw features with different units (grams and millimetres) weigh alike in a projection.
 * Constant columns become 0.
 */
export function standardize(x: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += x[r * d + j];
    mean /= n;
    let variance = 0;
    for (let r = 0; r < n; r++) variance += (x[r * d + j] - mean) ** 2;
    const std = Math.sqrt(variance / n);
    for (let r = 0; r < n; r++) out[r * d + j] = std > 0 ? (x[r * d + j] - mean) / std : 0;
  }
  return out;
}
