/**
 * The contract every model adapter fulfils, and the extra capability salience and
 * counterfactual methods need to take gradients.
 *
 * Notes: `explain/` talks to models only through these two interfaces, so a method works the
 * same for a `tf.LayersModel`, a `tf.GraphModel` or a plain predict function.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../core/spec';
import type { Tokenizer } from './tokenizer';

export interface PredictOptions {
  /** Examples per model call; defaults to the adapter's own batch size. */
  batchSize?: number;
  /** Aborting stops the job between batches and rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called after each batch with the number of examples done so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Neither read nor fill the prediction cache: for predictions of a model whose weights are
   * changed for a moment (parameter sensitivity), which must never be served later.
   */
  bypassCache?: boolean;
}

export interface ModelAdapter {
  readonly name: string;
  /** Fields the model reads from an example. */
  inputSpec(): Spec;
  /** Fields the model returns; exactly one MulticlassPreds or RegressionScore is the "main" output. */
  outputSpec(): Spec;
  /** Predicts in batches; results come back in input order. Every tensor is disposed. */
  predict(examples: readonly Example[], options?: PredictOptions): Promise<Prediction[]>;
  /** Text models: the name of the text field the model reads. */
  readonly textField?: string;
  /**
   * Text models: the tokenizer the model itself uses. Black-box salience, every text
   * counterfactual generator and the views split text with it, so that players, edits and
   * scores are the model's own tokens.
   */
  tokenizer?(): Tokenizer;
}

/** What the gradient point of one example looks like to the person. */
export type AlignKind = 'tokens' | 'features' | 'pixels';

/**
 * One example encoded up to the point where gradients are taken: the embedding layer's output
 * for text ([1, tokens, dim]), the feature vector for tabular ([1, features]), the pixels for
 * images ([1, h, w, c]).
 */
export interface EncodedInput {
  /** Tensor of shape [1, ...inner]; the caller disposes it. */
  input: tf.Tensor;
  /** A baseline of the same shape the adapter finds natural (pad-token embedding, zeros, ...); the caller disposes it. */
  baseline: tf.Tensor;
  /** What position i of the alignment axis means to the person: tokens, feature names, or `${row},${col}`. */
  labels: string[];
  align: AlignKind;
  /** For text: the token ids, aligned with `labels`. */
  tokenIds?: number[];
  /**
   * The model run from inputs shaped like `input` [b, ...inner] in this example's context — its
   * other inputs, its token ids and so its masks — when that context matters; methods then use
   * it instead of `model.forward` (see `forExample`). Pure: does not dispose its argument.
   */
  forward?: (x: tf.Tensor) => tf.Tensor;
  /**
   * Text models that read token ids: the model's output (as `forward`'s) for `rows` copies of
   * this example run from their ids, where `picks` [rows × tokens] says what stands at each of
   * the example's token positions — k < tokens the example's k-th token id, k ≥ tokens the pad
   * id. The model's own masks (an Embedding's maskZero, an attention mask made from the ids)
   * then see a token set to the pad id as absent, which a pad embedding under the original mask
   * does not; occlusion, LIME and Kernel SHAP use it when it is there.
   */
  forwardTokens?: (picks: Int32Array, rows: number) => tf.Tensor;
}

/** A model whose output can be differentiated with respect to an encoded input. */
export interface DifferentiableModel extends ModelAdapter {
  /** 'multiclass' outputs probabilities [b, classes]; 'regression' outputs a score [b, 1]. */
  readonly task: 'multiclass' | 'regression';
  /** Class names for multiclass models. */
  readonly classes?: readonly string[];
  /** Encodes one example; throws a clear error for empty or over-long input. */
  encode(example: Example): EncodedInput;
  /** Runs the model from encoded inputs [b, ...inner] to outputs [b, classes] or [b, 1]. Pure: no disposal of `x`. */
  forward(x: tf.Tensor): tf.Tensor;
  /** Text models: the embedding table [vocab, dim] (owned by the model: do not dispose). */
  embeddingTable?(): tf.Tensor2D;
  /** Text models: the token vocabulary (index = id). */
  vocabulary?(): readonly string[];
  /** Tabular models: ordered feature names as the model sees them. */
  readonly featureNames?: readonly string[];
  /**
   * Tabular models: which model-space columns (indices into `featureNames`) make up each raw
   * feature; a one-hot categorical feature has several. Sum attributions over a group to get
   * the raw feature's attribution.
   */
  featureGroups?(): readonly FeatureGroup[];
  /**
   * Tabular models: the training medians of the numeric features and the most frequent value
   * of each categorical one, as a raw row (the default IG baseline), when the model knows them.
   */
  medianRow?(): Example | undefined;
}

/** The model-space columns of one raw tabular feature. */
export interface FeatureGroup {
  feature: string;
  columns: number[];
}

/**
 * The model as gradient methods should call it for one encoded example: its `forward` bound to
 * the example when the encoding carries one, else the model itself.
 */
export function forExample<M extends DifferentiableModel>(model: M, encoded: EncodedInput): M {
  const bound = encoded.forward;
  if (bound === undefined) return model;
  return Object.create(model, { forward: { value: bound } }) as M;
}

export function isDifferentiable(model: ModelAdapter): model is DifferentiableModel {
  const m = model as Partial<DifferentiableModel>;
  return typeof m.encode === 'function' && typeof m.forward === 'function';
}
