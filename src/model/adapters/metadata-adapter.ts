/**
 * What the adapters built from `tslit.json` share: specs, task and classes from the
 * metadata, and the LayersModel run with `model.apply` (the same call in predict and forward,
 * so `forward(encode(e).input)` reproduces `predict([e])`).
 */
import * as tf from '@tensorflow/tfjs';
import type { Spec } from '../../core/spec';
import type { DifferentiableModel, EncodedInput } from '../adapter';
import type { ModelMetadata } from '../metadata';
import type { Example } from '../../core/spec';
import type { AdapterOptions } from './batched-adapter';
import { TensorModelAdapter } from './tensor-adapter';
import { mainOutput } from './tensor-outputs';

export abstract class MetadataAdapter extends TensorModelAdapter implements DifferentiableModel {
  readonly task: 'multiclass' | 'regression';
  readonly classes?: readonly string[];

  constructor(readonly model: tf.LayersModel, readonly metadata: ModelMetadata, options?: AdapterOptions) {
    super(metadata.name, options);
    const main = mainOutput(metadata.outputSpec);
    const kind = metadata.task === 'multiclass' ? 'MulticlassPreds' : 'RegressionScore';
    if (main.spec.kind !== kind) {
      throw new Error(`tslit.json of '${metadata.name}': task '${metadata.task}' needs a ${kind} output, but '${main.field}' is a ${main.spec.kind}`);
    }
    this.task = metadata.task;
    if (main.spec.kind === 'MulticlassPreds') {
      this.classes = main.spec.vocab;
      if (metadata.classes && metadata.classes.join('\u0000') !== main.spec.vocab.join('\u0000')) {
        throw new Error(`tslit.json of '${metadata.name}': classes ${JSON.stringify(metadata.classes)} differ from output '${main.field}' vocab ${JSON.stringify(main.spec.vocab)}`);
      }
    }
  }

  inputSpec(): Spec {
    return this.metadata.inputSpec;
  }
  outputSpec(): Spec {
    return this.metadata.outputSpec;
  }
  protected run(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return this.model.apply(inputs, { training: false }) as tf.Tensor | tf.Tensor[];
  }

  abstract encode(example: Example): EncodedInput;
  abstract forward(x: tf.Tensor): tf.Tensor;
}
