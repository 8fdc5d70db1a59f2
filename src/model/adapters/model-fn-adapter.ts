/**
 * Adapters for a `tf.LayersModel` or a `tf.GraphModel` whose input and output specs the user
 * gives. They are differentiable when the inputs have a default encoding (all Scalars, or one
 * Image) and the model takes one input tensor.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../core/spec';
import type { DifferentiableModel, EncodedInput } from '../adapter';
import { defaultInputEncoder, InputEncoder } from '../encode/default-inputs';
import { validateExamples } from '../predict/spec-check';
import type { AdapterOptions } from './batched-adapter';
import { TensorModelAdapter } from './tensor-adapter';
import { mainOutput } from './tensor-outputs';

/** A model as a function from input tensor(s) to output tensor(s), pure and tidy-safe. */
export type ModelFn = (inputs: tf.Tensor | tf.Tensor[]) => tf.Tensor | tf.Tensor[];

export interface ModelFnAdapterOptions extends AdapterOptions {
  inputSpec: Spec;
  /** Tensor outputs (MulticlassPreds, RegressionScore, Embeddings) in the model's output order. */
  outputSpec: Spec;
  /** Encodes a batch of examples; needed unless the inputs are all Scalars or one Image. */
  toTensor?: (examples: readonly Example[]) => tf.Tensor | tf.Tensor[];
}

export class ModelFnAdapter extends TensorModelAdapter {
  protected readonly inputs: Spec;
  protected readonly outputs: Spec;
  protected readonly encodeBatch: (examples: readonly Example[]) => tf.Tensor | tf.Tensor[];

  constructor(name: string, protected readonly fn: ModelFn, options: ModelFnAdapterOptions) {
    super(name, options);
    this.inputs = options.inputSpec;
    this.outputs = options.outputSpec;
    mainOutput(this.outputs); // fails early without a main output
    const encoder = options.toTensor ?? defaultInputEncoder(options.inputSpec)?.toTensor;
    if (encoder === undefined) {
      throw new Error(`model '${this.name}': give toTensor(examples) — inputs other than all-Scalar or a single Image have no default encoding`);
    }
    this.encodeBatch = encoder;
  }

  inputSpec(): Spec {
    return this.inputs;
  }
  outputSpec(): Spec {
    return this.outputs;
  }
  protected toInputs(batch: readonly Example[]): tf.Tensor | tf.Tensor[] {
    return this.encodeBatch(batch);
  }
  protected run(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return this.fn(inputs);
  }
}

export class DifferentiableModelFnAdapter extends ModelFnAdapter implements DifferentiableModel {
  readonly task: 'multiclass' | 'regression';
  readonly classes?: readonly string[];
  readonly featureNames?: readonly string[];
  private readonly mainIndex: number;

  constructor(name: string, fn: ModelFn, options: ModelFnAdapterOptions, private readonly encoder: InputEncoder) {
    super(name, fn, { ...options, toTensor: options.toTensor ?? encoder.toTensor });
    const main = mainOutput(this.outputs);
    this.mainIndex = main.index;
    this.task = main.spec.kind === 'MulticlassPreds' ? 'multiclass' : 'regression';
    if (main.spec.kind === 'MulticlassPreds') this.classes = main.spec.vocab;
    if (encoder.align === 'features') this.featureNames = encoder.labels;
  }

  encode(example: Example): EncodedInput {
    validateExamples(this.inputs, [example]);
    return tf.tidy(() => {
      const input = this.encoder.toTensor([example]);
      return { input, baseline: tf.zerosLike(input), labels: this.encoder.labels.slice(), align: this.encoder.align };
    }) as EncodedInput;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const y = this.fn(x);
      const out = Array.isArray(y) ? y[this.mainIndex] : y;
      return out.rank === 1 ? out.expandDims(1) : out;
    });
  }
}

function makeAdapter(name: string, fn: ModelFn, options: ModelFnAdapterOptions, singleInput: boolean): ModelFnAdapter {
  const encoder = options.toTensor === undefined ? defaultInputEncoder(options.inputSpec) : undefined;
  return encoder !== undefined && singleInput
    ? new DifferentiableModelFnAdapter(name, fn, options, encoder)
    : new ModelFnAdapter(name, fn, options);
}

/** A `tf.LayersModel` without a text input; `model.apply` runs it (no training-mode layers). See `layersModelAdapter`. */
export function plainLayersModelAdapter(model: tf.LayersModel, options: ModelFnAdapterOptions): ModelFnAdapter {
  const fn: ModelFn = (x) => model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
  return makeAdapter(options.name ?? model.name, fn, options, model.inputs.length === 1);
}

/** A `tf.GraphModel` (tensorflowjs converter output) without a named embedding node; `model.predict` runs it. See `graphModelAdapter`. */
export function plainGraphModelAdapter(model: tf.GraphModel, options: ModelFnAdapterOptions): ModelFnAdapter {
  const fn: ModelFn = (x) => model.predict(x) as tf.Tensor | tf.Tensor[];
  return makeAdapter(options.name ?? 'graph-model', fn, options, model.inputs.length === 1);
}
