/**
 * Coalitions and the constrained weighted regression of Kernel SHAP, independent of how a
 * coalition's value is computed (forward on encoded rows, or predict on examples).
 */
import { weightedRidge } from './linalg';
import type { Random } from './random';

/**
 * Shapley values from coalition values: weighted least squares with the efficiency
 * constraint Σφ = total enforced by eliminating the last player.
 * @param v value of each mask; v0 the value of the empty coalition; total = v(all) − v0.
 */
export function shapleyFromCoalitions(M: number, masks: readonly Uint8Array[], weights: readonly number[], v: ArrayLike<number>, v0: number, total: number): Float64Array {
  const phi = new Float64Array(M);
  if (M === 1) {
    phi[0] = total;
    return phi;
  }
  const zs = masks.map((z) => Float64Array.from({ length: M - 1 }, (_, j) => z[j] - z[M - 1]));
  const ys = masks.map((z, i) => v[i] - v0 - z[M - 1] * total);
  const { coef } = weightedRidge(zs, ys, weights, 0, false);
  let s = 0;
  for (let j = 0; j < M - 1; j++) {
    phi[j] = coef[j];
    s += coef[j];
  }
  phi[M - 1] = total - s;
  return phi;
}

/** Exact enumeration up to `exactLimit` players, else sampling. */
export function coalitionsFor(M: number, exactLimit: number, samples: number, rng: Random): { masks: Uint8Array[]; weights: number[] } {
  return M <= exactLimit ? allCoalitions(M) : sampledCoalitions(M, samples, rng);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Every coalition except the empty and the full one, with its Shapley kernel weight. */
export function allCoalitions(M: number): { masks: Uint8Array[]; weights: number[] } {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  for (let bits = 1; bits < 2 ** M - 1; bits++) {
    const z = new Uint8Array(M);
    let s = 0;
    for (let j = 0; j < M; j++) if ((bits >> j) & 1) {
      z[j] = 1;
      s++;
    }
    masks.push(z);
    weights.push((M - 1) / (binomial(M, s) * s * (M - s)));
  }
  return { masks, weights };
}

/** Coalitions sampled in complementary pairs with sizes drawn ∝ (M−1)/(s(M−s)); equal weights. */
export function sampledCoalitions(M: number, samples: number, rng: Random): { masks: Uint8Array[]; weights: number[] } {
  const sizeWeights = Array.from({ length: M - 1 }, (_, i) => (M - 1) / ((i + 1) * (M - 1 - i)));
  const totalW = sizeWeights.reduce((a, b) => a + b, 0);
  const masks: Uint8Array[] = [];
  for (let n = 0; n < Math.ceil(samples / 2); n++) {
    let u = rng.uniform() * totalW;
    let s = 1;
    for (; s < M - 1 && u > sizeWeights[s - 1]; s++) u -= sizeWeights[s - 1];
    const z = new Uint8Array(M);
    const order = Array.from({ length: M }, (_, i) => i);
    for (let i = 0; i < s; i++) {
      const j = i + rng.int(M - i);
      [order[i], order[j]] = [order[j], order[i]];
      z[order[i]] = 1;
    }
    masks.push(z, z.map((v) => 1 - v));
  }
  return { masks, weights: masks.map(() => 1) };
}
