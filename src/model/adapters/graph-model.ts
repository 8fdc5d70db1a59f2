/**
 * `graphModelAdapter`: any `tf.GraphModel` with the person's specs. A text model whose
 * embedding node is named (`embeddingNode`) gets gradients at that node; other graphs get the
 * default encoders of `model-fn-adapter`.
 */
import type * as tf from '@tensorflow/tfjs';
import { GraphTextAdapter, type GraphTextAdapterOptions } from './graph-text-adapter';
import { plainGraphModelAdapter, type ModelFnAdapter, type ModelFnAdapterOptions } from './model-fn-adapter';

export function graphModelAdapter(model: tf.GraphModel, options: ModelFnAdapterOptions & Partial<GraphTextAdapterOptions>): ModelFnAdapter {
  return options.embeddingNode !== undefined ? new GraphTextAdapter(model, options as GraphTextAdapterOptions) : plainGraphModelAdapter(model, options);
}
