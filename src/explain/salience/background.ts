/** Background samples for tabular perturbation methods, in the model's encoded feature space. */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { DifferentiableModel } from '../../model/adapter';
import { SalienceInputError } from './errors';

/** Rows of encoded features, or examples the model encodes. */
export type Background = readonly (readonly number[] | Float32Array)[] | readonly Example[] | tf.Tensor2D;

/** Returns background rows as plain arrays of `features` numbers each. */
export function backgroundRows(model: DifferentiableModel, background: Background, features: number): Float32Array[] {
  let rows: Float32Array[];
  if (background instanceof tf.Tensor) {
    if (background.shape[1] !== features) throw new SalienceInputError(`background has shape [${background.shape.join(', ')}]; expected [rows, ${features}]`);
    const data = background.dataSync() as Float32Array;
    rows = Array.from({ length: background.shape[0] }, (_, i) => data.slice(i * features, (i + 1) * features));
  } else {
    rows = background.map((row, i) => {
      if (Array.isArray(row) || row instanceof Float32Array) {
        const r = Float32Array.from(row as ArrayLike<number>);
        if (r.length !== features) throw new SalienceInputError(`background row ${i} has ${r.length} values; expected ${features} features`);
        return r;
      }
      const enc = model.encode(row as Example);
      const r = Float32Array.from(enc.input.dataSync());
      enc.input.dispose();
      enc.baseline.dispose();
      if (r.length !== features) throw new SalienceInputError(`background example ${i} encodes to ${r.length} values; expected ${features}`);
      return r;
    });
  }
  if (rows.length === 0) throw new SalienceInputError('background must have at least one row');
  return rows;
}

/** Column means and standard deviations. */
export function columnStats(rows: readonly Float32Array[]): { mean: Float32Array; std: Float32Array } {
  const p = rows[0].length;
  const mean = new Float32Array(p);
  const std = new Float32Array(p);
  for (const r of rows) for (let j = 0; j < p; j++) mean[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < p; j++) std[j] += (r[j] - mean[j]) ** 2 / rows.length;
  for (let j = 0; j < p; j++) std[j] = Math.sqrt(std[j]);
  return { mean, std };
}
