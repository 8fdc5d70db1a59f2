/**
 * The first-order estimate behind HotFlip: replacing token i (embedding e_i) by token w changes
 * the objective by about (e_w − e_i)·∇_{e_i}J.
 */
import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from '../../model/adapter';
import type { Objective } from './goal';

/** ∇J at the encoded input, as a plain [tokens][dim] array; every tensor is disposed. */
export function objectiveGradient(model: DifferentiableModel, input: tf.Tensor, objective: Objective): number[][] {
  const g = tf.tidy(() => {
    const f = (x: tf.Tensor): tf.Scalar => {
      const y = model.forward(x) as tf.Tensor2D;
      const picked = objective.kind === 'class' ? tf.log(tf.add(y.slice([0, objective.index], [-1, 1]), 1e-12)) : y;
      return tf.mul(tf.sum(picked), objective.sign) as tf.Scalar;
    };
    const grad = tf.grad(f)(input);
    return grad.reshape([grad.shape[1] ?? 1, -1]);
  });
  const rows = g.arraySync() as number[][];
  g.dispose();
  return rows;
}

export interface BestFlip { position: number; token: number; gain: number }

/**
 * For each of `positions`, the allowed token with the largest estimated gain. Positions where
 * no token beats the one already there (best gain <= 0, or only the current token) are left out.
 * `allowed[w]` is false for tokens that must not be inserted (padding, unknown).
 *
 * Notes: max/argMax rather than topk: topk over [positions, vocab] is several times slower on
 * WASM, and the token already in place has gain exactly 0, so it never wins a positive max.
 */
export function bestFlips(grad: number[][], table: tf.Tensor2D, tokenIds: readonly number[], positions: readonly number[], allowed: readonly boolean[]): BestFlip[] {
  if (positions.length === 0) return [];
  const bias = new Float32Array(allowed.length).map((_, w) => (allowed[w] ? 0 : -Infinity));
  const [best, arg] = tf.tidy(() => {
    const g = tf.tensor2d(positions.map((p) => grad[p]));
    const current = tf.gather(table, tf.tensor1d(positions.map((p) => tokenIds[p]), 'int32'));
    const gains = tf.matMul(g, table, false, true)
      .sub(tf.sum(tf.mul(g, current), 1, true))
      .add(tf.tensor1d(bias));
    return [gains.max(1), gains.argMax(1)];
  });
  const v = best.dataSync();
  const ix = arg.dataSync();
  best.dispose();
  arg.dispose();
  return positions.flatMap((position, r) =>
    (v[r] > 0 && Number.isFinite(v[r]) && ix[r] !== tokenIds[position] ? [{ position, token: ix[r], gain: v[r] }] : []));
}
