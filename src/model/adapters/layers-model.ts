/**
 * `layersModelAdapter`: any `tf.LayersModel` with the person's specs. A model reading a text
 * field through an Embedding layer (or the layer named by `embeddingLayer`) gets gradients at
 * that layer, whatever follows it; other models get the default encoders of `model-fn-adapter`.
 */
import type * as tf from '@tensorflow/tfjs';
import { LayersTextAdapter, type LayersTextAdapterOptions } from './layers-text-adapter';
import { plainLayersModelAdapter, type ModelFnAdapter } from './model-fn-adapter';

export function layersModelAdapter(model: tf.LayersModel, options: LayersTextAdapterOptions): ModelFnAdapter {
  const hasText = Object.values(options.inputSpec ?? {}).some((s) => s.kind === 'TextSegment');
  const hasEmbedding = options.embeddingLayer !== undefined || model.layers.some((l) => l.getClassName() === 'Embedding');
  return hasText && hasEmbedding ? new LayersTextAdapter(model, options) : plainLayersModelAdapter(model, options);
}
