/**
 * Field types of models and datasets, modelled on LIT's `lit_nlp.api.types`.
 *
 * Notes: these are plain data (no tfjs, no DOM) so that both the kernel and the browser
 * views can read a model's spec and decide what they can show.
 */

/** Free text, tokenized by the model. */
export interface TextSegmentSpec { kind: 'TextSegment'; required?: boolean }
/** Tokens shown to the person; `parent` names the text field they came from. */
export interface TokensSpec { kind: 'Tokens'; parent?: string; required?: boolean }
/** A category; `vocab` lists the allowed values when known. */
export interface CategoryLabelSpec { kind: 'CategoryLabel'; vocab?: string[]; required?: boolean }
/** A real number, optionally bounded. */
export interface ScalarSpec { kind: 'Scalar'; min?: number; max?: number; required?: boolean }
/** An image as a flat row-major array of `height*width*channels` values in [0, 1]. */
export interface ImageSpec { kind: 'Image'; shape: [number, number, number]; required?: boolean }
/** Class probabilities over `vocab`; `parent` names the label field in the dataset. */
export interface MulticlassPredsSpec { kind: 'MulticlassPreds'; vocab: string[]; parent?: string; nullIdx?: number }
/** A regression output; `parent` names the target field in the dataset. */
export interface RegressionScoreSpec { kind: 'RegressionScore'; parent?: string }
/** A vector per example (for the embeddings projector). */
export interface EmbeddingsSpec { kind: 'Embeddings' }
/** Gradients aligned to `align` (a Tokens field, the feature list or an image field). */
export interface GradientsSpec { kind: 'Gradients'; align?: string }

export type FieldSpec =
  | TextSegmentSpec
  | TokensSpec
  | CategoryLabelSpec
  | ScalarSpec
  | ImageSpec
  | MulticlassPredsSpec
  | RegressionScoreSpec
  | EmbeddingsSpec
  | GradientsSpec;

export type FieldKind = FieldSpec['kind'];

/** Field name to field type. */
export type Spec = Record<string, FieldSpec>;

/** One value of a field. Images and embeddings travel as Float32Array. */
export type FieldValue = string | number | boolean | null | string[] | number[] | Float32Array;

/** One example: field name to value. */
export type Example = Record<string, FieldValue>;

/** One model output: field name to value (probabilities as number[], scores as number). */
export type Prediction = Record<string, FieldValue>;
