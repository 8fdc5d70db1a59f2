/**
 * What the LayersModel and GraphModel text adapters share: the text field, the task and classes
 * from the main output, the tokenizer and padding id, and the vocabulary that names tokens.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { DifferentiableModel, EncodedInput } from '../adapter';
import type { Tokenizer } from '../tokenizer';
import { ModelFnAdapter, type ModelFn, type ModelFnAdapterOptions } from './model-fn-adapter';
import { mainOutput } from './tensor-outputs';

export interface TokenTextOptions extends ModelFnAdapterOptions {
  tokenizer?: Tokenizer;
  padId?: number;
  vocabulary?: readonly string[];
}

export abstract class TokenTextAdapter extends ModelFnAdapter implements DifferentiableModel {
  readonly task: 'multiclass' | 'regression';
  readonly classes?: readonly string[];
  tokenizer?: () => Tokenizer;
  protected readonly padId: number;
  /** Index of the main output among the model's output tensors. */
  protected readonly mainIndex: number;

  constructor(name: string, fn: ModelFn, protected readonly text: TokenTextOptions, readonly textField: string) {
    super(name, fn, text);
    this.padId = text.padId ?? text.tokenizer?.padId ?? 0;
    const main = mainOutput(this.outputs);
    this.mainIndex = main.index;
    this.task = main.spec.kind === 'MulticlassPreds' ? 'multiclass' : 'regression';
    if (main.spec.kind === 'MulticlassPreds') this.classes = main.spec.vocab;
    const tokenizer = text.tokenizer;
    if (tokenizer !== undefined) this.tokenizer = () => tokenizer;
  }

  vocabulary(): readonly string[] {
    const v = this.knownVocabulary();
    if (v === undefined) throw new Error(`model '${this.name}': give its tokenizer or vocabulary to name its tokens`);
    return v;
  }

  protected knownVocabulary(): readonly string[] | undefined {
    return this.text.tokenizer?.vocabulary() ?? this.text.vocabulary;
  }

  abstract encode(example: Example): EncodedInput;
  abstract forward(x: tf.Tensor): tf.Tensor;
}
