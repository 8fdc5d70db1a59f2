/**
 * Keras's `StringLookup` and `TextVectorization` for tfjs-layers (which has neither), working on
 * string tensors, registered on import. Their vocabulary must be in the layer's config as
 * Keras's `get_vocabulary()` lists it (OOV and mask tokens included), and a tf_idf layer's
 * `idf_weights` too: Keras keeps an adapted vocabulary in the `.keras` file's assets, which
 * tensorflowjs_converter does not carry (`tslit convert` puts both back).
 *
 * Decision (docs/convert.md): tslit's adapters feed numbers, so a model whose input is a string
 * is read with these layers only when called on string tensors directly; for tslit's views keep
 * the lookup outside the model (tslit.json's vocabulary / categorical values), as the test models do.
 *
 * Read, for both layers: `output_mode` int, multi_hot, count, tf_idf (and one_hot for
 * StringLookup), `max_tokens` with `pad_to_max_tokens`, one OOV index (Keras's default; more would
 * be Keras's hashing), a mask token. TextVectorization: `standardize` lower_and_strip_punctuation,
 * lower, strip_punctuation or none; `split` whitespace, character or none; `ngrams`;
 * `output_sequence_length` (int mode: 0-padded or truncated at the end; without it, padded to the
 * batch's longest row, as Keras). Refused, naming the layer: `invert`, `sparse`, `ragged`, a
 * callable standardize / split (not serializable), more than one OOV index.
 */
import * as tf from '@tensorflow/tfjs';
import { decodeVocabulary, ENCODED_VOCABULARY } from './string-config';
import {
  BAG_MODES, encodeBag, ngramsOf, ngramWidths, OUTPUT_MODES, splitText, standardize, STANDARDIZE_MODES,
  tokenIndex, type OutputMode, type SplitMode, type TokenIndex,
} from './string-encoding';

type LayerArgs = Record<string, unknown> & { name?: string };

/** A config string as Keras wrote it: tfjs's deserialization camelCases them ('oneHot' → 'one_hot'). */
function snake(value: string): string {
  return value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A config value by its Keras key, whether it arrives as Keras wrote it or camelCased by tfjs. */
function read(args: LayerArgs, key: string): unknown {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return args[key] !== undefined ? args[key] : args[camel];
}

/** A string option in Keras's spelling; undefined when absent, null when Keras wrote None. */
function option(args: LayerArgs, key: string): string | null | undefined {
  const v = read(args, key);
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== 'string') throw new Error(`option ${key}: ${String(v)} is not a string`);
  return snake(v);
}

/** The options both layers share, checked. */
interface LookupOptions {
  layer: string;
  vocabulary: string[];
  mode: OutputMode;
  /** The size of a one_hot / bag output: max_tokens when padded to it, else the vocabulary's. */
  depth: number;
  idf?: Float32Array;
  maxTokens: number | null;
  padToMaxTokens: boolean;
}

function lookupOptions(className: string, args: LayerArgs, name: string, modes: readonly OutputMode[]): LookupOptions {
  const refuse = (what: string): never => {
    throw new Error(`${className} layer '${name}': ${what}`);
  };
  const encoded = args[ENCODED_VOCABULARY];
  const given = read(args, 'vocabulary');
  if (typeof encoded !== 'string' && !Array.isArray(given)) refuse('no vocabulary in its config (an adapted Keras layer keeps it in the .keras assets); put get_vocabulary() in the config');
  const vocabulary = typeof encoded === 'string' ? decodeVocabulary(encoded) : (given as unknown[]).map(String);
  const mode = (option(args, 'output_mode') ?? 'int') as OutputMode;
  if (!modes.includes(mode)) refuse(`output_mode '${mode}'; ${modes.join(', ')} are read`);
  const oov = read(args, 'num_oov_indices') ?? 1;
  if (oov !== 1) refuse(`num_oov_indices ${String(oov)}; only 1 is read (more is Keras's hashing)`);
  for (const flag of ['invert', 'sparse', 'ragged']) if (read(args, flag) === true) refuse(`${flag}=True is not read (tfjs has no ${flag === 'invert' ? 'inverse lookup here' : `${flag} tensors`})`);
  const maxTokens = (read(args, 'max_tokens') as number | null | undefined) ?? null;
  const padToMaxTokens = read(args, 'pad_to_max_tokens') === true;
  if (padToMaxTokens && maxTokens === null) refuse('pad_to_max_tokens without max_tokens');
  if (maxTokens !== null && vocabulary.length > maxTokens) refuse(`a vocabulary of ${vocabulary.length} tokens is longer than max_tokens ${maxTokens}`);
  const depth = padToMaxTokens ? (maxTokens as number) : vocabulary.length;
  let idf: Float32Array | undefined;
  if (mode === 'tf_idf') {
    const weights = read(args, 'idf_weights');
    if (!Array.isArray(weights)) refuse("output_mode 'tf_idf' without idf_weights in its config (tslit convert writes them)");
    if ((weights as unknown[]).length !== depth) refuse(`idf_weights has ${(weights as unknown[]).length} values, expected ${depth} (one per output column)`);
    idf = Float32Array.from(weights as number[]);
  }
  return { layer: name, vocabulary, mode, depth, idf, maxTokens, padToMaxTokens };
}

