/**
 * An adapter for any model that maps input tensors to output tensors: examples are encoded
 * to tensors, the model runs inside `tf.tidy`, and outputs are checked against the spec.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../../core/spec';
import { AdapterOptions, BatchedAdapter } from './batched-adapter';
import { readOutputs } from './tensor-outputs';

export abstract class TensorModelAdapter extends BatchedAdapter {
  constructor(name: string, options?: AdapterOptions) {
    super(name, options);
  }

  /** Examples (already validated) to the model's input tensor(s); runs inside tidy. */
  protected abstract toInputs(batch: readonly Example[], offset: number): tf.Tensor | tf.Tensor[];

  /** Runs the model; runs inside tidy. One tensor per tensor output field. */
  protected abstract run(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[];

  /** Non-tensor output fields (e.g. the tokens a text model saw), per example. */
  protected extraOutputs(_batch: readonly Example[]): Prediction[] | undefined {
    return undefined;
  }

  protected async predictBatch(batch: readonly Example[], offset: number): Promise<Prediction[]> {
    const outputs = tf.tidy(() => {
      const y = this.run(this.toInputs(batch, offset));
      return Array.isArray(y) ? y : [y];
    });
    try {
      const preds = await readOutputs(outputs, this.outputSpec(), batch.length, offset);
      const extra = this.extraOutputs(batch);
      if (extra) preds.forEach((p, i) => Object.assign(p, extra[i]));
      return preds;
    } finally {
      tf.dispose(outputs);
    }
  }
}
