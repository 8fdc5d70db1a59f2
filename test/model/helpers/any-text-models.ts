/**
 * Text models unlike the project's own embedding → pooling → dense: a character-level masked
 * bidirectional GRU with a residual connection, a word-level self-attention block (residual,
 * layer norm) read with left padding, and a model with two inputs (ids and a number). Weights
 * come from seeded initializers and a few epochs on a small task, so predictions are peaked.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';

const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

export const CHARS = ['<pad>', '<unk>', ' ', ...'abcdefghijklmnopqrstuvwxyz!'];
export const WORDS = ['<pad>', '<unk>', 'the', 'film', 'was', 'good', 'bad', 'very', 'not', 'plot', 'great', 'awful', 'and', 'a'];

/** Texts and labels (1 = positive): positive texts say good or great. */
export const TEXTS: Array<[string, number]> = [
  ['the film was good', 1], ['the film was bad', 0], ['very good plot', 1], ['awful plot', 0],
  ['a great film', 1], ['not good and bad', 0], ['the plot was great', 1], ['bad film', 0],
  ['good good', 1], ['awful and bad', 0], ['great', 1], ['the film was awful', 0],
];

/** Ids of a text for `vocab`, tokens split by `split`, padded to `length` on `side`. */
export function idsOf(text: string, vocab: readonly string[], split: (t: string) => string[], length: number, side: 'left' | 'right'): number[] {
  const ids = split(text).map((t) => Math.max(1, vocab.indexOf(t))).slice(0, length);
  const pad = new Array(length - ids.length).fill(0);
  return side === 'left' ? [...pad, ...ids] : [...ids, ...pad];
}
export const chars = (t: string): string[] => Array.from(t);
export const words = (t: string): string[] => t.split(' ').filter(Boolean);

/**
 * What the trained weights depend on: this file (architectures, data, epochs), tslit's tfjs
 * corrections (the Max gradient under max pooling) and the tfjs version.
 */
const TRAINING_KEY = createHash('sha256')
  .update(fs.readFileSync(__filename))
  .update(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'src', 'model', 'tfjs-fixes.ts')))
  .update((require('@tensorflow/tfjs/package.json') as { version: string }).version)
  .digest('hex')
  .slice(0, 16);

/**
 * Trains on cpu (the WASM backend has no gradient for the Embedding's gather); the weights then serve any backend.
 * Training is deterministic (seeded initializers, no shuffling, cpu), so the weights are kept under the system's tmp
 * folder keyed by TRAINING_KEY, and the other test files and backend suites that use the same model set those
 * exact float32 values instead of training again (on the 2-core CI each training was paid up to 8 times).
 */
async function fit(model: tf.LayersModel, xs: () => tf.Tensor | tf.Tensor[], labels: number[], epochs: number): Promise<void> {
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  if (model.weights.some((w) => w.dtype !== 'float32')) throw new Error(`${model.name}: the weight cache holds float32 only`);
  const file = path.join(os.tmpdir(), 'tslit-test-models', TRAINING_KEY, `${model.name}.bin`);
  if (fs.existsSync(file)) {
    const values = new Float32Array(new Uint8Array(fs.readFileSync(file)).buffer);
    let offset = 0;
    const weights = model.weights.map((w) => {
      const { shape, size } = w.read();
      offset += size;
      return tf.tensor(values.subarray(offset - size, offset), shape, 'float32');
    });
    if (offset !== values.length) throw new Error(`${file}: ${values.length} weights, the model has ${offset}`);
    model.setWeights(weights);
    tf.dispose(weights);
    return;
  }
  const backend = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    const x = xs();
    const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
    await model.fit(x, ys, { epochs, batchSize: labels.length, shuffle: false, verbose: 0 });
    ys.dispose();
    tf.dispose(x);
  } finally {
    await tf.setBackend(backend);
  }
  const trained = model.weights.map((w) => w.read().dataSync() as Float32Array);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole then renamed, so a file running beside this one never reads half the weights.
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, Buffer.concat(trained.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))));
  fs.renameSync(partial, file);
}

