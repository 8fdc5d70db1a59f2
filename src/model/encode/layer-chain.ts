/**
 * Finding a named layer in a LayersModel. (Running a model from a layer's output is
 * `layer-output-hook.ts`: the model's own call with the layer's output replaced.)
 */
import * as tf from '@tensorflow/tfjs';

/** The layer called `name`; throws listing the model's layers when it is absent. */
export function findLayer(model: tf.LayersModel, name: string): tf.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (layer === undefined) {
    throw new Error(`model '${model.name}' has no layer named '${name}' (its layers: ${model.layers.map((l) => l.name).join(', ')})`);
  }
  return layer;
}
