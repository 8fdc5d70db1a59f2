/**
 * Kernel SHAP (Lundberg & Lee, 2017) for tabular models with a background sample.
 *
 * Notes: the value of a coalition S is the mean over background rows b of F(x_S, b_~S)
 * (interventional, features treated as independent). With M ≤ `exactLimit` features every
 * coalition is enumerated and weighted by the Shapley kernel (M−1)/(C(M,|S|)·|S|·(M−|S|)),
 * which makes the weighted regression return the exact Shapley values of that game; above
 * it, coalitions are sampled in complementary pairs with sizes drawn from the kernel. The
 * efficiency constraint Σφ = F(x) − E_b F(b) is enforced by eliminating the last feature.
 * Players are raw features (`featureGroups()`): a one-hot feature's columns move together.
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { backgroundRows, type Background } from './background';
import { encodeChecked, requireDifferentiable } from './encoding';
import { SalienceInputError } from './errors';
import { weightedRidge } from './linalg';
import { evaluateRows } from './perturb';
import { composeRow, tabularPlayers, type Players } from './players';
import { seededRandom, type Random } from './random';
import { evaluateTarget } from './target';
import type { SalienceResult, TargetOptions } from './types';

export interface KernelShapOptions extends TargetOptions {
  background: Background;
  /** Enumerate all coalitions up to this many features (default 12). */
  exactLimit?: number;
  /** Sampled coalitions when M > exactLimit (default 2048). */
  samples?: number;
  seed?: number;
  /** Rows per forward pass (default 512). */
  chunkSize?: number;
}

export function kernelShap(model: ModelAdapter, example: Example, options: KernelShapOptions): SalienceResult {
  const m = requireDifferentiable(model, 'Kernel SHAP');
  if (!options || !options.background) throw new SalienceInputError('Kernel SHAP needs options.background: rows of features (or examples) to integrate the absent features over');
  const enc = encodeChecked(m, example);
  try {
    if (enc.align !== 'features') throw new SalienceInputError(`Kernel SHAP here is for tabular models (features); this model aligns to ${enc.align}. Use LIME or occlusion.`);
    const x = Float32Array.from(enc.input.dataSync());
    const players = tabularPlayers(m, enc);
    const M = players.labels.length;
    const bg = backgroundRows(m, options.background, x.length);
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const chunkSize = options.chunkSize ?? 512;
    const exact = M <= (options.exactLimit ?? 12);
    const { masks, weights } = exact ? allCoalitions(M) : sampledCoalitions(M, options.samples ?? 2048, seededRandom(options.seed ?? 0));
    // All-off coalition: E_b F(b).
    const allOff = [new Uint8Array(M)];
    const v0 = coalitionValues(m, players, x, bg, allOff, target, chunkSize)[0];
    const phi = new Float64Array(M);
    const total = output - v0;
    if (M === 1) {
      phi[0] = total;
    } else {
      const v = coalitionValues(m, players, x, bg, masks, target, chunkSize);
      // Eliminate φ_{M-1} = total − Σ_{j<M-1} φ_j.
      const zs = masks.map((z) => Float64Array.from({ length: M - 1 }, (_, j) => z[j] - z[M - 1]));
      const ys = masks.map((z, i) => v[i] - v0 - z[M - 1] * total);
      const { coef } = weightedRidge(zs, ys, weights, 0, false);
      let s = 0;
      for (let j = 0; j < M - 1; j++) {
        phi[j] = coef[j];
        s += coef[j];
      }
      phi[M - 1] = total - s;
    }
    const scores = Float32Array.from(phi);
    const delta = scores.reduce((a, b) => a + b, 0) - total;
    return { method: 'kernel_shap', labels: players.labels, scores, target, output, baselineOutput: v0, delta };
  } finally {
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

/** v(S) = mean_b F(x_S, b_~S) for every mask. */
function coalitionValues(
  model: Parameters<typeof evaluateRows>[0],
  players: Players,
  x: Float32Array,
  bg: readonly Float32Array[],
  masks: readonly Uint8Array[],
  target: Parameters<typeof evaluateRows>[3],
  chunkSize: number,
): Float64Array {
  const M = x.length; // model-space columns
  const B = bg.length;
  const values = new Float64Array(masks.length);
  // Bound memory: evaluate groups of masks so one group holds at most ~64k rows.
  const group = Math.max(1, Math.floor(65536 / B));
  for (let g0 = 0; g0 < masks.length; g0 += group) {
    const part = masks.slice(g0, g0 + group);
    const data = new Float32Array(part.length * B * M);
    part.forEach((z, i) => {
      bg.forEach((b, k) => composeRow(data, (i * B + k) * M, players, z, x, b));
    });
    const f = evaluateRows(model, data, [M], target, chunkSize);
    part.forEach((_, i) => {
      let s = 0;
      for (let k = 0; k < B; k++) s += f[i * B + k];
      values[g0 + i] = s / B;
    });
  }
  return values;
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
function sampledCoalitions(M: number, samples: number, rng: Random): { masks: Uint8Array[]; weights: number[] } {
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
