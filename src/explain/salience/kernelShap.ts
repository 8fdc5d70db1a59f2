/**
 * Kernel SHAP (Lundberg & Lee, 2017) for tabular models with a background sample, and for text
 * models over their tokens (a token outside the coalition takes the pad embedding).
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
import { isDifferentiable, type DifferentiableModel, type EncodedInput, type ModelAdapter } from '../../model/adapter';
import { backgroundRows, type Background } from './background';
import { asBlackBoxOptions, kernelShapPredict } from './blackBox';
import { encodeBound, requireDifferentiable } from './encoding';
import { SalienceInputError } from './errors';
import { coalitionsFor, shapleyFromCoalitions } from './coalitions';
import { evaluateRows, evaluateTokenMasks } from './perturb';
import { composeRow, tabularPlayers, type Players } from './players';
import { seededRandom } from './random';
import { evaluateTarget } from './target';
import type { ResultFor, SalienceResult, TargetOptions } from './types';

export interface KernelShapOptions extends TargetOptions {
  /** Tabular models: rows to integrate the absent features over. Text models: not used. */
  background?: Background;
  /** Enumerate all coalitions up to this many features (default 12). */
  exactLimit?: number;
  /** Sampled coalitions when M > exactLimit (default 2048). */
  samples?: number;
  seed?: number;
  /** Rows per forward pass (default 512). */
  chunkSize?: number;
}

/**
 * Models without gradients (a predict function, a remote or ONNX model) are explained by the
 * same call through predict() (kernelShapPredict); the result is then a Promise — `await` it either way.
 */
export function kernelShap<M extends ModelAdapter>(model: M, example: Example, options: KernelShapOptions): ResultFor<M>;
export function kernelShap(model: ModelAdapter, example: Example, options: KernelShapOptions): SalienceResult | Promise<SalienceResult> {
  if (!isDifferentiable(model)) return kernelShapPredict(model, example, asBlackBoxOptions('Kernel SHAP', options));
  const differentiable = requireDifferentiable(model, 'Kernel SHAP');
  const { enc, m } = encodeBound(differentiable, example);
  try {
    if (enc.align === 'tokens') return tokenKernelShap(m, enc, options ?? {});
    if (enc.align !== 'features') throw new SalienceInputError(`Kernel SHAP here is for tabular and text models; this model aligns to ${enc.align}. Use occlusion or integrated gradients.`);
    if (!options || !options.background) throw new SalienceInputError('Kernel SHAP needs options.background: rows of features (or examples) to integrate the absent features over');
    const x = Float32Array.from(enc.input.dataSync());
    const players = tabularPlayers(m, enc);
    const M = players.labels.length;
    const bg = backgroundRows(m, options.background, x.length);
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const chunkSize = options.chunkSize ?? 512;
    const { masks, weights } = coalitionsFor(M, options.exactLimit ?? 12, options.samples ?? 2048, seededRandom(options.seed ?? 0));
    // All-off coalition: E_b F(b).
    const allOff = [new Uint8Array(M)];
    const v0 = coalitionValues(m, players, x, bg, allOff, target, chunkSize)[0];
    const total = output - v0;
    const v = M === 1 ? new Float64Array(0) : coalitionValues(m, players, x, bg, masks, target, chunkSize);
    const scores = Float32Array.from(shapleyFromCoalitions(M, masks, weights, v, v0, total));
    const delta = scores.reduce((a, b) => a + b, 0) - total;
    return { method: 'kernel_shap', labels: players.labels, scores, target, output, baselineOutput: v0, delta };
  } finally {
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

/**
 * Text: the players are the model's tokens and a token outside the coalition is replaced by the
 * encoded baseline at its position (the pad embedding), as LIME and occlusion do; no background.
 */
function tokenKernelShap(m: DifferentiableModel, enc: EncodedInput, options: Omit<KernelShapOptions, 'background'>): SalienceResult {
  const M = enc.labels.length;
  const { target, output } = evaluateTarget(m, enc.input, options.target);
  const chunkSize = options.chunkSize ?? 512;
  const { masks, weights } = coalitionsFor(M, options.exactLimit ?? 12, options.samples ?? 2048, seededRandom(options.seed ?? 0));
  const f = evaluateTokenMasks(m, enc, M === 1 ? [new Uint8Array(M)] : [new Uint8Array(M), ...masks], 'pad', target, chunkSize);
  const v0 = f[0];
  const total = output - v0;
  const scores = Float32Array.from(shapleyFromCoalitions(M, M === 1 ? [] : masks, weights, Float64Array.from(f.subarray(1)), v0, total));
  const delta = scores.reduce((a, b) => a + b, 0) - total;
  return { method: 'kernel_shap', labels: enc.labels.slice(), scores, target, output, baselineOutput: v0, delta };
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

