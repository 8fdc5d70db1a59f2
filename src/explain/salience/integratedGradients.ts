/**
 * Integrated gradients (Sundararajan et al., 2017) with a completeness check.
 *
 * Notes: attributions are (x - b) ⊙ Σ_k w_k ∇F(b + α_k (x - b)); all path points go through
 * `forward` in batches of `chunkSize` rows (so memory stays bounded) and every result carries
 * delta = Σ attributions - (F(x) - F(b)), which is small only when the integral converged.
 * When it is not within `tolerance` of |F(x) − F(b)|, steps double until it is (or `maxSteps`),
 * and with the default Gauss–Legendre rule the nodes are then placed where F changes along the
 * path (`adaptiveGaussLegendre`); the result says how many steps were used.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { DifferentiableModel, ModelAdapter } from '../../model/adapter';
import { resolveBaseline, type BaselineChoice } from './baseline';
import { encodeBound, findOovTokens, reduceToLabels, requireDifferentiable } from './encoding';
import { heatmapFor } from './heatmap';
import { adaptiveGaussLegendre, quadrature, type QuadratureRule } from './quadrature';
import { targetValues } from './gradients';
import { evaluateTargetPair, resolveTarget, selectTarget } from './target';
import type { ResolvedTarget, SalienceResult, TargetChoice, TargetOptions } from './types';

export interface IntegratedGradientsOptions extends TargetOptions {
  /** Model evaluations along the path (default 32). */
  steps?: number;
  /** Default 'gauss-legendre'. */
  rule?: QuadratureRule;
  baseline?: BaselineChoice;
  /** Path points per forward/backward pass (default 64). */
  chunkSize?: number;
  /**
   * Completeness target: while |delta| > tolerance·|F(x) − F(baseline)|, steps double (up to
   * `maxSteps`). Default 0.01; 'off' computes exactly `steps`.
   */
  tolerance?: number | 'off';
  /** Upper bound for the doubling (default 256). */
  maxSteps?: number;
}

export const IG_DEFAULTS = { steps: 32, rule: 'gauss-legendre' as QuadratureRule, chunkSize: 64, tolerance: 0.01, maxSteps: 256 };

