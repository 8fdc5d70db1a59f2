/**
 * A layer's activations, and gradients of a model output with respect to them, for any tfjs
 * LayersModel — functional graphs with branches and residuals, masks, several inputs —
 * taken inside the model's own call.
 *
 * Notes: the layer's `call` is wrapped for the length of one synchronous computation (an own
 * property shadowing the prototype's method, removed in `finally`), so the model runs its own
 * graph and the wrapper only sees (and, for gradients, adds a zero perturbation to) the
 * layer's output: d output / d perturbation at 0 is the gradient at the activation. A layer
 * applied at several places in the graph (a shared layer) is refused, since its activation
 * would be ambiguous.
 */
import * as tf from '@tensorflow/tfjs';

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** The layer called `name`; throws listing the model's layers. */
export function layerNamed(model: tf.LayersModel, name: string): tf.layers.Layer {
  const layer = model.layers.find((l) => l.name === name);
  if (layer === undefined) throw new RangeError(`model '${model.name}' has no layer '${name}'; its layers: ${model.layers.map((l) => l.name).join(', ')}`);
  if (layer.inboundNodes.length > 1) throw new RangeError(`model '${model.name}': layer '${name}' is applied ${layer.inboundNodes.length} times in the graph; choose a layer applied once`);
  return layer;
}

function withOutputHook<T>(layer: tf.layers.Layer, change: (out: tf.Tensor) => tf.Tensor, fn: () => T): T {
  const target = layer as unknown as { call: Call };
  const own = Object.prototype.hasOwnProperty.call(target, 'call');
  const previous = target.call;
  target.call = (inputs, kwargs) => {
    const out = previous.call(layer, inputs, kwargs);
    if (Array.isArray(out)) throw new RangeError(`layer '${layer.name}' has several outputs; choose a layer with one`);
    return change(out);
  };
  try {
    return fn();
  } finally {
    if (own) target.call = previous;
    else delete (target as { call?: Call }).call;
  }
}

function mainOf(y: tf.Tensor | tf.Tensor[], index: number): tf.Tensor {
  return Array.isArray(y) ? y[index] : y;
}

/** The layer's output for `inputs`, [b, ...]. The caller disposes it. */
export function layerActivations(model: tf.LayersModel, layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  let captured: tf.Tensor | undefined;
  tf.tidy(() => {
    withOutputHook(layer, (out) => {
      captured?.dispose();
      captured = tf.keep(out.clone());
      return out;
    }, () => model.apply(inputs, { training: false }));
  });
  if (captured === undefined) throw new RangeError(`layer '${layer.name}' was not reached when running model '${model.name}'`);
  return captured;
}

/**
 * d (sum over rows of output[:, column]) / d activation, [b, ...]: each row's gradient of its
 * own output (rows are independent). `outputIndex` picks the model output (main output).
 */
export function activationGradients(model: tf.LayersModel, layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[], outputIndex: number, column: number): tf.Tensor {
  const activations = layerActivations(model, layer, inputs);
  try {
    return tf.tidy(() => {
      const f = (delta: tf.Tensor): tf.Scalar => withOutputHook(layer, (out) => tf.add(out, delta), () => {
        const y = mainOf(model.apply(inputs, { training: false }) as tf.Tensor | tf.Tensor[], outputIndex);
        return y.rank === 1 ? y.sum() : y.slice([0, column], [-1, 1]).sum();
      }) as tf.Scalar;
      return tf.grad(f)(tf.zerosLike(activations));
    });
  } finally {
    activations.dispose();
  }
}
