/**
 * The checks a method's result must pass in the conformance matrix, shared with the other suites
 * that run every method on a model (test/convert/every-method.test.ts): salience scores finite,
 * one per label and not all zero (integrated gradients also complete within 1%), and
 * counterfactuals distinct, unlike the input, each carrying the model's own prediction.
 */
import type { Example } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import type { SalienceResult } from '../../src/explain/salience';
import type { CounterfactualResult } from '../../src/explain/counterfactuals';

/** 'none': the generator ran and found no counterfactual, saying why. */
export type Outcome = { status: 'checked'; detail: string } | { status: 'refused' | 'none'; message: string };

/** A result that ran but is wrong: fails the matrix instead of being recorded as a refusal. */
export class CheckFailed extends Error {}

/** Scores finite, one per label, not all zero; IG also complete within 1% of its span. */
export function checkSalience(r: SalienceResult): Outcome {
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

/** The input fields of an example as one comparable key (text for a text model, every feature for a tabular one). */
function inputKey(model: ModelAdapter, example: Example): string {
  return JSON.stringify(Object.keys(model.inputSpec()).map((f) => example[f] ?? null));
}

/** Every counterfactual's prediction is the model's own, and none repeats the input or another. */
export async function checkCounterfactuals(k: { model: ModelAdapter; example: Example }, r: CounterfactualResult): Promise<Outcome> {
  const keys = r.examples.map((cf) => inputKey(k.model, cf.example));
  if (r.examples.length === 0) {
    if (!r.reason) throw new CheckFailed('no counterfactual and no reason');
    return { status: 'none', message: r.reason };
  }
  if (new Set(keys).size !== keys.length) throw new CheckFailed('duplicate counterfactuals');
  if (keys.includes(inputKey(k.model, k.example))) throw new CheckFailed('a counterfactual equals the input');
  const again = await k.model.predict(r.examples.map((cf) => cf.example), { bypassCache: true });
  r.examples.forEach((cf, i) => {
    const p = cf.prediction.probas as number[];
    const q = again[i].probas as number[];
    if (p.some((v, c) => Math.abs(v - q[c]) > 1e-5)) throw new CheckFailed(`counterfactual ${i}'s prediction differs from the model's`);
  });
  return { status: 'checked', detail: 'verified by predict' };
}
