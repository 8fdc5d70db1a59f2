/**
 * One text example as a text adapter sees it before gradients: the model's inputs as plain data
 * (so no tensor outlives the call that made it) and which positions of the ids are its tokens.
 * Shared by the LayersModel and GraphModel text adapters.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import { realPositions } from './layer-output-hook';

/** One model input of an encoded example. */
export interface InputData {
  values: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: tf.DataType;
}

/** The tensors `toTensor` made for one example, copied out and disposed; checks their count. */
export function readInputData(made: tf.Tensor | tf.Tensor[], inputs: number, model: string): InputData[] {
  const list = Array.isArray(made) ? made : [made];
  try {
    if (list.length !== inputs) throw new Error(`model '${model}': toTensor made ${list.length} tensors; the model has ${inputs} inputs`);
    return list.map((t) => ({ values: t.dataSync().slice() as InputData['values'], shape: t.shape.slice(), dtype: t.dtype }));
  } finally {
    list.forEach((t) => t.dispose());
  }
}

export interface ExampleTokens {
  /** Positions along the ids that hold tokens (not padding). */
  positions: number[];
  tokenIds: number[];
  /** The vocabulary entry of each token, or `#id` without a vocabulary. */
  labels: string[];
}

/** The example's tokens in `ids`; throws naming the field when the text is not text or has none. */
export function exampleTokens(example: Example, field: string, ids: ArrayLike<number>, padId: number, vocabulary: readonly string[] | undefined): ExampleTokens {
  const text = example[field];
  if (typeof text !== 'string') throw new Error(`field '${field}': should be text, got ${typeof text}`);
  const positions = realPositions(ids, padId);
  if (positions.length === 0) throw new Error(`field '${field}': the text has no tokens (every id is the padding id ${padId}); nothing to attribute`);
  const tokenIds = positions.map((p) => ids[p]);
  return { positions, tokenIds, labels: tokenIds.map((id) => vocabulary?.[id] ?? `#${id}`) };
}