export function integratedGradients(model: ModelAdapter, example: Example, options: IntegratedGradientsOptions = {}): SalienceResult {
  const differentiable = requireDifferentiable(model, 'integrated gradients');
  const firstSteps = options.steps ?? IG_DEFAULTS.steps;
  const rule = options.rule ?? IG_DEFAULTS.rule;
  quadrature(rule, firstSteps); // validates steps and rule before any tensor exists
  const chunkSize = options.chunkSize ?? IG_DEFAULTS.chunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const tolerance = options.tolerance === 'off' ? Infinity : options.tolerance ?? IG_DEFAULTS.tolerance;
  const maxSteps = Math.max(firstSteps, options.maxSteps ?? IG_DEFAULTS.maxSteps);
  const { enc, m } = encodeBound(differentiable, example);
  let baseline: tf.Tensor | undefined;
  try {
    baseline = resolveBaseline(options.baseline, enc.input, enc.baseline);
    // With an explicit target, F(x) and F(baseline) ride along in the first gradient batch
    // (weight 0) and save a forward pass; 'predicted' needs F(x) first to choose the class.
    const known = targetWithoutForward(m, options.target);
    const first = known ? undefined : evaluateTargetPair(m, enc.input, baseline, options.target);
    const target = known ?? (first as NonNullable<typeof first>).target;
    let output = first?.output ?? NaN;
    let baselineOutput = first?.baselineOutput ?? NaN;
    let steps = firstSteps;
    let profile: Float32Array | undefined;
    for (;;) {
      const { nodes, weights } = profile ? adaptiveGaussLegendre(profile, steps) : quadrature(rule, steps);
      const needEndpoints = Number.isNaN(output);
      const { attr, endpoints } = integratedGradientsTensor(m, enc.input, baseline, target, nodes, weights, chunkSize, needEndpoints);
      if (endpoints) [output, baselineOutput] = [endpoints[0], endpoints[1]];
      const scores = reduceToLabels(attr, enc.labels.length, 'sum');
      attr.dispose();
      let sumAttr = 0;
      for (const v of scores) sumAttr += v;
      const delta = sumAttr - (output - baselineOutput);
      if (Math.abs(delta) <= tolerance * Math.abs(output - baselineOutput) || steps * 2 > maxSteps) {
        return {
          method: 'integrated_gradients', labels: enc.labels, scores, target, delta, output, baselineOutput, steps: nodes.length,
          heatmap: heatmapFor(enc, scores), oovTokens: findOovTokens(m, enc),
        };
      }
      steps *= 2;
      // Gauss–Legendre did not converge: from now on the nodes follow where F changes on the path.
      if (rule === 'gauss-legendre' && profile === undefined) profile = pathProfile(m, enc.input, baseline, target, PROFILE_SEGMENTS, chunkSize);
    }
  } finally {
    baseline?.dispose();
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

/** Segments of the path profile that places the nodes once uniform Gauss–Legendre has not converged. */
const PROFILE_SEGMENTS = 16;

/** F at α = i/segments along the straight path from the baseline to the input, i = 0..segments. */
function pathProfile(model: DifferentiableModel, input: tf.Tensor, baseline: tf.Tensor, target: ResolvedTarget, segments: number, chunkSize: number): Float32Array {
  const points = tf.tidy(() => {
    const alpha = tf.tensor(Array.from({ length: segments + 1 }, (_, i) => i / segments), [segments + 1, ...input.shape.slice(1).map(() => 1)]);
    return baseline.add(alpha.mul(input.sub(baseline)));
  });
  try {
    return targetValues(model, points, target, chunkSize);
  } finally {
    points.dispose();
  }
}

/** The target when it does not depend on F(x): regression, or a class chosen by index or name. */
function targetWithoutForward(model: DifferentiableModel, choice: TargetChoice | undefined): ResolvedTarget | undefined {
  if (model.task === 'regression') return resolveTarget(model, [0], choice);
  if (choice === undefined || choice === 'predicted' || model.classes === undefined) return undefined;
  return resolveTarget(model, new Array<number>(model.classes.length).fill(0), choice);
}

/**
 * The attribution tensor [1, ...inner] (the caller disposes it) and, when `withEndpoints`,
 * F(x) and F(baseline) computed as two extra zero-weight rows of the first batch.
 */
export function integratedGradientsTensor(
  model: DifferentiableModel,
  input: tf.Tensor,
  baseline: tf.Tensor,
  target: ResolvedTarget,
  nodes: number[],
  weights: number[],
  chunkSize: number,
  withEndpoints = false,
): { attr: tf.Tensor; endpoints?: Float32Array } {
  const inner = input.shape.slice(1);
  const ones = inner.map(() => 1);
  const size = input.size;
  let avg = tf.zeros([1, size]);
  let endpoints: Float32Array | undefined;
  for (let start = 0; start < nodes.length; start += chunkSize) {
    const a = nodes.slice(start, start + chunkSize);
    const w = weights.slice(start, start + chunkSize);
    const extra = withEndpoints && start === 0;
    if (extra) {
      a.push(1, 0);
      w.push(0, 0);
    }
    let values: tf.Tensor | undefined;
    const next = tf.tidy(() => {
      const alpha = tf.tensor(a, [a.length, ...ones]);
      const points = baseline.add(alpha.mul(input.sub(baseline)));
      const f = (p: tf.Tensor): tf.Scalar => {
        const fv = selectTarget(model.forward(p), target);
        if (extra) values = tf.keep(fv.slice(a.length - 2, 2));
        return fv.sum();
      };
      const g = tf.grad(f)(points);
      // Σ_k w_k g_k as one [1, k] × [k, size] product.
      return avg.add(tf.matMul(tf.tensor2d(w, [1, w.length]), g.reshape([a.length, size])));
    });
    if (values) {
      endpoints = Float32Array.from(values.dataSync());
      values.dispose();
    }
    avg.dispose();
    avg = next;
  }
  const attr = tf.tidy(() => avg.reshape(input.shape).mul(input.sub(baseline)));
  avg.dispose();
  return { attr, endpoints };
}
