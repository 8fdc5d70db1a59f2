/**
 * Loads models/spam-bigru and models/spam-transformer the way a person would with the public API:
 * the BiGRU folder has a tslit.json (`loadModel`); the transformer has only model.json and its
 * tokenizer.json, so it is wrapped with `layersModelAdapter`, `hfTokenizer` and a `toTensor`
 * that builds its two inputs (WordPiece ids padded right with [PAD]=0, and positions 0..L-1).
 * Shared by test/models/keras-text-models.test.ts and bench/ig-vs-tf.ts.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { hfTokenizer, layersModelAdapter, loadLayersModelFromDir, loadModel, type AdapterOptions, type ModelAdapter, type Tokenizer } from '../../src/index';

export const BIGRU_DIR = path.join(__dirname, '..', '..', 'models', 'spam-bigru');
export const TRANSFORMER_DIR = path.join(__dirname, '..', '..', 'models', 'spam-transformer');
/** Ids per text of both models (heldout.json maxLength). */
export const MAX_LENGTH = 128;

export function loadBigru(options?: AdapterOptions): Promise<ModelAdapter> {
  return loadModel(BIGRU_DIR, options);
}

/** The transformer's inputs for a batch: ids [b, L] and positions [b, L], both int32. */
export function transformerInputs(tokenizer: Tokenizer, texts: readonly string[]): tf.Tensor[] {
  const ids = new Int32Array(texts.length * MAX_LENGTH).fill(tokenizer.padId);
  texts.forEach((t, r) => ids.set(tokenizer.encodeIds(t, MAX_LENGTH), r * MAX_LENGTH));
  const positions = Int32Array.from({ length: texts.length * MAX_LENGTH }, (_, i) => i % MAX_LENGTH);
  return [tf.tensor2d(ids, [texts.length, MAX_LENGTH], 'int32'), tf.tensor2d(positions, [texts.length, MAX_LENGTH], 'int32')];
}

export async function loadTransformer(options: AdapterOptions = {}): Promise<ModelAdapter> {
  const tokenizer = hfTokenizer(path.join(TRANSFORMER_DIR, 'tokenizer.json'));
  const net = await loadLayersModelFromDir(TRANSFORMER_DIR);
  return layersModelAdapter(net, {
    ...options,
    name: 'spam-transformer',
    inputSpec: { text: { kind: 'TextSegment', required: true } },
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ['ham', 'spam'], parent: 'label', nullIdx: 0 } },
    tokenizer,
    embeddingLayer: 'embedding', // the token embedding; 'position_embedding' is the other one
    toTensor: (examples) => transformerInputs(tokenizer, examples.map((e, r) => {
      if (typeof e.text !== 'string') throw new Error(`spam-transformer: row ${r}, field 'text': should be text, got ${e.text === null ? 'null' : typeof e.text}`);
      return e.text;
    })),
  });
}