/** ids [24] → Embedding(maskZero) → BiGRU(seq) + residual → GRU → Dense softmax. */
export async function maskedBiGru(): Promise<tf.LayersModel> {
  const L = 24;
  const ids = tf.input({ shape: [L], dtype: 'int32', name: 'chars' });
  const emb = tf.layers.embedding({ inputDim: CHARS.length, outputDim: 8, maskZero: true, name: 'char_embedding', embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 1 }) }).apply(ids) as tf.SymbolicTensor;
  const bi = tf.layers.bidirectional({ layer: tf.layers.gru({ units: 4, returnSequences: true, kernelInitializer: seeded(2), recurrentInitializer: seeded(3) }) as tf.RNN, mergeMode: 'concat' }).apply(emb) as tf.SymbolicTensor;
  const res = tf.layers.add().apply([emb, bi]) as tf.SymbolicTensor;
  const last = tf.layers.gru({ units: 6, kernelInitializer: seeded(4), recurrentInitializer: seeded(5) }).apply(res) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(6), name: 'probas' }).apply(last) as tf.SymbolicTensor;
  const model = tf.model({ inputs: ids, outputs: out, name: 'masked-bigru' });
  await fit(model, () => tf.tensor2d(TEXTS.map(([t]) => idsOf(t, CHARS, chars, L, 'right')), undefined, 'int32'), TEXTS.map(([, y]) => y), 40);
  return model;
}

/** ids [8] (left-padded) → Embedding + position → self-attention + residual → LayerNorm → pool → Dense. */
export async function attentionBlock(): Promise<tf.LayersModel> {
  const L = 8;
  const d = 8;
  const ids = tf.input({ shape: [L], dtype: 'int32', name: 'words' });
  const emb = tf.layers.embedding({ inputDim: WORDS.length, outputDim: d, name: 'word_embedding', embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 7 }) }).apply(ids) as tf.SymbolicTensor;
  const dense = (name: string, seed: number) => tf.layers.dense({ units: d, useBias: false, kernelInitializer: seeded(seed), name });
  const q = dense('query', 8).apply(emb) as tf.SymbolicTensor;
  const k = dense('key', 9).apply(emb) as tf.SymbolicTensor;
  const v = dense('value', 10).apply(emb) as tf.SymbolicTensor;
  const scores = tf.layers.dot({ axes: [2, 2] }).apply([q, k]) as tf.SymbolicTensor;
  const weights = tf.layers.softmax({ axis: -1 }).apply(scores) as tf.SymbolicTensor;
  const attended = tf.layers.dot({ axes: [2, 1] }).apply([weights, v]) as tf.SymbolicTensor;
  const res = tf.layers.add().apply([emb, attended]) as tf.SymbolicTensor;
  const norm = tf.layers.layerNormalization({ axis: -1 }).apply(res) as tf.SymbolicTensor;
  const ff = tf.layers.dense({ units: d, activation: 'relu', kernelInitializer: seeded(11) }).apply(norm) as tf.SymbolicTensor;
  const res2 = tf.layers.add().apply([norm, ff]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalMaxPooling1d().apply(res2) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(12) }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: ids, outputs: out, name: 'attention-block' });
  await fit(model, () => tf.tensor2d(TEXTS.map(([t]) => idsOf(t, WORDS, words, L, 'left')), undefined, 'int32'), TEXTS.map(([, y]) => y), 60);
  return model;
}

/** [ids [6], score [1]] → Embedding → mean pool, concat score → Dense softmax. */
export async function twoInputs(): Promise<tf.LayersModel> {
  const L = 6;
  const ids = tf.input({ shape: [L], dtype: 'int32', name: 'ids' });
  const score = tf.input({ shape: [1], name: 'stars' });
  const emb = tf.layers.embedding({ inputDim: WORDS.length, outputDim: 4, name: 'embedding', embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 13 }) }).apply(ids) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling1d().apply(emb) as tf.SymbolicTensor;
  const both = tf.layers.concatenate().apply([pooled, score]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 6, activation: 'tanh', kernelInitializer: seeded(14) }).apply(both) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(15) }).apply(hidden) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [ids, score], outputs: out, name: 'two-inputs' });
  const stars = TEXTS.map(([, y], i) => [y ? 3 + (i % 3) : 1 + (i % 2)]);
  await fit(model, () => [tf.tensor2d(TEXTS.map(([t]) => idsOf(t, WORDS, words, L, 'right')), undefined, 'int32'), tf.tensor2d(stars)], TEXTS.map(([, y]) => y), 60);
  return model;
}
