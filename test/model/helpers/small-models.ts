/**
 * Small models with fixed, deterministic weights and their tslit.json metadata, built in the
 * tests (the real example models come from scripts/train/).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../../src/model/metadata';

/** Deterministic values in [-1, 1) (an LCG), so every backend sees the same weights. */
export function lcg(n: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push((s / 2147483648) * 2 - 1);
  }
  return out;
}

export const TEXT_VOCAB = ['<pad>', '<unk>', 'free', 'money', 'hello', 'meeting', 'now', 'click', 'the', 'win'];
export const MAX_LEN = 6;

export function textModel(opts: { embeddingName?: string } = {}): tf.Sequential {
  const m = tf.sequential({ name: 'tiny-spam' });
  m.add(tf.layers.embedding({ inputDim: TEXT_VOCAB.length, outputDim: 4, inputLength: MAX_LEN, name: opts.embeddingName ?? 'embedding' }));
  m.add(tf.layers.globalAveragePooling1d({ name: 'pool' }));
  m.add(tf.layers.dense({ units: 3, activation: 'tanh', name: 'hidden' }));
  m.add(tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' }));
  let seed = 7;
  for (const layer of m.layers) {
    layer.setWeights(layer.getWeights().map((w) => tf.tensor(lcg(w.size, seed++), w.shape)));
  }
  return m;
}

export function textMetadata(): ModelMetadata {
  return {
    name: 'tiny-spam', task: 'multiclass', classes: ['ham', 'spam'], target: 'label',
    inputSpec: { text: { kind: 'TextSegment' } },
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ['ham', 'spam'], parent: 'label' }, tokens: { kind: 'Tokens', parent: 'text' } },
    text: { field: 'text', vocab: TEXT_VOCAB, padId: 0, oovId: 1, maxLength: MAX_LEN, lowercase: true, tokenPattern: "[a-z0-9']+", embeddingLayer: 'embedding' },
    training: { script: 'test', seed: 7, data: 'none', heldOut: {} },
  };
}

export function tabularMetadata(task: 'multiclass' | 'regression' = 'multiclass'): ModelMetadata {
  return {
    name: 'tiny-penguins', task, classes: task === 'multiclass' ? ['Adelie', 'Gentoo', 'Chinstrap'] : undefined, target: 'species',
    inputSpec: {
      bill: { kind: 'Scalar' }, mass: { kind: 'Scalar' },
      island: { kind: 'CategoryLabel', vocab: ['Biscoe', 'Dream', 'Torgersen'] },
    },
    outputSpec: task === 'multiclass'
      ? { probas: { kind: 'MulticlassPreds', vocab: ['Adelie', 'Gentoo', 'Chinstrap'], parent: 'species' } }
      : { score: { kind: 'RegressionScore', parent: 'mpg' } },
    tabular: { features: [
      { name: 'bill', kind: 'numeric', mean: 44, std: 5 },
      { name: 'island', kind: 'categorical', values: ['Biscoe', 'Dream', 'Torgersen'] },
      { name: 'mass', kind: 'numeric', mean: 4200, std: 800 },
    ] },
    training: { script: 'test', seed: 3, data: 'none', heldOut: {} },
  };
}

export function tabularModel(units: number): tf.Sequential {
  const m = tf.sequential({ name: 'tiny-tabular' });
  m.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [5] }));
  m.add(tf.layers.dense({ units, activation: units > 1 ? 'softmax' : 'linear' }));
  let seed = 11;
  for (const layer of m.layers) layer.setWeights(layer.getWeights().map((w) => tf.tensor(lcg(w.size, seed++), w.shape)));
  return m;
}

export function imageMetadata(): ModelMetadata {
  return {
    name: 'tiny-mnist', task: 'multiclass', classes: ['0', '1', '2'], target: 'digit',
    inputSpec: { pixels: { kind: 'Image', shape: [4, 4, 1] } },
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ['0', '1', '2'], parent: 'digit' } },
    image: { field: 'pixels', shape: [4, 4, 1] },
    training: { script: 'test', seed: 5, data: 'none', heldOut: {} },
  };
}

export function imageModel(): tf.Sequential {
  const m = tf.sequential({ name: 'tiny-conv' });
  m.add(tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu', inputShape: [4, 4, 1] }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  let seed = 21;
  for (const layer of m.layers) layer.setWeights(layer.getWeights().map((w) => tf.tensor(lcg(w.size, seed++), w.shape)));
  return m;
}
