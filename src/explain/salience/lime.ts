/**
 * LIME (Ribeiro et al., 2016) for tokens and tabular features (raw features: a one-hot
 * feature's columns are switched together).
 *
 * Notes: sample 0 is the unperturbed input. Text: each sample removes k ~ U{1..M−1} random
 * tokens (masked with the pad embedding or removed). Tabular: each feature is kept with
 * probability ½, otherwise drawn from a random background row ('background') or from
 * N(mean, std) of the background (or N(0, 1) for standardised features without one)
 * ('gaussian'). The weight of a sample is sqrt(exp(-d²/width²)) with d the cosine distance
 * of its mask to all-ones (LIME's text kernel); the weighted ridge is solved in closed form.
 */
import type { Example } from '../../core/spec';
import { isDifferentiable, type ModelAdapter } from '../../model/adapter';
import { backgroundRows, columnStats, type Background } from './background';
import { asBlackBoxOptions, limePredict } from './blackBox';
import { encodeBound, findOovTokens, requireDifferentiable } from './encoding';
import { SalienceInputError } from './errors';
import { limeFit, sampleMasks } from './surrogate';
import { evaluateRows, evaluateTokenMasks, type TokenMask } from './perturb';
import { composeRow, tabularPlayers, type Players } from './players';
import { seededRandom, type Random } from './random';
import { evaluateTarget } from './target';
import type { ResultFor, SalienceResult, TargetOptions } from './types';

export interface LimeOptions extends TargetOptions {
  /** Perturbed samples including the original (default 256). */
  samples?: number;
  seed?: number;
  /** Kernel width on the cosine distance (default 0.25, LIME's 25 on distance×100). */
  kernelWidth?: number;
  /** Ridge penalty (default 1, as LIME's sklearn Ridge). */
  ridge?: number;
  /** Text: how a removed token is hidden (default 'pad'). */
  mask?: TokenMask;
  /** Tabular: where replaced values come from (default 'background' when given, else 'gaussian'). */
  sampling?: 'background' | 'gaussian';
  background?: Background;
  /** Rows per forward pass (default 256). */
  chunkSize?: number;
}

/**
 * Models without gradients (a predict function, a remote or ONNX model) are explained by the
 * same call through predict() (limePredict); the result is then a Promise — `await` it either way.
 */
export function lime<M extends ModelAdapter>(model: M, example: Example, options?: LimeOptions): ResultFor<M>;
export function lime(model: ModelAdapter, example: Example, options: LimeOptions = {}): SalienceResult | Promise<SalienceResult> {
  if (!isDifferentiable(model)) return limePredict(model, example, asBlackBoxOptions('LIME', options));
  const differentiable = requireDifferentiable(model, 'LIME');
  const samples = options.samples ?? 256;
  if (!Number.isInteger(samples) || samples < 2) throw new RangeError(`samples must be an integer >= 2, got ${samples}`);
  const rng = seededRandom(options.seed ?? 0);
  const chunkSize = options.chunkSize ?? 256;
  const { enc, m } = encodeBound(differentiable, example);
  try {
    if (enc.align === 'pixels') throw new SalienceInputError('LIME works on tokens or tabular features; for images use occlusion or integrated gradients');
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const players = enc.align === 'tokens' ? undefined : tabularPlayers(m, enc);
    const labels = players ? players.labels : enc.labels;
    const M = labels.length;
    const masks = sampleMasks(M, samples, rng, enc.align === 'tokens');
    let f: Float32Array;
    if (!players) {
      f = evaluateTokenMasks(m, enc, masks, options.mask ?? 'pad', target, chunkSize);
    } else {
      const x = Float32Array.from(enc.input.dataSync());
      f = evaluateRows(m, tabularSamples(m, players, x, masks, rng, options), [x.length], target, chunkSize);
    }
    const scores = limeFit(masks, f, options.kernelWidth ?? 0.25, options.ridge ?? 1);
    return { method: 'lime', labels, scores, target, output, oovTokens: findOovTokens(m, enc) };
  } finally {
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

function tabularSamples(
  model: Parameters<typeof backgroundRows>[0],
  players: Players,
  x: Float32Array,
  masks: readonly Uint8Array[],
  rng: Random,
  options: LimeOptions,
): Float32Array {
  const M = x.length; // model-space columns
  const rows = options.background ? backgroundRows(model, options.background, M) : undefined;
  const sampling = options.sampling ?? (rows ? 'background' : 'gaussian');
  if (sampling === 'background' && !rows) throw new SalienceInputError("LIME sampling 'background' needs options.background (rows of features or examples)");
  const stats = rows ? columnStats(rows) : { mean: new Float32Array(M), std: new Float32Array(M).fill(1) };
  const data = new Float32Array(masks.length * M);
  const noisy = new Float32Array(M);
  masks.forEach((z, s) => {
    let fill: Float32Array;
    if (sampling === 'background' && rows) {
      fill = rows[rng.int(rows.length)];
    } else {
      for (let j = 0; j < M; j++) noisy[j] = stats.mean[j] + stats.std[j] * rng.normal();
      fill = noisy;
    }
    composeRow(data, s * M, players, z, x, fill);
  });
  return data;
}
