/**
 * Integrated gradients (Sundararajan et al., 2017) with a completeness check.
 *
 * Notes: attributions are (x - b) ⊙ Σ_k w_k ∇F(b + α_k (x - b)); all path points go through
 * `forward` in batches of `chunkSize` rows (so memory stays bounded) and every result carries
 * delta = Σ attributions - (F(x) - F(b)), which is small only when the integral converged.
 * When it is not within `tolerance` of |F(x) − F(b)|, steps double until it is (or `maxSteps`),
 * and with the default Gauss–Legendre rule the nodes are then placed where F changes along the
 * path (`adaptiveGaussLegendre`); the result says how many steps were used.
 * Tabular models get one score per raw feature (one-hot columns summed; the columns in
 * `result.columns`) and the baseline used, in raw values, in `result.baseline`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { DifferentiableModel, ModelAdapter } from '../../model/adapter';
import { resolveBaselines, type BaselineChoice, type Baselines } from './baseline';
import { featureGranularity } from './granularity';
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
  /**
   * What the path starts from. Default: on tabular models the training medians and modes
   * ('median'; an error when the model does not record them), elsewhere 'adapter'.
   * `{ background: rows }` averages IG over baselines drawn from the rows (expected gradients).
   */
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
  const path: PathSettings = { firstSteps, rule, chunkSize, tolerance, maxSteps };
  const { enc, m } = encodeBound(differentiable, example);
  let baselines: Baselines | undefined;
  try {
    baselines = resolveBaselines(m, options.baseline, enc.input, enc.baseline);
    // Several baselines (a background sample): the attributions are the mean of IG against
    // each (expected gradients), and completeness holds against the mean F(baseline).
    let target = targetWithoutForward(m, options.target);
    const columns = new Float32Array(enc.labels.length);
    let output = NaN;
    let baselineSum = 0;
    let steps = 0;
    for (const b of baselines.tensors) {
      const one = integrateAgainst(m, enc.input, b, target, options.target, enc.labels.length, path);
      target = one.target;
      output = one.output;
      baselineSum += one.baselineOutput;
      steps = Math.max(steps, one.steps);
      one.scores.forEach((v, i) => (columns[i] += v / (baselines as Baselines).tensors.length));
    }
    const baselineOutput = baselineSum / baselines.tensors.length;
    let sumAttr = 0;
    for (const v of columns) sumAttr += v;
    const shown = featureGranularity(m, enc, columns, 'sum');
    return {
      method: 'integrated_gradients', ...shown, target: target as ResolvedTarget, delta: sumAttr - (output - baselineOutput), output, baselineOutput, steps,
      baseline: baselines.used, heatmap: heatmapFor(enc, shown.scores), oovTokens: findOovTokens(m, enc),
    };
  } finally {
    baselines?.tensors.forEach((t) => t.dispose());
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

interface PathSettings { firstSteps: number; rule: QuadratureRule; chunkSize: number; tolerance: number; maxSteps: number }

/**
 * IG of `input` against one baseline, per label: steps double until completeness is within
 * the tolerance (or `maxSteps`). `known` is the target when it does not need F(x).
 */
function integrateAgainst(
  m: DifferentiableModel, input: tf.Tensor, baseline: tf.Tensor, known: ResolvedTarget | undefined, choice: TargetChoice | undefined, numLabels: number, p: PathSettings,
): { scores: Float32Array; target: ResolvedTarget; output: number; baselineOutput: number; steps: number } {
  // With a known target, F(x) and F(baseline) ride along in the first gradient batch
  // (weight 0) and save a forward pass; 'predicted' needs F(x) first to choose the class.
  const first = known ? undefined : evaluateTargetPair(m, input, baseline, choice);
  const target = known ?? (first as NonNullable<typeof first>).target;
  let output = first?.output ?? NaN;
  let baselineOutput = first?.baselineOutput ?? NaN;
  let steps = p.firstSteps;
  let profile: Float32Array | undefined;
  for (;;) {
    const { nodes, weights } = profile ? adaptiveGaussLegendre(profile, steps) : quadrature(p.rule, steps);
    const needEndpoints = Number.isNaN(output);
    const { attr, endpoints } = integratedGradientsTensor(m, input, baseline, target, nodes, weights, p.chunkSize, needEndpoints);
    if (endpoints) [output, baselineOutput] = [endpoints[0], endpoints[1]];
    const scores = reduceToLabels(attr, numLabels, 'sum');
    attr.dispose();
    let sumAttr = 0;
    for (const v of scores) sumAttr += v;
    const delta = sumAttr - (output - baselineOutput);
    if (Math.abs(delta) <= p.tolerance * Math.abs(output - baselineOutput) || steps * 2 > p.maxSteps) {
      return { scores, target, output, baselineOutput, steps: nodes.length };
    }
    steps *= 2;
    // Gauss–Legendre did not converge: from now on the nodes follow where F changes on the path.
    if (p.rule === 'gauss-legendre' && profile === undefined) profile = pathProfile(m, input, baseline, target, PROFILE_SEGMENTS, p.chunkSize);
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
