/**
 * Integrated gradients (Sundararajan et al., 2017) with a completeness check.
 *
 * Notes: attributions are (x - b) ⊙ Σ_k w_k ∇F(b + α_k (x - b)); all path points go through
 * `forward` in batches of `chunkSize` rows (so memory stays bounded) and every result carries
 * delta = Σ attributions - (F(x) - F(b)), which is small only when the integral converged.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { resolveBaseline, type BaselineChoice } from './baseline';
import { encodeChecked, findOovTokens, reduceToLabels, requireDifferentiable } from './encoding';
import { gradientOf, targetValues } from './gradients';
import { heatmapFor } from './heatmap';
import { quadrature, type QuadratureRule } from './quadrature';
import { evaluateTarget } from './target';
import type { SalienceResult, TargetOptions } from './types';

export interface IntegratedGradientsOptions extends TargetOptions {
  /** Model evaluations along the path (default 32). */
  steps?: number;
  /** Default 'gauss-legendre'. */
  rule?: QuadratureRule;
  baseline?: BaselineChoice;
  /** Path points per forward/backward pass (default 64). */
  chunkSize?: number;
}

export const IG_DEFAULTS = { steps: 32, rule: 'gauss-legendre' as QuadratureRule, chunkSize: 64 };

export function integratedGradients(model: ModelAdapter, example: Example, options: IntegratedGradientsOptions = {}): SalienceResult {
  const m = requireDifferentiable(model, 'integrated gradients');
  const steps = options.steps ?? IG_DEFAULTS.steps;
  const { nodes, weights } = quadrature(options.rule ?? IG_DEFAULTS.rule, steps);
  const chunkSize = options.chunkSize ?? IG_DEFAULTS.chunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const enc = encodeChecked(m, example);
  let baseline: tf.Tensor | undefined;
  try {
    baseline = resolveBaseline(options.baseline, enc.input, enc.baseline);
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const attr = integratedGradientsTensor(m, enc.input, baseline, target, nodes, weights, chunkSize);
    const scores = reduceToLabels(attr, enc.labels.length, 'sum');
    const total = attr.sum();
    const sumAttr = total.dataSync()[0];
    total.dispose();
    attr.dispose();
    const baselineOutput = targetValues(m, baseline, target)[0];
    const delta = sumAttr - (output - baselineOutput);
    return {
      method: 'integrated_gradients', labels: enc.labels, scores, target, delta, output, baselineOutput,
      heatmap: heatmapFor(enc, scores), oovTokens: findOovTokens(m, enc),
    };
  } finally {
    baseline?.dispose();
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

/** The attribution tensor [1, ...inner]; the caller disposes it. */
export function integratedGradientsTensor(
  model: Parameters<typeof gradientOf>[0],
  input: tf.Tensor,
  baseline: tf.Tensor,
  target: Parameters<typeof gradientOf>[2],
  nodes: number[],
  weights: number[],
  chunkSize: number,
): tf.Tensor {
  const inner = input.shape.slice(1);
  const ones = inner.map(() => 1);
  let avg = tf.zerosLike(input);
  for (let start = 0; start < nodes.length; start += chunkSize) {
    const a = nodes.slice(start, start + chunkSize);
    const w = weights.slice(start, start + chunkSize);
    const next = tf.tidy(() => {
      const alpha = tf.tensor(a, [a.length, ...ones]);
      const diff = input.sub(baseline);
      const points = baseline.add(alpha.mul(diff));
      const g = gradientOf(model, points, target);
      const weighted = g.mul(tf.tensor(w, [w.length, ...ones])).sum(0, true);
      return avg.add(weighted);
    });
    avg.dispose();
    avg = next;
  }
  const attr = tf.tidy(() => avg.mul(input.sub(baseline)));
  avg.dispose();
  return attr;
}
