/**
 * SmoothGrad (Smilkov et al., 2017): the mean of gradient maps at noisy copies of the input.
 *
 * Notes: noise σ = noiseLevel × (max(x) − min(x)) over the input (as PAIR's saliency library does
 * for images), drawn from the seeded generator so results repeat. A tabular model's columns
 * have scales of their own (grams beside millimetres when the model reads raw values), so given
 * `background` rows each column j gets σ_j = noiseLevel × its range over them instead.
 * `over: 'grad'` averages the gradients and reports their L2 norm per label;
 * `over: 'grad_x_input'` averages g(x+ε)·(x+ε) (Captum's noise tunnel) and sums per label,
 * or g(x+ε)·(x+ε − baseline) given a `baseline` (as gradient×input takes it). Tabular models
 * get one score per raw feature (`result.columns` keeps the one-hot detail).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { backgroundRows, type Background } from './background';
import { meanBaseline, type BaselineChoice } from './baseline';
import { encodeBound, findOovTokens, reduceToLabels, requireDifferentiable } from './encoding';
import { featureGranularity } from './granularity';
import { SalienceInputError } from './errors';
import { gradientOf } from './gradients';
import { heatmapFor } from './heatmap';
import { seededRandom } from './random';
import { evaluateTarget } from './target';
import type { SalienceResult, TargetOptions } from './types';

export interface SmoothGradOptions extends TargetOptions {
  /** σ as a fraction of the input's value range (default 0.15). */
  noiseLevel?: number;
  /** Noisy copies (default 32). */
  samples?: number;
  seed?: number;
  over?: 'grad' | 'grad_x_input';
  /** Noisy copies per pass (default 64). */
  chunkSize?: number;
  /** `over: 'grad_x_input'` only: the reference subtracted from each noisy input (default none). */
  baseline?: BaselineChoice;
  /** Tabular: rows (examples or encoded) whose per-column ranges scale the noise, column by column. */
  background?: Background;
}

/** max − min of `values`. */
function spread(values: Iterable<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** σ per encoded column: noiseLevel × (max − min) of that column over `rows` (0 for a column constant in them). */
export function columnNoiseScales(rows: readonly Float32Array[], noiseLevel: number): Float32Array {
  return Float32Array.from(rows[0], (_, j) => noiseLevel * spread(rows.map((r) => r[j])));
}

export function smoothGrad(model: ModelAdapter, example: Example, options: SmoothGradOptions = {}): SalienceResult {
  const differentiable = requireDifferentiable(model, 'SmoothGrad');
  const samples = options.samples ?? 32;
  const noiseLevel = options.noiseLevel ?? 0.15;
  const chunkSize = options.chunkSize ?? 64;
  const over = options.over ?? 'grad';
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (!(noiseLevel >= 0)) throw new RangeError(`noiseLevel must be >= 0, got ${noiseLevel}`);
  if (options.baseline !== undefined && over !== 'grad_x_input') throw new SalienceInputError(`SmoothGrad takes a baseline only with over: 'grad_x_input' (over: '${over}' averages plain gradients)`);
  const rng = seededRandom(options.seed ?? 0);
  const { enc, m } = encodeBound(differentiable, example);
  let reference: ReturnType<typeof meanBaseline> | undefined;
  try {
    reference = options.baseline !== undefined ? meanBaseline(m, options.baseline, enc.input, enc.baseline) : undefined;
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const n = enc.input.size;
    if (options.background !== undefined && enc.align !== 'features') throw new SalienceInputError(`SmoothGrad takes background rows for tabular models (per-column noise); model '${model.name}' reads ${enc.align}`);
    // σ per entry of a row: each column's own, or one from the input's range for all (PAIR's rule).
    const sigma: ArrayLike<number> = options.background !== undefined
      ? columnNoiseScales(backgroundRows(m, options.background, n), noiseLevel)
      : new Float64Array(n).fill(noiseLevel * spread(enc.input.dataSync() as Float32Array));
    let sum = tf.zerosLike(enc.input);
    for (let start = 0; start < samples; start += chunkSize) {
      const size = Math.min(chunkSize, samples - start);
      const noise = new Float32Array(size * n);
      for (let i = 0; i < noise.length; i++) noise[i] = rng.normal() * sigma[i % n];
      const next = tf.tidy(() => {
        const noisy = enc.input.add(tf.tensor(noise, [size, ...enc.input.shape.slice(1)]));
        const g = gradientOf(m, noisy, target);
        const a = over === 'grad' ? g : g.mul(reference ? noisy.sub(reference.tensor) : noisy);
        return sum.add(a.sum(0, true));
      });
      sum.dispose();
      sum = next;
    }
    const mean = tf.tidy(() => sum.div(samples));
    sum.dispose();
    const how = over === 'grad' ? 'l2' : 'sum';
    const shown = featureGranularity(m, enc, reduceToLabels(mean, enc.labels.length, how), how);
    mean.dispose();
    return { method: 'smooth_grad', ...shown, target, output, baseline: reference?.used, heatmap: heatmapFor(enc, shown.scores), oovTokens: findOovTokens(m, enc) };
  } finally {
    reference?.tensor.dispose();
    enc.input.dispose();
    enc.baseline.dispose();
  }
}
