/**
 * Batched gradients of the explained output F with respect to encoded inputs.
 *
 * Notes: one tape per chunk of rows; F of different rows are independent, so the gradient of
 * their sum gives every row's own gradient in one backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from '../../model/adapter';
import { selectTarget } from './target';
import type { ResolvedTarget } from './types';

/** d F / d x for every row of `x` [b, ...inner]; returns [b, ...inner]. Does not dispose `x`. */
export function gradientOf(model: DifferentiableModel, x: tf.Tensor, target: ResolvedTarget): tf.Tensor {
  const f = (inp: tf.Tensor): tf.Scalar => selectTarget(model.forward(inp), target).sum();
  return tf.grad(f)(x);
}

/** F for every row of `x` [b, ...inner]; plain numbers. */
export function targetValues(model: DifferentiableModel, x: tf.Tensor, target: ResolvedTarget, chunkSize = 256): Float32Array {
  const b = x.shape[0];
  const out = new Float32Array(b);
  for (let start = 0; start < b; start += chunkSize) {
    const size = Math.min(chunkSize, b - start);
    const t = tf.tidy(() => selectTarget(model.forward(x.slice(start, size)), target));
    out.set(t.dataSync() as Float32Array, start);
    t.dispose();
  }
  return out;
}
