/**
 * Finding a named layer in a LayersModel and the layers that follow it, so a model can be run
 * from that layer's output onwards (gradients at the embedding output).
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

/**
 * The layers after `layer`, in order, when they form a single chain ending at the model's only
 * output: each takes exactly the previous one's output. Throws otherwise, since applying them
 * one by one would then not be the model.
 */
export function layersAfter(model: tf.LayersModel, layer: tf.layers.Layer): tf.layers.Layer[] {
  const i = model.layers.indexOf(layer);
  const rest = model.layers.slice(i + 1);
  let previous = layer;
  for (const l of rest) {
    const nodes = l.inboundNodes;
    const inbound = nodes.length === 1 ? nodes[0].inboundLayers : [];
    if (inbound.length !== 1 || inbound[0] !== previous) {
      throw new Error(`model '${model.name}': layer '${l.name}' does not simply follow '${previous.name}'; only a chain of layers after '${layer.name}' can be run from its output`);
    }
    previous = l;
  }
  // `outputLayers` is empty on a tf.Sequential loaded from disk; the output tensor's source layer is reliable.
  if (model.outputs.length !== 1 || model.outputs[0].sourceLayer !== previous) {
    throw new Error(`model '${model.name}': the chain after '${layer.name}' does not end at the model's single output`);
  }
  return rest;
}
