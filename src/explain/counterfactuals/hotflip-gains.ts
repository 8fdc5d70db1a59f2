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
 * For each of `positions`, the allowed token with the largest estimated gain (never the token
 * already there). `allowed[w]` is false for tokens that must not be inserted (padding, unknown).
 */
export function bestFlips(grad: number[][], table: tf.Tensor2D, tokenIds: readonly number[], positions: readonly number[], allowed: readonly boolean[]): BestFlip[] {
  if (positions.length === 0) return [];
  const bias = new Float32Array(allowed.length).map((_, w) => (allowed[w] ? 0 : -Infinity));
  const [values, indices] = tf.tidy(() => {
    const g = tf.tensor2d(positions.map((p) => grad[p]));
    const current = tf.gather(table, tf.tensor1d(positions.map((p) => tokenIds[p]), 'int32'));
    const gains = tf.matMul(g, table, false, true)
      .sub(tf.sum(tf.mul(g, current), 1, true))
      .add(tf.tensor1d(bias));
    const top = tf.topk(gains, Math.min(2, allowed.length));
    return [top.values, top.indices];
  });
  const v = values.arraySync() as number[][];
  const ix = indices.arraySync() as number[][];
  values.dispose();
  indices.dispose();
  return positions.flatMap((position, r) => {
    const pick = ix[r][0] === tokenIds[position] ? 1 : 0;
    const token = ix[r][pick];
    const gain = v[r][pick];
    return token === undefined || !Number.isFinite(gain) || token === tokenIds[position] ? [] : [{ position, token, gain }];
  });
}
