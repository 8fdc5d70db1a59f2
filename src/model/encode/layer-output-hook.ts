/**
 * Running a LayersModel with one layer's output replaced, inside the model's own call: the
 * way gradients are taken at an embedding (or any named layer) of a model of any shape —
 * residual connections, branches, masks, several inputs — without replaying layers by hand.
 *
 * Notes: tfjs-layers calls `layer.call(inputs, kwargs)` for each node while it runs a model
 * (`model.apply`), and asks the layer for its mask separately (`computeMask`), so overriding
 * `call` on the layer instance for the length of one synchronous run changes the layer's
 * output and nothing else: masks still come from the model's real inputs (an Embedding with
 * `maskZero` masks the ids that are padding). The override is restored before returning.
 */
import * as tf from '@tensorflow/tfjs';

type LayerCall = tf.layers.Layer['call'];

/**
 * Runs `run()` with `layer`'s output replaced by `replace(original)`. `replace` must return a
 * tensor made in the call (tfjs attaches the layer's mask to the returned tensor and disposes
 * that mask with the run; a tensor from outside would keep a disposed mask).
 */
export function withLayerOutput<T>(layer: tf.layers.Layer, replace: (original: tf.Tensor) => tf.Tensor, run: () => T, options: { rowsIdentical?: boolean } = {}): T {
  const hadOwn = Object.prototype.hasOwnProperty.call(layer, 'call');
  const own = layer.call;
  const original: LayerCall = own.bind(layer);
  const hooked: LayerCall = (inputs, kwargs) => {
    // When every row of the batch feeds the layer the same input (one example's inputs tiled),
    // its original output is computed for one row and broadcast by `replace`.
    const out = options.rowsIdentical ? original(firstRow(inputs), { ...kwargs, mask: kwargs?.mask == null ? kwargs?.mask : firstRow(kwargs.mask as tf.Tensor | tf.Tensor[]) }) : original(inputs, kwargs);
    if (Array.isArray(out)) throw new Error(`layer '${layer.name}' has several outputs; name a layer with one output`);
    return replace(out);
  };
  layer.call = hooked;
  try {
    return run();
  } finally {
    if (hadOwn) layer.call = own;
    else delete (layer as { call?: LayerCall }).call;
  }
}

function firstRow<T extends tf.Tensor | tf.Tensor[]>(t: T): T {
  const one = (x: tf.Tensor): tf.Tensor => (x.shape[0] === 1 ? x : tf.slice(x, 0, 1));
  return (Array.isArray(t) ? t.map(one) : one(t)) as T;
}

/** Which positions along axis 1 of a layer's output are the example's own tokens (not padding). */
export function realPositions(ids: ArrayLike<number>, padId: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) if (ids[i] !== padId) out.push(i);
  return out;
}

/**
 * `original` [b or 1, L, ...] with the rows at `positions` replaced by `x` [b, n, ...] (n =
 * positions.length): x + original·(1 − onPositions), broadcast over the batch. Differentiable in x; a contiguous run of
 * positions (right or left padding) is placed by `pad`, whose gradient is a slice.
 */
export function placeAt(original: tf.Tensor, x: tf.Tensor, positions: readonly number[]): tf.Tensor {
  const L = original.shape[1] as number;
  const n = positions.length;
  if (x.shape[1] !== n || x.shape.slice(2).join() !== original.shape.slice(2).join() || (original.shape[0] !== 1 && original.shape[0] !== x.shape[0])) {
    throw new Error(`the input at the layer has shape [${x.shape}] but the layer's output for these ${n} tokens is [${original.shape[0]},${n},${original.shape.slice(2)}]`);
  }
  return tf.tidy(() => {
    const rest = original.shape.slice(2).map(() => [0, 0] as [number, number]);
    const contiguous = positions.every((p, k) => p === positions[0] + k);
    const placed = contiguous
      ? tf.pad(x, [[0, 0], [positions[0], L - positions[0] - n], ...rest])
      : tf.gather(tf.concat([x, tf.zerosLike(x.slice([0, 0], [-1, 1]))], 1), positions.reduce((idx, p, k) => { idx[p] = k; return idx; }, new Array<number>(L).fill(n)), 1);
    const keep = new Float32Array(L).fill(1);
    for (const p of positions) keep[p] = 0;
    const keepMask = tf.tensor(keep, [1, L, ...original.shape.slice(2).map(() => 1)]);
    return tf.add(placed, tf.mul(original, keepMask));
  });
}

/**
 * The model's output(s) for `inputs` (tiled to x's batch when they have batch 1) with `layer`'s
 * output at `positions` replaced by `x` [b, n, ...]: forward from a layer, differentiable in x.
 */
export function runFromLayer(model: tf.LayersModel, layer: tf.layers.Layer, inputs: readonly tf.Tensor[], x: tf.Tensor, positions: readonly number[]): tf.Tensor | tf.Tensor[] {
  return tf.tidy(() => {
    const b = x.shape[0];
    const tiled = inputs.every((t) => t.shape[0] === 1);
    const fed = inputs.map((t) => (t.shape[0] === b ? t : tf.tile(t, [b, ...t.shape.slice(1).map(() => 1)])));
    return withLayerOutput(layer, (original) => placeAt(original, x, positions),
      () => model.apply(fed.length === 1 ? fed[0] : fed, { training: false }) as tf.Tensor | tf.Tensor[], { rowsIdentical: tiled && b > 1 });
  });
}
