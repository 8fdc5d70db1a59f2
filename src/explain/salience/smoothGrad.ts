/**
 * SmoothGrad (Smilkov et al., 2017): the mean of gradient maps at noisy copies of the input.
 *
 * Notes: noise σ = noiseLevel × (max(x) − min(x)), drawn from the seeded generator so results
 * repeat. `over: 'grad'` averages the gradients and reports their L2 norm per label;
 * `over: 'grad_x_input'` averages g(x+ε)·(x+ε) (Captum's noise tunnel) and sums per label.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { encodeBound, findOovTokens, reduceToLabels, requireDifferentiable } from './encoding';
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
}

export function smoothGrad(model: ModelAdapter, example: Example, options: SmoothGradOptions = {}): SalienceResult {
  const differentiable = requireDifferentiable(model, 'SmoothGrad');
  const samples = options.samples ?? 32;
  const noiseLevel = options.noiseLevel ?? 0.15;
  const chunkSize = options.chunkSize ?? 64;
  const over = options.over ?? 'grad';
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (!(noiseLevel >= 0)) throw new RangeError(`noiseLevel must be >= 0, got ${noiseLevel}`);
  const rng = seededRandom(options.seed ?? 0);
  const { enc, m } = encodeBound(differentiable, example);
  try {
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const values = enc.input.dataSync() as Float32Array;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const sigma = noiseLevel * (hi - lo);
    const n = enc.input.size;
    let sum = tf.zerosLike(enc.input);
    for (let start = 0; start < samples; start += chunkSize) {
      const size = Math.min(chunkSize, samples - start);
      const noise = new Float32Array(size * n);
      for (let i = 0; i < noise.length; i++) noise[i] = rng.normal() * sigma;
      const next = tf.tidy(() => {
        const noisy = enc.input.add(tf.tensor(noise, [size, ...enc.input.shape.slice(1)]));
        const g = gradientOf(m, noisy, target);
        const a = over === 'grad' ? g : g.mul(noisy);
        return sum.add(a.sum(0, true));
      });
      sum.dispose();
      sum = next;
    }
    const mean = tf.tidy(() => sum.div(samples));
    sum.dispose();
    const scores = reduceToLabels(mean, enc.labels.length, over === 'grad' ? 'l2' : 'sum');
    mean.dispose();
    return { method: 'smooth_grad', labels: enc.labels, scores, target, output, heatmap: heatmapFor(enc, scores), oovTokens: findOovTokens(m, enc) };
  } finally {
    enc.input.dispose();
    enc.baseline.dispose();
  }
}
