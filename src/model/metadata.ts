/**
 * The `tslit.json` file saved beside a tfjs `model.json`: everything an adapter needs to turn
 * examples into tensors and tensors back into predictions.
 *
 * Notes: training scripts (scripts/train/) write it; `model/` adapters read it. Example models
 * live in `models/<name>/{model.json, weights.bin, tslit.json}`.
 */
import type { Spec } from '../core/spec';

export interface TextPreprocessing {
  /** Dataset field holding the text. */
  field: string;
  /** Token vocabulary; index = id. Index `padId` is the padding token, `oovId` the unknown token. */
  vocab: string[];
  padId: number;
  oovId: number;
  /** The model's fixed input length; longer texts are truncated to it (predict and salience alike). */
  maxLength: number;
  lowercase: boolean;
  /** JavaScript RegExp source matching one token (global flag implied). */
  tokenPattern: string;
  /** Name of the tfjs Embedding layer (gradients are taken at its output). */
  embeddingLayer: string;
  /**
   * How text becomes tokens. Absent or `{ kind: 'word' }`: `tokenPattern` matches over `vocab`
   * (as the example models). `{ kind: 'character' }`: one token per character (code point).
   * `{ kind: 'huggingface', file }`: a Hugging Face `tokenizer.json` beside tslit.json
   * (WordPiece, BPE or Unigram); its vocabulary then replaces `vocab`.
   */
  tokenizer?: { kind: 'word' } | { kind: 'character' } | { kind: 'huggingface'; file: string };
  /** Where padding goes when a text is shorter than `maxLength` (default 'right'). */
  padding?: 'left' | 'right';
}

/**
 * `median` (the training rows' median, raw units) is optional: the training scripts write it
 * since issue 16, older files lack it. With `mode` it gives the default IG baseline row.
 */
export interface NumericFeature { name: string; kind: 'numeric'; mean: number; std: number; median?: number }
/** `mode`: the most frequent value in the training rows (optional, as `median`). */
export interface CategoricalFeature { name: string; kind: 'categorical'; values: string[]; mode?: string }
export type TabularFeature = NumericFeature | CategoricalFeature;

export interface TabularPreprocessing {
  /** Input features in model order; numeric ones standardised, categorical ones one-hot. */
  features: TabularFeature[];
}

export interface ImagePreprocessing {
  /** Dataset field holding the flat pixel array (values in [0, 1]). */
  field: string;
  shape: [number, number, number];
}

export interface ModelMetadata {
  name: string;
  task: 'multiclass' | 'regression';
  /** Class names in output order (multiclass only). */
  classes?: string[];
  /** Dataset field holding the label or regression target. */
  target: string;
  inputSpec: Spec;
  outputSpec: Spec;
  text?: TextPreprocessing;
  tabular?: TabularPreprocessing;
  image?: ImagePreprocessing;
  /** How the model was made: script, seed, data, held-out metrics. */
  training: {
    script: string;
    seed: number;
    data: string;
    heldOut: Record<string, number>;
  };
}
