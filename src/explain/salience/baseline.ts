/** The IG baseline the person asked for, checked against the input's shape. */
import * as tf from '@tensorflow/tfjs';
import { SalienceInputError } from './errors';

/** 'adapter': the model's natural baseline (pad embedding for text, zeros or means elsewhere). */
export type BaselineChoice = 'adapter' | 'zeros' | tf.Tensor | ArrayLike<number>;

/** Returns a new tensor shaped like `input`; the caller disposes it. `adapterBaseline` is not consumed. */
export function resolveBaseline(choice: BaselineChoice | undefined, input: tf.Tensor, adapterBaseline: tf.Tensor): tf.Tensor {
  const shape = input.shape;
  const expected = `[${shape.join(', ')}] (or [${shape.slice(1).join(', ')}], or ${input.size} numbers)`;
  if (choice === undefined || choice === 'adapter') {
    if (adapterBaseline.size !== input.size) throw new SalienceInputError(`adapter baseline has shape [${adapterBaseline.shape.join(', ')}]; expected ${expected}`);
    return adapterBaseline.reshape(shape);
  }
  if (choice === 'zeros') return tf.zerosLike(input);
  if (choice instanceof tf.Tensor) {
    const ok = sameShape(choice.shape, shape) || sameShape(choice.shape, shape.slice(1));
    if (!ok) throw new SalienceInputError(`baseline has shape [${choice.shape.join(', ')}]; expected ${expected}`);
    return tf.tidy(() => choice.toFloat().reshape(shape));
  }
  if (typeof choice === 'string') throw new SalienceInputError(`baseline '${String(choice)}' is unknown; use 'adapter', 'zeros', a tensor or an array of ${input.size} numbers`);
  if (choice.length !== input.size) {
    throw new SalienceInputError(`baseline has ${choice.length} numbers; expected ${expected}`);
  }
  return tf.tensor(Float32Array.from(choice), shape);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
