/**
 * What a person tells `onnxModel` about an ONNX model: how examples become its input tensors
 * (text through the model's tokenizer, tabular features in order, or their own function) and
 * what its main output means (class probabilities or a score).
 */
import type { Example, Spec } from '../../core/spec';
import type { AdapterOptions } from '../adapters/batched-adapter';
import type { Tokenizer } from '../tokenizer';
import type { Ort, OrtTensor } from './session';

interface OutputOptions {
  /** Class names of a [batch, classes] probability output; without them the output is one score per row. */
  classes?: readonly string[];
  /** The session output that holds the predictions (default: its only output, else the first). */
  output?: string;
}

/** A text classifier reading token ids [batch, sequence]. */
export interface OnnxTextOptions extends OutputOptions {
  kind: 'text';
  /** The model's own tokenizer; black-box salience and text generators split text with it. */
  tokenizer: Tokenizer;
  /** The example field holding the text (default 'text'). */
  textField?: string;
  /** The input that takes the ids (default: the session's only input). */
  input?: string;
  /** Tokens kept per text (longer texts are cut); the batch is padded with `padId` to its longest. */
  maxLength?: number;
  /** An attention-mask input (1 for tokens, 0 for padding), when the model has one. */
  maskInput?: string;
  /** Rows of the model's embedding table: tokenizer ids must stay below it. */
  embeddingRows?: number;
}

/** A tabular model reading one [batch, features] input. */
export interface OnnxTabularOptions extends OutputOptions {
  kind: 'tabular';
  /** Scalar example fields, in the order of the input's columns. */
  features: readonly string[];
  input?: string;
}

/** Any other model: the person builds the feeds. */
export interface OnnxGenericOptions extends OutputOptions {
  kind: 'generic';
  inputSpec: Spec;
  /** The session's feeds for one batch of (validated) examples. */
  toFeeds(batch: readonly Example[], ort: Ort): Record<string, OrtTensor>;
}

export type OnnxModelOptions = AdapterOptions & (OnnxTextOptions | OnnxTabularOptions | OnnxGenericOptions);