function stringsOf(inputs: tf.Tensor | tf.Tensor[], layer: string): { values: string[]; shape: number[] } {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x.dtype !== 'string') throw new Error(`layer '${layer}' takes a string tensor, got ${x.dtype}`);
  return { values: x.dataSync() as unknown as string[], shape: x.shape };
}

/** Rows of indices → (rows, depth) float32 bags. */
function bags(rows: number[][], options: LookupOptions): tf.Tensor2D {
  const out = new Float32Array(rows.length * options.depth);
  rows.forEach((ids, r) => encodeBag(ids, options.mode, out.subarray(r * options.depth, (r + 1) * options.depth), options.idf));
  return tf.tensor2d(out, [rows.length, options.depth], 'float32');
}

function commonConfig(options: LookupOptions): tf.serialization.ConfigDict {
  return {
    vocabulary: options.vocabulary, num_oov_indices: 1, output_mode: options.mode, max_tokens: options.maxTokens,
    pad_to_max_tokens: options.padToMaxTokens, ...(options.idf ? { idf_weights: Array.from(options.idf) } : {}),
  };
}

export class KerasStringLookup extends tf.layers.Layer {
  static className = 'StringLookup';
  private readonly options: LookupOptions;
  private readonly maskToken: string | null;
  private readonly oovToken: string;
  private readonly index: TokenIndex;

  constructor(args: LayerArgs) {
    super({ name: args.name, trainable: false });
    this.options = lookupOptions('StringLookup', args, this.name, OUTPUT_MODES);
    const mask = read(args, 'mask_token');
    this.maskToken = typeof mask === 'string' ? mask : null;
    const oov = read(args, 'oov_token');
    this.oovToken = typeof oov === 'string' ? oov : '[UNK]';
    this.index = tokenIndex(this.options.vocabulary, this.options.mode, this.maskToken, this.oovToken);
  }

  /** Keras's one_hot encodes on a last axis of size 1 (a column of strings: (n, 1) → (n, vocabulary)), else on a new one. */
  private oneHotShape(shape: tf.Shape): tf.Shape {
    const kept = shape.length > 1 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : shape;
    return [...kept, this.options.depth];
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const { mode, depth } = this.options;
    if (mode === 'int') return shape;
    return mode === 'one_hot' ? this.oneHotShape(shape) : [shape[0], depth];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { values, shape } = stringsOf(inputs, this.name);
    const ids = values.map(this.index);
    const { mode, depth } = this.options;
    if (mode === 'int') return tf.tensor(ids, shape, 'int32');
    if (mode === 'one_hot') {
      return tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), depth), 'float32'), this.oneHotShape(shape) as number[]));
    }
    if (shape.length > 2) throw new Error(`StringLookup layer '${this.name}': output_mode '${mode}' takes rows of tokens (rank 1 or 2), got shape [${shape.join(', ')}]`);
    const width = shape.length === 2 ? shape[1] : 1;
    return bags(Array.from({ length: shape[0] }, (_, r) => ids.slice(r * width, (r + 1) * width)), this.options);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...commonConfig(this.options), mask_token: this.maskToken, oov_token: this.oovToken };
  }
}

