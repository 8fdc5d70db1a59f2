/**
 * The layers of a tfjs LayersModel that have weights, and running code with one layer's
 * weights replaced, the originals always put back.
 *
 * Notes: `withLayerWeights` is synchronous on purpose. The kernel runs one JavaScript thread,
 * so while the changed weights are in place no other job (a prediction for another view, a
 * salience request) can run and see them; the originals are back before control returns to the
 * event loop, even when the code throws. The originals are kept as clones and assigned back,
 * so the weights are bit-identical afterwards.
 */
import * as tf from '@tensorflow/tfjs';

export interface WeightedLayer {
  name: string;
  /** Position among the model's layers. */
  index: number;
  layer: tf.layers.Layer;
  /** Shape of each weight tensor, in `getWeights()` order. */
  shapes: number[][];
  /** Number of weight values. */
  count: number;
}

/** Layers with at least one weight, in model order; `names` picks some, each checked to exist and to have weights. */
export function weightedLayers(model: tf.LayersModel, names?: readonly string[]): WeightedLayer[] {
  const all = model.layers.map((layer, index) => ({ layer, index })).filter(({ layer }) => layer.weights.length > 0);
  const describe = (l: tf.layers.Layer): WeightedLayer => {
    const shapes = l.weights.map((w) => w.shape.slice() as number[]);
    return { name: l.name, index: model.layers.indexOf(l), layer: l, shapes, count: shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0) };
  };
  if (names === undefined) return all.map(({ layer }) => describe(layer));
  if (names.length === 0) throw new RangeError(`model '${model.name}': the list of layers to perturb is empty`);
  return names.map((name) => {
    const layer = model.layers.find((l) => l.name === name);
    if (layer === undefined) {
      throw new RangeError(`model '${model.name}' has no layer '${name}'; layers with weights: ${all.map(({ layer: l }) => l.name).join(', ')}`);
    }
    if (layer.weights.length === 0) {
      throw new RangeError(`model '${model.name}': layer '${name}' (${layer.getClassName()}) has no weights to perturb; layers with weights: ${all.map(({ layer: l }) => l.name).join(', ')}`);
    }
    return describe(layer);
  });
}

/** The current values of a layer's weights, as plain arrays (a copy). */
export function readWeights(layer: tf.layers.Layer): Float32Array[] {
  return layer.getWeights().map((w) => Float32Array.from(w.dataSync() as Float32Array));
}

/**
 * Runs `fn` with `layer`'s weights set to `values` (one array per weight, in `getWeights()`
 * order), then puts the original weights back, whatever `fn` does.
 */
export function withLayerWeights<T>(layer: tf.layers.Layer, values: readonly Float32Array[], fn: () => T): T {
  const current = layer.getWeights();
  if (values.length !== current.length) throw new RangeError(`layer '${layer.name}' has ${current.length} weights, got ${values.length} arrays`);
  values.forEach((v, i) => {
    if (v.length !== current[i].size) throw new RangeError(`layer '${layer.name}' weight ${i} has ${current[i].size} values, got ${v.length}`);
  });
  const originals = current.map((w) => w.clone());
  const changed = values.map((v, i) => tf.tensor(v, current[i].shape, current[i].dtype));
  try {
    layer.setWeights(changed);
    return fn();
  } finally {
    layer.setWeights(originals);
    tf.dispose(originals);
    tf.dispose(changed);
  }
}
