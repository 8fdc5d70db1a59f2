/**
 * Gradient L2 norm and gradient×input for one example.
 *
 * Notes: for text the gradient is taken at the embedding output and reduced over the
 * embedding dimension (L2 norm for grad-norm, sum of grad·x for grad×input), so there is one
 * score per token shown.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { encodeBound, findOovTokens, reduceToLabels, requireDifferentiable } from './encoding';
import { gradientOf } from './gradients';
import { heatmapFor } from './heatmap';
import { evaluateTarget } from './target';
import type { SalienceResult, TargetOptions } from './types';

export function gradientNorm(model: ModelAdapter, example: Example, options: TargetOptions = {}): SalienceResult {
  return gradientMethod(model, example, options, 'grad_norm');
}

export function gradientTimesInput(model: ModelAdapter, example: Example, options: TargetOptions = {}): SalienceResult {
  return gradientMethod(model, example, options, 'grad_x_input');
}

function gradientMethod(model: ModelAdapter, example: Example, options: TargetOptions, method: 'grad_norm' | 'grad_x_input'): SalienceResult {
  const differentiable = requireDifferentiable(model, method);
  const { enc, m } = encodeBound(differentiable, example);
  try {
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const attr = tf.tidy(() => {
      const g = gradientOf(m, enc.input, target);
      return method === 'grad_norm' ? g : g.mul(enc.input);
    });
    const scores = reduceToLabels(attr, enc.labels.length, method === 'grad_norm' ? 'l2' : 'sum');
    attr.dispose();
    return { method, labels: enc.labels, scores, target, output, heatmap: heatmapFor(enc, scores), oovTokens: findOovTokens(m, enc) };
  } finally {
    enc.input.dispose();
    enc.baseline.dispose();
  }
}
