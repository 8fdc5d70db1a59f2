/**
 * The methods of the conformance matrix and the check each result must pass. A cell is either a
 * checked result or a refusal; a refusal must name something that works instead, so a person
 * who meets it is never sent to a dead end.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import { gradientNorm, gradientTimesInput, integratedGradients, kernelShap, lime, occlusion, smoothGrad } from '../../src/explain/salience';
import type { SalienceResult } from '../../src/explain/salience';
import { ablationFlip, hotflip, scrambler, wordReplacer } from '../../src/explain/counterfactuals';
import { CheckFailed, checkCounterfactuals, checkSalience, type Outcome } from './checks';
import type { KindUnderTest } from './kinds';

export type { Outcome } from './checks';

export interface Method {
  name: string;
  /** The function a person calls (what a refusal elsewhere may name as working). */
  fn: string;
  run(k: KindUnderTest): Promise<Outcome>;
}

const salience = (name: string, fn: string, f: (m: ModelAdapter, ex: Example) => SalienceResult | Promise<SalienceResult>): Method => ({
  name,
  fn,
  run: async (k) => checkSalience(await f(k.model, k.example)),
});

/** Gradient methods are typed for DifferentiableModels; the matrix also calls them on models without gradients to record the refusal. */
const gradient = (name: string, fn: string, f: (m: never, ex: Example) => SalienceResult): Method => salience(name, fn, (m, ex) => f(m as never, ex));

export const METHODS: Method[] = [
  gradient('grad norm', 'gradientNorm', gradientNorm),
  gradient('grad × input', 'gradientTimesInput', gradientTimesInput),
  gradient('integrated gradients', 'integratedGradients', (m, ex) => integratedGradients(m, ex, { target: { classIndex: 1 } })),
  gradient('SmoothGrad', 'smoothGrad', (m, ex) => smoothGrad(m, ex, { samples: 8 })),
  salience('LIME', 'lime', (m, ex) => lime(m, ex, { samples: 128 })),
  salience('Kernel SHAP', 'kernelShap', (m, ex) => kernelShap(m, ex, { background: [] })),
  salience('occlusion', 'occlusion', (m, ex) => occlusion(m, ex)),
  { name: 'HotFlip', fn: 'hotflip', run: async (k) => checkCounterfactuals(k, await hotflip(k.model, k.example, { maxResults: 3 })) },
  { name: 'ablation flip', fn: 'ablationFlip', run: async (k) => checkCounterfactuals(k, await ablationFlip(k.model, k.example)) },
  { name: 'word replacer', fn: 'wordReplacer', run: async (k) => checkCounterfactuals(k, await wordReplacer(k.model, k.example, { rules: k.rules })) },
  { name: 'scrambler', fn: 'scrambler', run: async (k) => checkCounterfactuals(k, await scrambler(k.model, k.example, { seed: 1, count: 3 })) },
];

/**
 * The functions a refusal names (`lime(`, `ablationFlip(`) that ran on the same model: a refusal
 * must name at least one (issue 16, item 6: never a dead end).
 */
export function workingFunctionsNamed(message: string, row: ReadonlyMap<string, Outcome>): string[] {
  return METHODS.filter((m) => new RegExp(`\\b${m.fn}\\(`).test(message) && row.get(m.name)?.status !== 'refused' && row.has(m.name)).map((m) => m.fn);
}

/** Runs one cell; an exception is a refusal whose message the matrix records. Tensors must not leak either way. */
export async function runCell(method: Method, k: KindUnderTest): Promise<Outcome> {
  const before = tf.memory().numTensors;
  let out: Outcome;
  try {
    out = await method.run(k);
  } catch (e) {
    if (e instanceof CheckFailed) throw new Error(`${method.name} on ${k.model.name}: ${e.message}`);
    out = { status: 'refused', message: (e as Error).message };
  }
  const left = tf.memory().numTensors - before;
  if (left !== 0) throw new Error(`${method.name} on ${k.model.name}: ${left} tensor(s) left`);
  return out;
}

