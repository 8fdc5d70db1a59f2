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
import type { CounterfactualResult } from '../../src/explain/counterfactuals';
import type { KindUnderTest } from './kinds';

/** 'none': the generator ran and found no counterfactual, saying why. */
export type Outcome = { status: 'checked'; detail: string } | { status: 'refused' | 'none'; message: string };

/** A result that ran but is wrong: fails the matrix instead of being recorded as a refusal. */
export class CheckFailed extends Error {}

export interface Method {
  name: string;
  /** The function a person calls (what a refusal elsewhere may name as working). */
  fn: string;
  run(k: KindUnderTest): Promise<Outcome>;
}

const textField = (m: ModelAdapter): string => Object.entries(m.inputSpec()).find(([, s]) => s.kind === 'TextSegment')?.[0] as string;

/** Scores finite, one per label, not all zero; IG also complete within 1% of its span. */
function checkSalience(r: SalienceResult): Outcome {
  const scores = Array.from(r.scores);
  if (scores.length !== r.labels.length) throw new CheckFailed(`${scores.length} scores for ${r.labels.length} labels`);
  if (!scores.every(Number.isFinite)) throw new CheckFailed('a score is not finite');
  if (!scores.some((s) => s !== 0)) throw new CheckFailed('every score is 0');
  if (r.method === 'integrated_gradients') {
    const span = (r.output as number) - (r.baselineOutput as number);
    const gap = Math.abs(r.delta as number);
    if (gap > Math.max(0.01 * Math.abs(span), 1e-5)) throw new CheckFailed(`IG incomplete: gap ${gap} for span ${span}`);
    return { status: 'checked', detail: 'complete within 1%' };
  }
  return { status: 'checked', detail: '' };
}

/** Every counterfactual's prediction is the model's own, and none repeats the input or another. */
async function checkCounterfactuals(k: KindUnderTest, r: CounterfactualResult): Promise<Outcome> {
  const field = textField(k.model);
  const texts = r.examples.map((cf) => cf.example[field] as string);
  if (r.examples.length === 0) {
    if (!r.reason) throw new CheckFailed('no counterfactual and no reason');
    return { status: 'none', message: r.reason };
  }
  if (new Set(texts).size !== texts.length) throw new CheckFailed('duplicate counterfactuals');
  if (texts.includes(k.example[field] as string)) throw new CheckFailed('a counterfactual equals the input');
  const again = await k.model.predict(r.examples.map((cf) => cf.example), { bypassCache: true });
  r.examples.forEach((cf, i) => {
    const p = cf.prediction.probas as number[];
    const q = again[i].probas as number[];
    if (p.some((v, c) => Math.abs(v - q[c]) > 1e-5)) throw new CheckFailed(`counterfactual ${i}'s prediction differs from the model's`);
  });
  return { status: 'checked', detail: 'verified by predict' };
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

