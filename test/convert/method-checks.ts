/**
 * Checks of a method's result against the model itself — its own predictions, not tslit's
 * explanation code — for test/convert/every-method.test.ts. Each returns nothing and fails
 * the test (jest `expect`) naming what disagreed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import type { DifferentiableModel, ModelAdapter } from '../../src/model/adapter';
import type { SalienceResult } from '../../src/explain/salience';
import type { CounterfactualResult } from '../../src/explain/counterfactuals';

export const argmax = (row: ArrayLike<number>): number => Array.from(row).reduce((best, v, i, all) => (v > all[best] ? i : best), 0);

/** The model's probabilities for `examples`, predicted afresh. */
export async function probas(model: ModelAdapter, examples: readonly Example[]): Promise<number[][]> {
  return (await model.predict(examples, { bypassCache: true })).map((p) => Array.from(p.probas as ArrayLike<number>));
}

const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

/** Kernel SHAP efficiency: Σφ = F(x) − mean over the background of F(b), each F predicted by the model. */
export async function expectShapEfficiency(model: ModelAdapter, example: Example, background: readonly Example[], r: SalienceResult): Promise<void> {
  const c = r.target.classIndex as number;
  const [fx, ...fb] = (await probas(model, [example, ...background])).map((p) => p[c]);
  const span = fx - sum(fb) / fb.length;
  expect(Math.abs(span)).toBeGreaterThan(1e-3); // a game worth checking
  expect(Math.abs(sum(r.scores) - span)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(span)));
}

/** Tabular occlusion against one background row: feature i's score = F(x) − F(x with feature i := that row's value), predicted. */
export async function expectOcclusionIsPredictedDrop(model: ModelAdapter, example: Example, fill: Example, r: SalienceResult): Promise<void> {
  const c = r.target.classIndex as number;
  const occluded = r.labels.map((feature) => ({ ...example, [feature]: fill[feature] }));
  const [fx, ...f] = (await probas(model, [example, ...occluded])).map((p) => p[c]);
  expect(r.labels.map((feature, i) => [feature, Math.abs(r.scores[i] - (fx - f[i])) < 1e-5])).toEqual(r.labels.map((feature) => [feature, true]));
  expect(Math.max(...f.map((v) => Math.abs(fx - v)))).toBeGreaterThan(1e-3); // some feature matters
}

/**
 * Text occlusion ('pad', the default) for its most salient token: the score = F(x) − F(x with
 * that token's embedding replaced by the pad embedding), F run by the model's own forward bound
 * to the example (the same ids and mask, so the same model as predict).
 */
export function expectTokenOcclusionIsForwardDrop(model: DifferentiableModel, example: Example, r: SalienceResult): void {
  const c = r.target.classIndex as number;
  const i = argmax(Array.from(r.scores, Math.abs));
  const enc = model.encode(example);
  const forward = enc.forward ?? ((x: tf.Tensor) => model.forward(x));
  const [fx, fi] = tf.tidy(() => {
    const n = enc.labels.length;
    const keep = tf.tensor(Array.from({ length: n }, (_, j) => (j === i ? 0 : 1)), [1, n, 1]);
    const hidden = tf.add(tf.mul(enc.input, keep), tf.mul(enc.baseline, tf.sub(1, keep)));
    return [forward(enc.input), forward(hidden)].map((y) => (y.arraySync() as number[][])[0][c]);
  });
  tf.dispose([enc.input, enc.baseline]);
  expect(Math.abs(r.scores[i] - (fx - fi))).toBeLessThan(1e-6);
  expect(Math.abs(r.output as number - fx)).toBeLessThan(1e-6);
}

/** Text Kernel SHAP: Σφ = F(x) − F(every token at the pad embedding), F(x) predicted, the empty coalition run by the model's forward. */
export function expectTokenShapEfficiency(model: DifferentiableModel, example: Example, predicted: number[], r: SalienceResult): void {
  const c = r.target.classIndex as number;
  const enc = model.encode(example);
  const forward = enc.forward ?? ((x: tf.Tensor) => model.forward(x));
  const fb = tf.tidy(() => (forward(enc.baseline).arraySync() as number[][])[0][c]);
  tf.dispose([enc.input, enc.baseline]);
  const span = predicted[c] - fb;
  expect(Math.abs(sum(r.scores) - span)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(span));
}

/** A generator that seeks a flip: each counterfactual is predicted (again) in another class than the example, or none came with a reason. */
export async function expectFlipsOrReason(model: ModelAdapter, example: Example, r: CounterfactualResult): Promise<void> {
  if (r.examples.length === 0) {
    expect(r.reason ?? '').toMatch(/\w/);
    return;
  }
  const [original, ...again] = await probas(model, [example, ...r.examples.map((cf) => cf.example)]);
  expect(again.map(argmax).filter((c) => c === argmax(original))).toEqual([]);
}

/** One-vs-rest ROC AUC of class `c` by its definition: P(score of a positive > score of a negative), ties counting ½. */
export function pairwiseAuc(labels: readonly number[], scores: readonly number[], c: number): number {
  const pos = scores.filter((_, i) => labels[i] === c);
  const neg = scores.filter((_, i) => labels[i] !== c);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}
