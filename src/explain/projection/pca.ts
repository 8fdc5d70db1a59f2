/**
 * Principal component analysis of a row-major n × d matrix, for the embeddings projector.
 *
 * Notes:
 * - The covariance (ddof = 1, like scikit-learn's `explained_variance_`) is decomposed with
 *   Jacobi rotations (eigen.ts); fine for d up to a few hundred. Larger inputs are refused
 *   with a clear error rather than taking minutes.
 * - Sign convention (scikit-learn's `svd_flip(u_based_decision=False)`): each component is
 *   flipped so that its entry of largest absolute value is positive. With that, components
 *   agree with sklearn's `PCA(svd_solver='full')` including sign, except when two entries tie
 *   in absolute value.
 */
import { symmetricEigen } from './eigen';

export interface PcaResult {
  /** n × k row-major projections of the centred rows onto the components. */
  projected: Float64Array;
  /** k × d row-major unit components, largest variance first. */
  components: Float64Array;
  /** Variance along each component (ddof = 1). */
  explainedVariance: Float64Array;
  /** `explainedVariance` over the total variance. */
  explainedVarianceRatio: Float64Array;
  /** Column means subtracted before projecting. */
  mean: Float64Array;
  n: number;
  d: number;
  k: number;
}

export const PCA_MAX_DIM = 512;

/** PCA of `x` (n × d, row-major) keeping `k` components (default 2). */
export function pca(x: ArrayLike<number>, n: number, d: number, k = 2): PcaResult {
  if (!Number.isInteger(n) || n < 2) throw new Error(`pca: need at least 2 rows, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`pca: need at least 1 column, got ${d}`);
  if (x.length !== n * d) throw new Error(`pca: expected ${n} × ${d} = ${n * d} values, got ${x.length}`);
  if (d > PCA_MAX_DIM) throw new Error(`pca: ${d} dimensions is more than this PCA handles (${PCA_MAX_DIM}); reduce the embedding first`);
  if (!Number.isInteger(k) || k < 1 || k > d) throw new Error(`pca: components must be an integer in 1..${d}, got ${k}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`pca: row ${Math.floor(i / d)}, column ${i % d} is ${x[i]}, not a finite number`);
  }
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j] += x[r * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const centred = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) centred[r * d + j] = x[r * d + j] - mean[j];
  const cov = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    const off = r * d;
    for (let i = 0; i < d; i++) {
      const ci = centred[off + i];
      if (ci === 0) continue;
      for (let j = i; j < d; j++) cov[i * d + j] += ci * centred[off + j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      cov[i * d + j] /= n - 1;
      cov[j * d + i] = cov[i * d + j];
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  let total = 0;
  for (let i = 0; i < d; i++) total += cov[i * d + i];
  const components = new Float64Array(k * d);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(vectors[c * d + j]) > Math.abs(vectors[c * d + big])) big = j;
    const sign = vectors[c * d + big] < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * vectors[c * d + j];
    explainedVariance[c] = Math.max(values[c], 0);
    explainedVarianceRatio[c] = total > 0 ? explainedVariance[c] / total : 0;
  }
  const projected = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += centred[r * d + j] * components[c * d + j];
      projected[r * k + c] = s;
    }
  }
  return { projected, components, explainedVariance, explainedVarianceRatio, mean, n, d, k };
}
