/**
 * Keras's `StringLookup` and `TextVectorization` for tfjs-layers (which has neither), working on
 * string tensors, registered on import. Their vocabulary must be in the layer's config as
 * Keras's `get_vocabulary()` lists it (OOV and mask tokens included): Keras keeps an adapted
 * vocabulary in the `.keras` file's assets, which tensorflowjs_converter does not carry.
 *
 * Decision (docs/convert.md): tslit's adapters feed numbers, so a model whose input is a string
 * is read with these layers only when called on string tensors directly; for tslit's views keep
 * the lookup outside the model (tslit.json's vocabulary / categorical values), as the test models do.
 *
 * StringLookup: `output_mode` 'int' or 'one_hot', one OOV index (Keras's default; more would be
 * Keras's hashing, refused). TextVectorization: `standardize` 'lower_and_strip_punctuation',
 * 'lower', 'strip_punctuation' or null, `split` 'whitespace', `output_mode` 'int' with
 * `output_sequence_length` (0-padded or truncated at the end, as Keras).
 */
import * as tf from '@tensorflow/tfjs';
import { decodeVocabulary, ENCODED_VOCABULARY } from './string-config';

/** Keras's `DEFAULT_STRIP_REGEX`. */
const STRIP_PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

interface LookupArgs {
  name?: string;
  vocabulary?: string[] | null;
  num_oov_indices?: number;
  numOovIndices?: number;
  output_mode?: string;
  outputMode?: string;
  [key: string]: unknown;
}

/** The vocabulary's index of each token; unknown tokens take `oovIndex`. */
function lookup(tokens: readonly string[], index: Map<string, number>, oovIndex: number): number[] {
  return tokens.map((t) => index.get(t) ?? oovIndex);
}

/** A config string as Keras wrote it: tfjs's deserialization camelCases them ('oneHot' → 'one_hot'). */
function snake(value: string): string {
  return value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A string option from a config, in Keras's spelling, whichever key spelling and casing it arrives in. */
function option(args: LookupArgs, snakeKey: string, camelKey: string): string | null | undefined {
  const v = args[snakeKey] ?? args[camelKey];
  return typeof v === 'string' ? snake(v) : (v as null | undefined);
}

function vocabularyOf(layer: string, className: string, args: LookupArgs): string[] {
  const encoded = args[ENCODED_VOCABULARY];
  if (typeof encoded === 'string') return decodeVocabulary(encoded);
  if (!Array.isArray(args.vocabulary)) throw new Error(`${className} layer '${layer}': no vocabulary in its config (an adapted Keras layer keeps it in the .keras assets); put get_vocabulary() in the config`);
  return args.vocabulary.map(String);
}

function stringsOf(inputs: tf.Tensor | tf.Tensor[], layer: string): { values: string[]; shape: number[] } {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x.dtype !== 'string') throw new Error(`layer '${layer}' takes a string tensor, got ${x.dtype}`);
  return { values: x.dataSync() as unknown as string[], shape: x.shape };
}

export class KerasStringLookup extends tf.layers.Layer {
  static className = 'StringLookup';
  private readonly vocabulary: string[];
  private readonly index: Map<string, number>;
  private readonly oneHot: boolean;

  constructor(args: LookupArgs) {
    super({ name: args.name, trainable: false });
    this.vocabulary = vocabularyOf(this.name, 'StringLookup', args);
    const oov = args.num_oov_indices ?? args.numOovIndices ?? 1;
    if (oov !== 1) throw new Error(`StringLookup layer '${this.name}': num_oov_indices ${oov}; only 1 is read`);
    const mode = option(args, 'output_mode', 'outputMode') ?? 'int';
    if (mode !== 'int' && mode !== 'one_hot') throw new Error(`StringLookup layer '${this.name}': output_mode '${mode}'; 'int' and 'one_hot' are read`);
    this.oneHot = mode === 'one_hot';
    this.index = new Map(this.vocabulary.map((t, i) => [t, i]));
  }

  /** Keras's one_hot encodes on a last axis of size 1 (a column of strings: (n, 1) → (n, vocabulary)), else on a new one. */
  private oneHotShape(shape: tf.Shape): tf.Shape {
    const kept = shape.length > 1 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : shape;
    return [...kept, this.vocabulary.length];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return this.oneHot ? this.oneHotShape(shape) : shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { values, shape } = stringsOf(inputs, this.name);
    return tf.tidy(() => {
      const ids = tf.tensor(lookup(values, this.index, 0), shape, 'int32');
      if (!this.oneHot) return ids;
      return tf.reshape(tf.cast(tf.oneHot(tf.reshape(ids, [-1]), this.vocabulary.length), 'float32'), this.oneHotShape(shape) as number[]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabulary: this.vocabulary, num_oov_indices: 1, output_mode: this.oneHot ? 'one_hot' : 'int' };
  }
}

/** Keras's `standardize` options on one text. */
export function standardize(text: string, how: string | null): string {
  if (how === null) return text;
  const lower = how.includes('lower') ? text.toLowerCase() : text;
  return how.includes('strip_punctuation') ? lower.replace(STRIP_PUNCTUATION, '') : lower;
}

export class KerasTextVectorization extends tf.layers.Layer {
  static className = 'TextVectorization';
  private readonly vocabulary: string[];
  private readonly index: Map<string, number>;
  private readonly standardizeMode: string | null;
  private readonly length: number;

  constructor(args: LookupArgs & { standardize?: string | null; split?: string | null; output_sequence_length?: number; outputSequenceLength?: number }) {
    super({ name: args.name, trainable: false });
    this.vocabulary = vocabularyOf(this.name, 'TextVectorization', args);
    const mode = option(args, 'output_mode', 'outputMode') ?? 'int';
    if (mode !== 'int') throw new Error(`TextVectorization layer '${this.name}': output_mode '${mode}'; only 'int' is read`);
    const split = option(args, 'split', 'split') ?? 'whitespace';
    if (split !== 'whitespace') throw new Error(`TextVectorization layer '${this.name}': split '${split}'; only 'whitespace' is read`);
    const given = option(args, 'standardize', 'standardize');
    const std = given === undefined ? 'lower_and_strip_punctuation' : given;
    if (std !== null && !['lower_and_strip_punctuation', 'lower', 'strip_punctuation'].includes(std)) throw new Error(`TextVectorization layer '${this.name}': standardize '${std}' is not read`);
    this.standardizeMode = std;
    const length = args.output_sequence_length ?? args.outputSequenceLength;
    if (typeof length !== 'number' || length < 1) throw new Error(`TextVectorization layer '${this.name}': needs output_sequence_length`);
    this.length = length;
    this.index = new Map(this.vocabulary.map((t, i) => [t, i]));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as tf.Shape)[0], this.length];
  }

  /** One text's ids: standardized, split on whitespace, looked up (unknown → 1), 0-padded. */
  ids(text: string): number[] {
    const tokens = standardize(text, this.standardizeMode).split(/\s+/).filter((t) => t.length > 0);
    const ids = lookup(tokens, this.index, 1).slice(0, this.length);
    return [...ids, ...new Array<number>(this.length - ids.length).fill(0)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { values } = stringsOf(inputs, this.name);
    return tf.tensor2d(values.map((t) => this.ids(t)), [values.length, this.length], 'int32');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabulary: this.vocabulary, standardize: this.standardizeMode, split: 'whitespace', output_mode: 'int', output_sequence_length: this.length };
  }
}

tf.serialization.registerClass(KerasStringLookup);
tf.serialization.registerClass(KerasTextVectorization);