export class KerasTextVectorization extends tf.layers.Layer {
  static className = 'TextVectorization';
  private readonly options: LookupOptions;
  private readonly standardizeMode: string | null;
  private readonly split: SplitMode;
  private readonly ngrams: unknown;
  private readonly widths: number[];
  private readonly length: number | null;
  private readonly index: TokenIndex;

  constructor(args: LayerArgs) {
    super({ name: args.name, trainable: false });
    const refuse = (what: string): never => {
      throw new Error(`TextVectorization layer '${this.name}': ${what}`);
    };
    this.options = lookupOptions('TextVectorization', args, this.name, ['int', 'multi_hot', 'count', 'tf_idf']);
    const split = option(args, 'split');
    if (split !== undefined && split !== null && split !== 'whitespace' && split !== 'character') refuse(`split '${split}'; whitespace, character or None are read`);
    this.split = split === undefined ? 'whitespace' : (split as SplitMode);
    const std = option(args, 'standardize');
    if (std !== undefined && std !== null && !STANDARDIZE_MODES.includes(std)) refuse(`standardize '${std}'; ${STANDARDIZE_MODES.join(', ')} or None are read`);
    this.standardizeMode = std === undefined ? 'lower_and_strip_punctuation' : std;
    this.ngrams = read(args, 'ngrams') ?? null;
    this.widths = widthsOrRefuse(this.ngrams, refuse);
    const length = read(args, 'output_sequence_length') ?? null;
    if (length !== null && (typeof length !== 'number' || !Number.isInteger(length) || length < 1)) refuse(`output_sequence_length ${String(length)}: expected a positive integer`);
    if (length !== null && this.options.mode !== 'int') refuse(`output_sequence_length is for output_mode 'int', not '${this.options.mode}'`);
    this.length = length as number | null;
    // Keras's TextVectorization always has the mask token '' and the OOV token '[UNK]'.
    this.index = tokenIndex(this.options.vocabulary, this.options.mode, '', '[UNK]');
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const batch = (inputShape as tf.Shape)[0];
    return BAG_MODES.has(this.options.mode) ? [batch, this.options.depth] : [batch, this.length];
  }

  /** One text's tokens: standardized, split, n-grams. */
  tokens(text: string): string[] {
    return ngramsOf(splitText(standardize(text, this.standardizeMode), this.split), this.widths);
  }

  /** One text's ids in int mode: looked up (unknown → 1), 0-padded or truncated to output_sequence_length. */
  ids(text: string): number[] {
    const ids = this.tokens(text).map(this.index);
    return this.length === null ? ids : padded(ids, this.length);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { values, shape } = stringsOf(inputs, this.name);
    if (shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) {
      throw new Error(`TextVectorization layer '${this.name}': takes one text per row ((n,) or (n, 1)), got shape [${shape.join(', ')}]`);
    }
    if (BAG_MODES.has(this.options.mode)) return bags(values.map((t) => this.tokens(t).map(this.index)), this.options);
    const rows = values.map((t) => this.ids(t));
    const width = this.length ?? Math.max(0, ...rows.map((r) => r.length));
    return tf.tensor2d(rows.map((r) => padded(r, width)).flat(), [values.length, width], 'int32');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(), ...commonConfig(this.options), standardize: this.standardizeMode, split: this.split,
      ngrams: this.ngrams as tf.serialization.ConfigDictValue, output_sequence_length: this.length,
    };
  }
}

function widthsOrRefuse(ngrams: unknown, refuse: (what: string) => never): number[] {
  try {
    return ngramWidths(ngrams);
  } catch (e) {
    return refuse((e as Error).message);
  }
}

/** `ids` cut or 0-padded at the end to `length`. */
function padded(ids: number[], length: number): number[] {
  return ids.length >= length ? ids.slice(0, length) : [...ids, ...new Array<number>(length - ids.length).fill(0)];
}

tf.serialization.registerClass(KerasStringLookup);
tf.serialization.registerClass(KerasTextVectorization);
