/** The IG baseline the person asked for, checked against the input's shape. */
import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from '../../model/adapter';
import { SalienceInputError } from './errors';
import { isTabularBaseline, tabularBaselineRows, type BaselineUsed, type TabularBaseline } from './tabular-baseline';

/**
 * 'adapter': the model's natural baseline (pad embedding for text, the medians row or zeros
 * for tabular, zeros elsewhere). A tensor or numbers: a point in the model's encoded space.
 * Tabular models also take real rows: 'median', `{ median: rows }`, `{ row }`, `{ background }`.
 */
export type BaselineChoice = 'adapter' | 'zeros' | tf.Tensor | ArrayLike<number> | TabularBaseline;

/** One or more baseline points shaped like the input (several for a background), and what they are. */
export interface Baselines {
  tensors: tf.Tensor[];
  used: BaselineUsed;
}

/**
 * Resolves a choice into baseline tensors (the caller disposes them). With no choice, a
 * model that knows training medians (`medianRow`) gets 'median', any other 'adapter'.
 */
export function resolveBaselines(model: DifferentiableModel, choice: BaselineChoice | undefined, input: tf.Tensor, adapterBaseline: tf.Tensor): Baselines {
  const wanted = choice ?? (typeof model.medianRow === 'function' ? 'median' : 'adapter');
  if (!isTabularBaseline(wanted)) {
    const kind = wanted === 'adapter' || wanted === 'zeros' ? wanted : 'tensor';
    return { tensors: [resolveBaseline(wanted, input, adapterBaseline)], used: { kind } };
  }
  const { rows, used } = tabularBaselineRows(model, wanted);
  const tensors: tf.Tensor[] = [];
  try {
    rows.forEach((row, i) => tensors.push(encodeRow(model, row, input, used.kind === 'background' ? `background row ${i}` : 'baseline row')));
  } catch (e) {
    tensors.forEach((t) => t.dispose());
    throw e;
  }
  return { tensors, used };
}

/** The mean of the resolved baselines as one tensor (the caller disposes it): the reference of gradient×input and SmoothGrad. */
export function meanBaseline(model: DifferentiableModel, choice: BaselineChoice, input: tf.Tensor, adapterBaseline: tf.Tensor): { tensor: tf.Tensor; used: BaselineUsed } {
  const { tensors, used } = resolveBaselines(model, choice, input, adapterBaseline);
  const tensor = tf.tidy(() => tf.addN(tensors).div(tensors.length));
  tensors.forEach((t) => t.dispose());
  return { tensor, used };
}

/** The model's own encoding of a raw baseline row, shaped like `input`. */
function encodeRow(model: DifferentiableModel, row: Parameters<DifferentiableModel['encode']>[0], input: tf.Tensor, what: string): tf.Tensor {
  let enc;
  try {
    enc = model.encode(row);
  } catch (e) {
    throw new SalienceInputError(`${what}: ${(e as Error).message}`);
  }
  enc.baseline.dispose();
  if (enc.input.size !== input.size) {
    enc.input.dispose();
    throw new SalienceInputError(`${what} encodes to ${enc.input.size} values; the example to ${input.size}`);
  }
  const t = enc.input.reshape(input.shape);
  enc.input.dispose();
  return t;
}

/** Returns a new tensor shaped like `input`; the caller disposes it. `adapterBaseline` is not consumed. */
export function resolveBaseline(choice: Exclude<BaselineChoice, TabularBaseline> | undefined, input: tf.Tensor, adapterBaseline: tf.Tensor): tf.Tensor {
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
  if (typeof choice === 'string') throw new SalienceInputError(`baseline '${String(choice)}' is unknown; use 'adapter', 'zeros', a tensor or an array of ${input.size} numbers (tabular models: also 'median', { median: rows }, { row } or { background: rows })`);
  if (typeof choice !== 'object' || choice === null || typeof (choice as ArrayLike<number>).length !== 'number') {
    throw new SalienceInputError(`baseline must be 'adapter', 'zeros', a tensor, numbers, or for tabular models 'median', { median: rows }, { row } or { background: rows }; got ${JSON.stringify(choice)}`);
  }
  if (choice.length !== input.size) {
    throw new SalienceInputError(`baseline has ${choice.length} numbers; expected ${expected}`);
  }
  return tf.tensor(Float32Array.from(choice), shape);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
