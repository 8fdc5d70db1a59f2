/**
 * Gradient L2 norm and gradient×input for one example.
 *
 * Notes: for text the gradient is taken at the embedding output and reduced over the
 * embedding dimension (L2 norm for grad-norm, sum of grad·x for grad×input), so there is one
 * score per token shown. Tabular models get one score per raw feature (`result.columns` keeps
 * the one-hot detail). Gradient×input takes an optional `baseline` (any choice integrated
 * gradients take; a background counts as its mean row): the scores are then
 * (x − baseline) ⊙ ∇F(x), a first-order estimate of F(x) − F(baseline); without one, x ⊙ ∇F(x)
 * as the method is usually defined.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { meanBaseline, type BaselineChoice } from './baseline';
import { encodeBound, findOovTokens, reduceToLabels, requireDifferentiable } from './encoding';
import { featureGranularity } from './granularity';
import { gradientOf } from './gradients';
import { heatmapFor } from './heatmap';
import { evaluateTarget } from './target';
import type { SalienceResult, TargetOptions } from './types';

export function gradientNorm(model: ModelAdapter, example: Example, options: TargetOptions = {}): SalienceResult {
  return gradientMethod(model, example, options, 'grad_norm');
}

export interface GradientTimesInputOptions extends TargetOptions {
  /** Scores become (x − baseline) ⊙ ∇F(x); default none (x ⊙ ∇F(x)). */
  baseline?: BaselineChoice;
}

export function gradientTimesInput(model: ModelAdapter, example: Example, options: GradientTimesInputOptions = {}): SalienceResult {
  return gradientMethod(model, example, options, 'grad_x_input');
}

function gradientMethod(model: ModelAdapter, example: Example, options: GradientTimesInputOptions, method: 'grad_norm' | 'grad_x_input'): SalienceResult {
  const differentiable = requireDifferentiable(model, method);
  const { enc, m } = encodeBound(differentiable, example);
  let reference: ReturnType<typeof meanBaseline> | undefined;
  try {
    reference = method === 'grad_x_input' && options.baseline !== undefined ? meanBaseline(m, options.baseline, enc.input, enc.baseline) : undefined;
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const attr = tf.tidy(() => {
      const g = gradientOf(m, enc.input, target);
      if (method === 'grad_norm') return g;
      return g.mul(reference ? enc.input.sub(reference.tensor) : enc.input);
    });
    const how = method === 'grad_norm' ? 'l2' : 'sum';
    const shown = featureGranularity(m, enc, reduceToLabels(attr, enc.labels.length, how), how);
    attr.dispose();
    return { method, ...shown, target, output, baseline: reference?.used, heatmap: heatmapFor(enc, shown.scores), oovTokens: findOovTokens(m, enc) };
  } finally {
    reference?.tensor.dispose();
    enc.input.dispose();
    enc.baseline.dispose();
  }
}
