/**
 * The spam-sized text model the salience benchmarks use (the test fixture's architecture at
 * realistic size), its weights as JSON for the Python side, and a median helper.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from '../src/model/adapter';
import { loadModel } from '../src/model/load-model';
import { TextFixture } from '../test/salience/fixtures/models';

export interface BenchTextModel {
  model: DifferentiableModel;
  description: string;
  /** Weights for scripts/reference/salience_model.py, when the architecture is Embedding → mean → Dense → Dense. */
  weights?: { text: object };
}

/** models/spam through the real adapter when it exists, else the spam-sized fixture. */
export async function benchTextModel(): Promise<BenchTextModel> {
  const dir = path.join(__dirname, '..', 'models', 'spam');
  if (fs.existsSync(path.join(dir, 'tslit.json'))) {
    const adapter = await loadModel(dir);
    const layers = adapter.model.layers;
    const kinds = layers.map((l) => l.getClassName()).join(',');
    const meta = adapter.metadata.text;
    const dense = layers.filter((l) => l.getClassName() === 'Dense');
    const weights = kinds === 'Embedding,GlobalAveragePooling1D,Dense,Dense' && meta
      ? { text: { maxLength: meta.maxLength, embedding: ((adapter as DifferentiableModel).embeddingTable?.() as tf.Tensor2D).arraySync(), dense1: denseJson(dense[0]), dense2: denseJson(dense[1]) } }
      : undefined;
    return { model: adapter, description: `models/spam (${kinds}; vocab ${meta?.vocab.length}, maxLength ${meta?.maxLength})`, weights };
  }
  const m = spamSizedModel();
  return { model: m, description: `spam-sized fixture (models/spam absent; vocab ${m.opts.vocab.length}, maxLength ${m.opts.maxLength}, dim ${m.opts.dim})`, weights: exportTextWeights(m) };
}

function denseJson(l: tf.layers.Layer): { kernel: number[][]; bias: number[] } {
  const [k, b] = l.getWeights();
  return { kernel: k.arraySync() as number[][], bias: b.arraySync() as number[] };
}

export const SPAM_TEXT =
  'Congratulations you have been selected to win a free prize click now to claim your money offer expires tomorrow so reply now with your details and the report';

/** The sizes of scripts/train/spam.ts (vocab 8000, maxLength 160, dim 16, hidden 16). */
export function spamSizedModel(): TextFixture {
  const words = SPAM_TEXT.toLowerCase().match(/\w+/g) ?? [];
  const vocab = ['<pad>', '<unk>', ...Array.from(new Set(words))];
  for (let i = vocab.length; i < 8000; i++) vocab.push(`w${i}`);
  return new TextFixture({ vocab, maxLength: 160, dim: 16, hidden: 16, classes: ['ham', 'spam'], seed: 42 });
}

/** Weights in the JSON layout scripts/reference/salience_model.py reads. */
export function exportTextWeights(m: TextFixture): { text: object } {
  return { text: { maxLength: m.opts.maxLength, embedding: m.embeddingTable().arraySync(), dense1: denseJson(m.dense1), dense2: denseJson(m.dense2) } };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
