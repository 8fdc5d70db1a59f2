/**
 * The input encoding a generic model gets when its user gives only specs: all-Scalar inputs
 * become a feature matrix [b, n] in spec order; a single Image input becomes [b, h, w, c].
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../core/spec';
import type { AlignKind } from '../adapter';
import { pixelLabels, pixelsToTensor } from './image';

export interface InputEncoder {
  toTensor(examples: readonly Example[]): tf.Tensor;
  align: AlignKind;
  /** Label of each position along the alignment axis. */
  labels: string[];
}

/** Stacks numeric fields into [b, fields.length]. Values must already be validated. */
export function scalarsToTensor(examples: readonly Example[], fields: readonly string[]): tf.Tensor2D {
  const buf = new Float32Array(examples.length * fields.length);
  examples.forEach((ex, i) => fields.forEach((f, j) => { buf[i * fields.length + j] = ex[f] as number; }));
  return tf.tensor2d(buf, [examples.length, fields.length]);
}

/** The default encoder for `inputSpec`, or undefined when the user must supply one. */
export function defaultInputEncoder(inputSpec: Spec): InputEncoder | undefined {
  const entries = Object.entries(inputSpec);
  if (entries.length > 0 && entries.every(([, s]) => s.kind === 'Scalar')) {
    const fields = entries.map(([n]) => n);
    return { toTensor: (ex) => scalarsToTensor(ex, fields), align: 'features', labels: fields };
  }
  if (entries.length === 1 && entries[0][1].kind === 'Image') {
    const [field, spec] = entries[0];
    if (spec.kind !== 'Image') return undefined;
    return { toTensor: (ex) => pixelsToTensor(ex, field, spec.shape), align: 'pixels', labels: pixelLabels(spec.shape) };
  }
  return undefined;
}
