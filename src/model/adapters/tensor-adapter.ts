/**
 * An adapter for any model that maps input tensors to output tensors: examples are encoded
 * to tensors, the model runs inside `tf.tidy`, and outputs are checked against the spec.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../../core/spec';
import { AdapterOptions, BatchedAdapter } from './batched-adapter';
import { readOutputs } from './tensor-outputs';
import { validateExamples } from '../predict/spec-check';

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

  /**
   * The model's input tensor(s) for validated examples, for callers that run the model
   * themselves in one synchronous stretch (parameter sensitivity changes weights and must put
   * them back before any other job can run). The caller disposes them.
   */
  inputTensors(batch: readonly Example[]): tf.Tensor | tf.Tensor[] {
    validateExamples(this.inputSpec(), batch);
    return tf.tidy(() => this.toInputs(batch, 0));
  }

  /** Runs the model on tensors from {@link inputTensors}: one tensor per tensor output field. The caller disposes them. */
  outputTensors(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const y = this.run(inputs);
      return Array.isArray(y) ? y : [y];
    });
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
