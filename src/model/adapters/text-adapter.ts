/**
 * The text classifier adapter built from tslit.json: tokenize, ids, pad; gradients are taken
 * at the Embedding layer's output for the real tokens only.
 *
 * Notes: `encode` returns [1, n, dim] for the n real tokens and a `forward` bound to the
 * example's ids; the model then runs as itself (`model.apply`) with the embedding's output at
 * those n positions replaced by the input (`encode/layer-output-hook`), so masks, residual
 * connections and branches after the embedding are the model's own, and forward of the
 * encoding is exactly `predict` of the text.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../../core/spec';
import type { EncodedInput } from '../adapter';
import type { ModelMetadata, TextPreprocessing } from '../metadata';
import { findLayer } from '../encode/layer-chain';
import { runFromLayer } from '../encode/layer-output-hook';
import { checkTextPreprocessing, padIds } from '../encode/text';
import type { Tokenizer } from '../tokenizer';
import { tokenizerFromMetadata } from '../tokenizers/from-metadata';
import type { AdapterOptions } from './batched-adapter';
import { MetadataAdapter } from './metadata-adapter';
import { mainOutput } from './tensor-outputs';

export class TextModelAdapter extends MetadataAdapter {
  readonly textField: string;
  private readonly pre: TextPreprocessing;
  private readonly tok: Tokenizer;
  private embedding?: tf.layers.Layer;

  constructor(model: tf.LayersModel, metadata: ModelMetadata, options?: AdapterOptions) {
    super(model, metadata, options);
    const text = metadata.text;
    if (text === undefined) throw new Error(`tslit.json of '${metadata.name}' has no text section`);
    if (text.tokenizer?.kind === 'huggingface') {
      // The tokenizer.json's vocabulary, padding and unknown ids replace tslit.json's.
      const hf = tokenizerFromMetadata(text);
      this.tok = hf;
      this.pre = { ...text, vocab: [...hf.vocabulary()], padId: hf.padId, oovId: hf.unknownId ?? hf.padId };
      checkTextPreprocessing(this.pre);
    } else {
      checkTextPreprocessing(text);
      this.pre = text;
      this.tok = tokenizerFromMetadata(text);
    }
    this.textField = text.field;
  }

  /** The model's one tokenizer (tslit.json's text.tokenizer): ids here, tokens for every method and view. */
  tokenizer(): Tokenizer {
    return this.tok;
  }

  /** Tokens of a text (before truncation to maxLength). */
  tokens(text: string): string[] {
    return this.tok.tokenize(text).map((t) => t.token);
  }

  vocabulary(): readonly string[] {
    return this.pre.vocab;
  }

  /** The embedding layer; throws clearly if the model has none. */
  private embeddingLayer(): tf.layers.Layer {
    if (this.embedding) return this.embedding;
    const embedding = findLayer(this.model, this.pre.embeddingLayer);
    if (embedding.getClassName() !== 'Embedding') {
      throw new Error(`model '${this.name}': layer '${embedding.name}' is a ${embedding.getClassName()}, not an Embedding layer; token gradients need one`);
    }
    this.embedding = embedding;
    return embedding;
  }

  embeddingTable(): tf.Tensor2D {
    const w = this.embeddingLayer().getWeights()[0];
    return w as tf.Tensor2D;
  }

  /** Ids of one example's text, truncated and padded to maxLength (on the side tslit.json says). */
  private paddedIds(example: Example): number[] {
    const ids = this.tok.encodeIds(example[this.textField] as string, this.pre.maxLength);
    const padded = padIds(ids, this.pre.maxLength, this.pre.padId);
    return this.pre.padding === 'left' ? [...padded.slice(Math.min(ids.length, this.pre.maxLength)), ...padded.slice(0, Math.min(ids.length, this.pre.maxLength))] : padded;
  }

  /** Where the first of n real tokens sits in the padded ids. */
  private firstPosition(n: number): number {
    return this.pre.padding === 'left' ? this.pre.maxLength - n : 0;
  }

  protected toInputs(batch: readonly Example[]): tf.Tensor {
    const flat = new Int32Array(batch.length * this.pre.maxLength);
    batch.forEach((ex, i) => flat.set(this.paddedIds(ex), i * this.pre.maxLength));
    return tf.tensor2d(flat, [batch.length, this.pre.maxLength], 'int32');
  }

  /** Tokens output fields (whose parent is the text field) get the tokens the model read. */
  protected override extraOutputs(batch: readonly Example[]): Prediction[] | undefined {
    const spec: Spec = this.metadata.outputSpec;
    const fields = Object.entries(spec).filter(([, s]) => s.kind === 'Tokens' && (s.parent === undefined || s.parent === this.textField)).map(([n]) => n);
    if (fields.length === 0) return undefined;
    return batch.map((ex) => {
      const toks = this.tokens(ex[this.textField] as string).slice(0, this.pre.maxLength);
      const p: Prediction = {};
      for (const f of fields) p[f] = toks.slice();
      return p;
    });
  }

  encode(example: Example): EncodedInput {
    const text = example[this.textField];
    if (typeof text !== 'string') throw new Error(`field '${this.textField}': should be text, got ${text === undefined ? 'nothing' : typeof text}`);
    const tokens = this.tokens(text);
    if (tokens.length === 0) throw new Error(`field '${this.textField}': the text has no tokens (empty or only separators); nothing to attribute`);
    // Salience explains what predict() reads: the first maxLength ids (as layersModelAdapter
    // models do). With special tokens ([CLS] … [SEP]) the ids are not the text's tokens; those
    // are labelled by their vocabulary entries.
    const ids = this.tok.encodeIds(text, this.pre.maxLength);
    const labels = this.tok.encodeIds(text).length === tokens.length ? tokens.slice(0, ids.length) : ids.map((id) => this.pre.vocab[id]);
    const table = this.embeddingTable();
    const encoded = tf.tidy(() => {
      // The Embedding layer's call is gather(table, ids); applying the layer itself would
      // insist on exactly inputLength ids.
      const input = tf.gather(table, tf.tensor1d(ids, 'int32')).expandDims(0);
      const baseline = tf.gather(table, tf.fill([ids.length], this.pre.padId, 'int32')).expandDims(0);
      return { input, baseline, labels, align: 'tokens', tokenIds: ids };
    }) as unknown as EncodedInput;
    const padded = this.paddedIds(example);
    return { ...encoded, forward: (x) => this.forwardWithIds(padded, ids.length, x) };
  }

  /**
   * Forward without an example: a stand-in id (the unknown token's) at each real position, which
   * is exact because this model reads its ids only through the embedding (and its mask).
   */
  forward(x: tf.Tensor): tf.Tensor {
    const n = x.shape[1] as number;
    if (x.rank !== 3 || n > this.pre.maxLength) {
      throw new Error(`forward of '${this.name}' needs [batch, tokens <= ${this.pre.maxLength}, dim], got [${x.shape}]`);
    }
    const start = this.firstPosition(n);
    const ids = new Array<number>(this.pre.maxLength).fill(this.pre.padId).fill(this.pre.oovId, start, start + n);
    return this.forwardWithIds(ids, n, x);
  }

  private forwardWithIds(paddedIds: readonly number[], n: number, x: tf.Tensor): tf.Tensor {
    const dim = this.embeddingTable().shape[1];
    if (x.rank !== 3 || x.shape[1] !== n || x.shape[2] !== dim) {
      throw new Error(`forward of '${this.name}' needs [batch, ${n}, ${dim}] (the embedding of the example's tokens), got [${x.shape}]`);
    }
    const start = this.firstPosition(n);
    const positions = Array.from({ length: n }, (_, k) => start + k);
    return tf.tidy(() => {
      const y = runFromLayer(this.model, this.embeddingLayer(), [tf.tensor2d([paddedIds as number[]], [1, this.pre.maxLength], 'int32')], x, positions);
      return Array.isArray(y) ? y[mainOutput(this.metadata.outputSpec).index] : y;
    });
  }
}
