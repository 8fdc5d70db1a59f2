/** Flat row-major pixel arrays to image tensors, and the labels of pixel positions. */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';

/** Stacks each example's flat `field` pixels into [b, h, w, c]. Values must already be validated. */
export function pixelsToTensor(examples: readonly Example[], field: string, shape: readonly [number, number, number]): tf.Tensor4D {
  const size = shape[0] * shape[1] * shape[2];
  const buf = new Float32Array(examples.length * size);
  examples.forEach((ex, i) => {
    const v = ex[field] as number[] | Float32Array;
    if (v.length !== size) throw new Error(`row ${i}, field '${field}': expected ${size} pixel values, got ${v.length}`);
    buf.set(v, i * size);
  });
  return tf.tensor4d(buf, [examples.length, shape[0], shape[1], shape[2]]);
}

/** `${row},${col}` for each pixel position, row-major: what attributions align to. */
export function pixelLabels(shape: readonly [number, number, number]): string[] {
  const out: string[] = [];
  for (let r = 0; r < shape[0]; r++) for (let c = 0; c < shape[1]; c++) out.push(`${r},${c}`);
  return out;
}
