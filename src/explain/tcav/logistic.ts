/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) in the dual when there
 * are more features than rows — the linear classifier whose normal vector is a concept
 * activation vector (CAV).
 *
 * Notes: TCAV separates a few dozen concept examples from as many random ones in a layer's
 * activation space, often with thousands of dimensions, so the problem is solved in the
 * n-dimensional dual (w = Xᵀα, the representer theorem for the L2 penalty): each Newton step
 * solves an n×n system. The objective is scikit-learn's `LogisticRegression(C=…)`:
 * C·Σ log(1 + exp(−yᵢ(w·xᵢ + b))) + ½‖w‖², the intercept unpenalised. Pure numbers.
 */
import { solveLinear } from './solve';

export interface LogisticFit {
  weights: Float64Array;
  intercept: number;
  /** Training accuracy (the share of rows on the right side of the hyperplane). */
  accuracy: number;
  iterations: number;
}

export interface LogisticOptions {
  /** Inverse regularisation strength, as scikit-learn's C (default 1). */
  c?: number;
  maxIterations?: number;
  tolerance?: number;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Fits labels `y` (0/1) on rows `x` (n rows of d values, row-major). Throws when there is only
 * one class or the shapes disagree.
 */
export function fitLogistic(x: Float64Array, n: number, d: number, y: Uint8Array, options: LogisticOptions = {}): LogisticFit {
  if (x.length !== n * d) throw new RangeError(`logistic regression: ${x.length} values are not ${n} rows of ${d}`);
  if (y.length !== n) throw new RangeError(`logistic regression: ${y.length} labels for ${n} rows`);
  const positives = y.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === n) throw new RangeError('logistic regression needs rows of both classes');
  const c = options.c ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  // Gram matrix K = X Xᵀ; w = Xᵀ α, so w·xᵢ = (K α)ᵢ and ‖w‖² = αᵀ K α.
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
      gram[i * n + j] = s;
      gram[j * n + i] = s;
    }
  }
  // Newton on (w, b) with w = Xᵀα kept in the rows' span: with r = C(σ(z) − y) and D = diag(Cσ(1−σ)),
  // the primal step (XᵀDX + I)Δw + XᵀD1 Δb = −Xᵀ(r + α), 1ᵀDXΔw + 1ᵀD1 Δb = −1ᵀr is met by Δw = XᵀΔα with
  // (K + D⁻¹)Δα + 1 Δb = −D⁻¹(r + α) and, subtracting the two, 1ᵀΔα = −1ᵀα.
  const alpha = new Float64Array(n);
  let b = 0;
  let iterations = 0;
  const z = new Float64Array(n);
  for (; iterations < maxIterations; iterations++) {
    for (let i = 0; i < n; i++) {
      let s = b;
      for (let j = 0; j < n; j++) s += gram[i * n + j] * alpha[j];
      z[i] = s;
    }
    const r = new Float64Array(n);
    const dd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]);
      r[i] = c * (p - y[i]);
      dd[i] = Math.max(c * p * (1 - p), 1e-12);
    }
    const m = n + 1;
    const a = new Float64Array(m * m);
    const rhs = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) a[i * m + j] = gram[i * n + j] + (i === j ? 1 / dd[i] : 0);
      a[i * m + n] = 1;
      a[n * m + i] = 1;
      rhs[i] = -(r[i] + alpha[i]) / dd[i];
    }
    a[n * m + n] = 0;
    rhs[n] = -alpha.reduce((s, v) => s + v, 0);
    const step = solveLinear(a, rhs, m);
    let change = 0;
    for (let i = 0; i < n; i++) {
      alpha[i] += step[i];
      change = Math.max(change, Math.abs(step[i]));
    }
    b += step[n];
    change = Math.max(change, Math.abs(step[n]));
    if (change < tolerance) { iterations++; break; }
  }
  const weights = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) weights[k] += alpha[i] * x[i * d + k];
  let right = 0;
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let k = 0; k < d; k++) s += weights[k] * x[i * d + k];
    if ((s > 0 ? 1 : 0) === y[i]) right++;
  }
  return { weights, intercept: b, accuracy: right / n, iterations };
}
