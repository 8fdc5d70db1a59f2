/**
 * The text classifier adapter built from tslit.json: tokenize, ids, pad; gradients are taken
 * at the Embedding layer's output for the real tokens only.
 *
 * Notes: `encode` returns [1, n, dim] for the n real tokens; `forward` pads its input back to
 * `maxLength` with the pad token's embedding and applies the layers after the embedding one by
 * one, which is exactly what `predict` computes for the same text.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../../core/spec';
import type { EncodedInput } from '../adapter';
import type { ModelMetadata, TextPreprocessing } from '../metadata';
import { findLayer, layersAfter } from '../encode/layer-chain';
import { checkTextPreprocessing, padIds, tokenize, tokensToIds, vocabIndex } from '../encode/text';
import type { AdapterOptions } from './batched-adapter';
import { MetadataAdapter } from './metadata-adapter';

export class TextModelAdapter extends MetadataAdapter {
  readonly textField: string;
  private readonly pre: TextPreprocessing;
  private readonly index: Map<string, number>;
  private chain?: { embedding: tf.layers.Layer; after: tf.layers.Layer[] };

  constructor(model: tf.LayersModel, metadata: ModelMetadata, options?: AdapterOptions) {
    super(model, metadata, options);
    if (metadata.text === undefined) throw new Error(`tslit.json of '${metadata.name}' has no text section`);
    checkTextPreprocessing(metadata.text);
    this.pre = metadata.text;
    this.textField = metadata.text.field;
    this.index = vocabIndex(metadata.text.vocab);
  }

  /** Tokens of a text as the model sees them (before truncation). */
  tokens(text: string): string[] {
    return tokenize(text, this.pre);
  }

  vocabulary(): readonly string[] {
    return this.pre.vocab;
  }

  /** The embedding layer and the chain after it; throws clearly if the model has none. */
  private layersFromEmbedding(): { embedding: tf.layers.Layer; after: tf.layers.Layer[] } {
    if (this.chain) return this.chain;
    const embedding = findLayer(this.model, this.pre.embeddingLayer);
    if (embedding.getClassName() !== 'Embedding') {
      throw new Error(`model '${this.name}': layer '${embedding.name}' is a ${embedding.getClassName()}, not an Embedding layer; token gradients need one`);
    }
    if ((embedding.getConfig() as { maskZero?: boolean }).maskZero) {
      throw new Error(`model '${this.name}': embedding layer '${embedding.name}' uses maskZero; forward() from the embedding output cannot reproduce the mask`);
    }
    this.chain = { embedding, after: layersAfter(this.model, embedding) };
    return this.chain;
  }

  embeddingTable(): tf.Tensor2D {
    const w = this.layersFromEmbedding().embedding.getWeights()[0];
    return w as tf.Tensor2D;
  }

  /** Ids of one example's text, truncated and padded to maxLength. */
  private paddedIds(example: Example): number[] {
    const ids = tokensToIds(this.tokens(example[this.textField] as string), this.index, this.pre.oovId);
    return padIds(ids, this.pre.maxLength, this.pre.padId);
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
    if (tokens.length > this.pre.maxLength) {
      throw new Error(`field '${this.textField}': the text has ${tokens.length} tokens but the model reads at most ${this.pre.maxLength}; shorten it (predict truncates, salience does not)`);
    }
    const ids = tokensToIds(tokens, this.index, this.pre.oovId);
    const table = this.embeddingTable();
    return tf.tidy(() => {
      // The Embedding layer's call is gather(table, ids); applying the layer itself would
      // insist on exactly inputLength ids.
      const input = tf.gather(table, tf.tensor1d(ids, 'int32')).expandDims(0);
      const baseline = tf.gather(table, tf.fill([ids.length], this.pre.padId, 'int32')).expandDims(0);
      return { input, baseline, labels: tokens, align: 'tokens', tokenIds: ids };
    }) as unknown as EncodedInput;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const { after } = this.layersFromEmbedding();
    const [, n, dim] = x.shape;
    if (x.rank !== 3 || n > this.pre.maxLength) {
      throw new Error(`forward of '${this.name}' needs [batch, tokens <= ${this.pre.maxLength}, dim], got [${x.shape}]`);
    }
    return tf.tidy(() => {
      let h: tf.Tensor = x;
      if (n < this.pre.maxLength) {
        const tail = this.pre.maxLength - n;
        const padRow = tf.gather(this.embeddingTable(), tf.tensor1d([this.pre.padId], 'int32'));
        if (padRow.shape[1] !== dim) throw new Error(`forward of '${this.name}': input dim ${dim} differs from the embedding dim ${padRow.shape[1]}`);
        // Zero-pad x and add a constant block holding the pad embedding in the tail rows: exact
        // (x + 0, 0 + pad), and its gradient is a cheap slice, unlike concat+tile's on WASM.
        const padBlock = tf.concat([tf.zeros([n, dim]), tf.tile(padRow, [tail, 1])], 0).expandDims(0);
        h = tf.add(tf.pad(x, [[0, 0], [0, tail], [0, 0]]), padBlock);
      }
      for (const layer of after) h = layer.apply(h, { training: false }) as tf.Tensor;
      return h;
    });
  }
}
