/**
 * Tabular test models unlike the examples: tfjs functional models over two numerics and a
 * one-hot categorical, with branches that meet again (an Add), wrapped in the real
 * TabularModelAdapter from a tslit.json-like metadata.
 *
 * - `quadraticModel`: F(z) = w·z + c + (v·z)² (a linear branch and a squared projection
 *   added), so integrated gradients have a closed form (see `exactIG`) and Gauss–Legendre
 *   with 32 nodes integrates the path exactly.
 * - `residualModel`: Dense → tanh added back onto its input (a residual), concatenated with a
 *   second branch, then softmax over three classes; its reference IG comes from TensorFlow in
 *   Python (scripts/reference/tabular_ig_reference.py).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import { TabularModelAdapter } from '../../src/model/adapters/tabular-adapter';
import type { ModelMetadata, TabularFeature } from '../../src/model/metadata';

export const FEATURES: TabularFeature[] = [
  { name: 'age', kind: 'numeric', mean: 40, std: 10 },
  { name: 'colour', kind: 'categorical', values: ['red', 'green', 'blue'] },
  { name: 'income', kind: 'numeric', mean: 50, std: 20 },
];

export function metadataFor(features: TabularFeature[], task: 'regression' | 'multiclass'): ModelMetadata {
  return {
    name: task === 'regression' ? 'quadratic' : 'residual',
    task,
    classes: task === 'multiclass' ? ['a', 'b', 'c'] : undefined,
    target: 'y',
    inputSpec: { age: { kind: 'Scalar' }, colour: { kind: 'CategoryLabel', vocab: ['red', 'green', 'blue'] }, income: { kind: 'Scalar' } },
    outputSpec: task === 'multiclass' ? { probas: { kind: 'MulticlassPreds', vocab: ['a', 'b', 'c'], parent: 'y' } } : { score: { kind: 'RegressionScore', parent: 'y' } },
    tabular: { features },
    training: { script: 'test', seed: 0, data: 'none', heldOut: {} },
  };
}

/** Model-space column z of a raw row (standardised numerics, one-hot colour). */
export function encodeRow(r: Example): number[] {
  const colours = ['red', 'green', 'blue'];
  return [((r.age as number) - 40) / 10, ...colours.map((c) => (r.colour === c ? 1 : 0)), ((r.income as number) - 50) / 20];
}

export const W = [0.7, -0.4, 0.9, 0.2, -1.1];
export const C = 0.3;
export const V = [0.5, 0.8, -0.3, 0.1, 0.6];

export function quadraticModel(features: TabularFeature[] = FEATURES): TabularModelAdapter {
  const input = tf.input({ shape: [5], name: 'features' });
  const linear = tf.layers.dense({ units: 1, name: 'linear' }).apply(input) as tf.SymbolicTensor;
  const proj = tf.layers.dense({ units: 1, useBias: false, name: 'proj' }).apply(input) as tf.SymbolicTensor;
  const square = tf.layers.multiply({ name: 'square' }).apply([proj, proj]) as tf.SymbolicTensor;
  const out = tf.layers.add({ name: 'sum' }).apply([linear, square]) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: 'quadratic' });
  tf.tidy(() => {
    model.getLayer('linear').setWeights([tf.tensor2d(W, [5, 1]), tf.tensor1d([C])]);
    model.getLayer('proj').setWeights([tf.tensor2d(V, [5, 1])]);
  });
  return new TabularModelAdapter(model, metadataFor(features, 'regression'), { cacheSize: 0 });
}

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);

export function quadraticF(z: readonly number[]): number {
  return dot(W, z) + C + dot(V, z) ** 2;
}

/** IG_i = (x_i − b_i)(w_i + v_i (v·x + v·b)): the path integral of ∂F/∂z_i in closed form. */
export function exactIG(x: readonly number[], b: readonly number[]): number[] {
  const s = dot(V, x) + dot(V, b);
  return x.map((xi, i) => (xi - b[i]) * (W[i] + V[i] * s));
}

/** ∇F(z)_i = w_i + 2 v_i (v·z). */
export function exactGradient(z: readonly number[]): number[] {
  const s = dot(V, z);
  return z.map((_, i) => W[i] + 2 * V[i] * s);
}

/** Column scores folded onto [age, colour, income]. */
export function toRaw(columns: readonly number[]): number[] {
  return [columns[0], columns[1] + columns[2] + columns[3], columns[4]];
}

/** Layer name → weight arrays of the residual model, as the Python reference script writes them. */
export type ResidualWeights = Record<string, { values: number[]; shape: number[] }[]>;

export function residualModel(weights: ResidualWeights, features: TabularFeature[] = FEATURES): TabularModelAdapter {
  const input = tf.input({ shape: [5], name: 'features' });
  const hidden = tf.layers.dense({ units: 5, activation: 'tanh', name: 'hidden' }).apply(input) as tf.SymbolicTensor;
  const residual = tf.layers.add({ name: 'residual' }).apply([input, hidden]) as tf.SymbolicTensor;
  const side = tf.layers.dense({ units: 3, activation: 'relu', name: 'side' }).apply(input) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate({ name: 'joined' }).apply([residual, side]) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'probas' }).apply(joined) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: 'residual' });
  tf.tidy(() => {
    for (const [name, ws] of Object.entries(weights)) model.getLayer(name).setWeights(ws.map((w) => tf.tensor(w.values, w.shape)));
  });
  return new TabularModelAdapter(model, metadataFor(features, 'multiclass'), { cacheSize: 0 });
}
