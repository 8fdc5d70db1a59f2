/**
 * A seeded training loop and batched prediction for the example models.
 *
 * Notes: `model.fit({shuffle: true})` shuffles with tfjs's own unseeded RNG, so we shuffle with
 * our PRNG each epoch and call `trainOnBatch`. On the same backend the same seed then gives
 * the same weights, bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffledIndices } from '../../src/core/random';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  /** Called after each epoch with the mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Trains on rows of `x` and `y` (first axis = examples). */
export async function fitSeeded(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, opts: FitOptions): Promise<void> {
  await fitSeededBatches(model, x.shape[0], (indices) => {
    const idx = tf.tensor1d(indices, 'int32');
    const batch = { x: tf.gather(x, idx), y: tf.gather(y, idx) };
    idx.dispose();
    return batch;
  }, opts);
}

/** Trains on `n` examples whose batches `makeBatch` builds from example indices (the loop disposes them). */
export async function fitSeededBatches(
  model: tf.LayersModel,
  n: number,
  makeBatch: (indices: number[]) => { x: tf.Tensor; y: tf.Tensor },
  opts: FitOptions,
): Promise<void> {
  await runSeededEpochs(n, async (indices) => {
    const batch = makeBatch(indices);
    const loss = await model.trainOnBatch(batch.x, batch.y);
    tf.dispose([batch.x, batch.y]);
    return Array.isArray(loss) ? loss[0] : loss;
  }, opts);
}

/**
 * The epoch loop itself: each epoch visits `0..n-1` in an order drawn from the seeded PRNG,
 * `batchSize` indices at a time, and `step` trains on them and returns the batch loss.
 */
export async function runSeededEpochs(n: number, step: (indices: number[]) => Promise<number> | number, opts: FitOptions): Promise<void> {
  const random = mulberry32(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffledIndices(n, random);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < n; start += opts.batchSize) {
      lossSum += await step(order.slice(start, start + opts.batchSize));
      batches++;
    }
    opts.onEpoch?.(epoch, lossSum / batches);
  }
}

/** Runs the model over `x` in batches and returns the flat outputs. */
export function predictFlat(model: tf.LayersModel, x: tf.Tensor, batchSize = 256): Float32Array {
  const n = x.shape[0];
  const parts: Float32Array[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const out = tf.tidy(() => model.predict(x.slice(start, Math.min(batchSize, n - start))) as tf.Tensor);
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const total = parts.reduce((a, p) => a + p.length, 0);
  const flat = new Float32Array(total);
  let off = 0;
  for (const p of parts) {
    flat.set(p, off);
    off += p.length;
  }
  return flat;
}
