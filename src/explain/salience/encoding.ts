/**
 * Encoding one example for a gradient method, with the checks that turn bad input into a
 * clear error, and the reduction of an attribution tensor to one score per label.
 */
import * as tf from '@tensorflow/tfjs';
import { forExample, isDifferentiable, type DifferentiableModel, type EncodedInput, type ModelAdapter } from '../../model/adapter';
import type { Example } from '../../core/spec';
import { SalienceInputError } from './errors';

/** Narrows to a model with gradients, or says what is needed and which calls work through predict(). */
export function requireDifferentiable(model: ModelAdapter, method: string): DifferentiableModel {
  if (!isDifferentiable(model)) {
    throw new SalienceInputError(
      `${method} needs a DifferentiableModel (encode + forward) from the model layer; '${model.name}' only has predict(). ${blackBoxCalls(model)} work through predict(). To give it gradients, wrap it: withTokenGradients(model, { embed, gradients }) (a text model that accepts token embeddings and returns their gradients; see docs/own-model.md).`,
    );
  }
  return model;
}

/** The black-box calls that work on a predict-only model: a tabular one needs background examples to take hidden fields from. */
function blackBoxCalls(model: ModelAdapter): string {
  let text = true;
  try {
    text = Object.values(model.inputSpec()).some((s) => s.kind === 'TextSegment');
  } catch {
    // An adapter whose spec throws still gets a refusal; name the text form.
  }
  const extra = text ? '' : ', { background }';
  const calls = `lime(model, example${extra}), kernelShap(model, example${extra}) and occlusion(model, example${extra})`;
  return text ? calls : `${calls} (background: examples to take the hidden fields from)`;
}

/**
 * Encodes and checks the encoding. The caller disposes `input` and `baseline`.
 * Empty and over-long text are rejected by the adapter's own `encode`; we re-check emptiness.
 */
export function encodeChecked(model: DifferentiableModel, example: Example): EncodedInput {
  if (model.textField !== undefined) {
    const text = example[model.textField];
    if (typeof text !== 'string' || text.trim() === '') {
      throw new SalienceInputError(`field '${model.textField}' must be a non-empty text to explain; got ${JSON.stringify(text)}`);
    }
  }
  const enc = model.encode(example);
  const n = enc.labels.length;
  if (n === 0 || enc.input.shape[0] !== 1) {
    enc.input.dispose();
    enc.baseline.dispose();
    throw new SalienceInputError(`the example encodes to nothing the model can explain (labels: ${n}, input shape [${enc.input.shape.join(', ')}]); give a non-empty input`);
  }
  const inner = enc.input.size;
  if (inner % n !== 0) {
    enc.input.dispose();
    enc.baseline.dispose();
    throw new SalienceInputError(`adapter bug: ${n} labels do not divide an input of ${inner} values`);
  }
  return enc;
}

/**
 * `encodeChecked`, and the model as a gradient method must call it for this example: its
 * forward bound to the example's ids, masks and other inputs when the encoding carries one.
 */
export function encodeBound<M extends DifferentiableModel>(model: M, example: Example): { enc: EncodedInput; m: M } {
  const enc = encodeChecked(model, example);
  return { enc, m: forExample(model, enc) };
}

/** Tokens whose id maps to a different vocabulary entry: they were replaced by the unknown token. */
export function findOovTokens(model: DifferentiableModel, enc: EncodedInput): string[] | undefined {
  if (enc.align !== 'tokens' || !enc.tokenIds || typeof model.vocabulary !== 'function') return undefined;
  const vocab = model.vocabulary();
  const oov: string[] = [];
  enc.tokenIds.forEach((id, i) => {
    const label = enc.labels[i];
    const entry = vocab[id];
    if (entry === undefined || (entry !== label && entry.toLowerCase() !== label.toLowerCase())) oov.push(label);
  });
  return oov.length > 0 ? oov : undefined;
}

export type Reduction = 'l2' | 'sum';

/**
 * One score per label from an attribution tensor [1, ...inner]: the inner values of a label
 * (embedding dim for tokens, channels for pixels, one value for features) are reduced by the
 * L2 norm or the sum.
 */
export function reduceToLabels(attr: tf.Tensor, numLabels: number, how: Reduction): Float32Array {
  const t = tf.tidy(() => {
    const per = attr.reshape([numLabels, -1]);
    return how === 'l2' ? per.square().sum(1).sqrt() : per.sum(1);
  });
  const out = t.dataSync() as Float32Array;
  const copy = Float32Array.from(out);
  t.dispose();
  return copy;
}
