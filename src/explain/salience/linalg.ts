/**
 * Small dense linear algebra for LIME and Kernel SHAP: weighted ridge regression in closed
 * form, (ZᵀWZ + λI) β = ZᵀWy, solved by Cholesky (the matrix is symmetric positive definite
 * when λ > 0, or when Z has full column rank).
 */

/** Rows are samples. Returns coefficients for each column, plus the intercept when asked. */
export function weightedRidge(
  z: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  lambda: number,
  fitIntercept = true,
): { coef: Float64Array; intercept: number } {
  const n = z.length;
  if (n === 0) throw new RangeError('weightedRidge needs at least one sample');
  const p = z[0].length;
  const q = fitIntercept ? p + 1 : p;
  const a = new Float64Array(q * q);
  const b = new Float64Array(q);
  const row = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    for (let j = 0; j < p; j++) row[j] = zi[j];
    if (fitIntercept) row[p] = 1;
    const wi = w[i];
    for (let j = 0; j < q; j++) {
      const wr = wi * row[j];
      if (wr === 0) continue;
      b[j] += wr * y[i];
      for (let k = j; k < q; k++) a[j * q + k] += wr * row[k];
    }
  }
  for (let j = 0; j < q; j++) for (let k = 0; k < j; k++) a[j * q + k] = a[k * q + j];
  // The intercept is not penalised.
  for (let j = 0; j < p; j++) a[j * q + j] += lambda;
  const beta = solveSymmetric(a, b, q);
  return { coef: beta.slice(0, p), intercept: fitIntercept ? beta[p] : 0 };
}

/** Solves A x = b for symmetric positive (semi)definite A [n, n] by Cholesky, with a tiny jitter if needed. */
export function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i];
  for (let attempt = 0; attempt < 6; attempt++) {
    const jitter = attempt === 0 ? 0 : (trace / n) * 1e-12 * 100 ** attempt;
    const l = cholesky(a, n, jitter);
    if (l) return choleskySolve(l, b, n);
  }
  throw new RangeError('the regression is singular: too few distinct samples for the number of features');
}

function cholesky(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

function choleskySolve(l: Float64Array, b: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}
