/**
 * A text model given as any `tf.LayersModel` — recurrent with masking, a transformer with
 * residual connections, several inputs — with gradients at its embedding layer (or any named
 * layer with one output) taken inside the model's own call.
 *
 * Notes: `encode(example)` reads the layer's real output for the example's own tokens (the ids
 * that are not padding, wherever the padding is) and returns, with it, a `forward` bound to the
 * example: its ids and other inputs are fed to the model as they are, and only the layer's
 * output at those tokens is replaced by the input being differentiated (see
 * `encode/layer-output-hook`). Masks, residuals and branches are the model's own, so forward of
 * the encoded input is exactly predict of the example. Ids come from the model's tokenizer, or
 * from the person's `toTensor` (gradients are kept either way).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { EncodedInput } from '../adapter';
import type { Tokenizer } from '../tokenizer';
import { findLayer } from '../encode/layer-chain';
import { runFromLayer, withLayerOutput } from '../encode/layer-output-hook';
import { exampleTokens, readInputData, type InputData } from '../encode/example-tokens';
import { pickedIds } from '../encode/picked-ids';
import { validateExamples } from '../predict/spec-check';
import type { ModelFnAdapterOptions } from './model-fn-adapter';
import { TokenTextAdapter } from './token-text-adapter';

export interface TextLayerOptions {
  /** The text field (default: the inputSpec's only TextSegment). */
  textField?: string;
  /** The model's tokenizer: ids for prediction and gradients, tokens for every method and view. */
  tokenizer?: Tokenizer;
  /** The layer whose output gradients are taken at (default: the model's only Embedding layer). */
  embeddingLayer?: string;
  /** Ids per text (default: the ids input's length in the model, when fixed). */
  maxLength?: number;
  /** Where padding goes (default 'right'). */
  padding?: 'left' | 'right';
  /** The padding id (default the tokenizer's, else 0). */
  padId?: number;
  /** Index = id, for token labels and HotFlip when there is no tokenizer. */
  vocabulary?: readonly string[];
}

export type LayersTextAdapterOptions = ModelFnAdapterOptions & TextLayerOptions;


export function textFieldOf(options: Pick<LayersTextAdapterOptions, 'textField' | 'inputSpec'>, name: string): string {
  if (options.textField !== undefined) {
    if (options.inputSpec[options.textField]?.kind !== 'TextSegment') throw new Error(`model '${name}': textField '${options.textField}' is not a TextSegment of the inputSpec`);
    return options.textField;
  }
  const texts = Object.entries(options.inputSpec).filter(([, s]) => s.kind === 'TextSegment').map(([f]) => f);
  if (texts.length !== 1) throw new Error(`model '${name}': say which field is the text (textField); the inputSpec has ${texts.length} TextSegment fields`);
  return texts[0];
}

function embeddingLayerOf(model: tf.LayersModel, name?: string): tf.layers.Layer {
  if (name !== undefined) return findLayer(model, name);
  const found = model.layers.filter((l) => l.getClassName() === 'Embedding');
  if (found.length !== 1) {
    throw new Error(`model '${model.name}' has ${found.length} Embedding layers; name the one to take gradients at (embeddingLayer: one of ${model.layers.map((l) => l.name).join(', ')})`);
  }
  return found[0];
}

/** Ids from the tokenizer, truncated and padded to `length` on `side`. */
export function tokenizerEncoder(field: string, tokenizer: Tokenizer, length: number, side: 'left' | 'right'): (examples: readonly Example[]) => tf.Tensor {
  return (examples) => {
    const flat = new Int32Array(examples.length * length).fill(tokenizer.padId);
    examples.forEach((ex, r) => {
      const text = ex[field];
      if (typeof text !== 'string') throw new Error(`row ${r}, field '${field}': should be text, got ${text === null ? 'null' : typeof text}`);
      const ids = tokenizer.encodeIds(text, length);
      flat.set(ids, r * length + (side === 'left' ? length - ids.length : 0));
    });
    return tf.tensor2d(flat, [examples.length, length], 'int32');
  };
}

export class LayersTextAdapter extends TokenTextAdapter {
  private readonly layer: tf.layers.Layer;
  /** Which of the model's inputs holds the ids the layer reads. */
  private readonly idsInput: number;
  private readonly options: LayersTextAdapterOptions;

  constructor(private readonly model: tf.LayersModel, text: LayersTextAdapterOptions) {
    const name = text.name ?? model.name;
    const layer = embeddingLayerOf(model, text.embeddingLayer);
    const nodes = layer.inboundNodes;
    const idsTensor = nodes.length === 1 ? nodes[0].inputTensors[0] : undefined;
    // The ids tell which positions are tokens: the input the layer reads, or the model's only input.
    const read = idsTensor === undefined ? -1 : model.inputs.indexOf(idsTensor);
    const idsInput = read >= 0 ? read : nodes.length === 1 && model.inputs.length === 1 ? 0 : -1;
    if (idsInput < 0) {
      throw new Error(`model '${name}': layer '${layer.name}' must be used once (it has ${nodes.length} inbound nodes) and read one of the model's inputs, or the model must have one input`);
    }
    const field = textFieldOf(text, name);
    const fixed = model.inputs[idsInput].shape[1];
    const length = text.maxLength ?? (typeof fixed === 'number' ? fixed : undefined);
    let toTensor = text.toTensor;
    if (toTensor === undefined) {
      if (text.tokenizer === undefined) throw new Error(`model '${name}': give its tokenizer (or toTensor(examples) building the model's inputs)`);
      if (length === undefined) throw new Error(`model '${name}': its ids input has no fixed length; give maxLength`);
      if (model.inputs.length !== 1) throw new Error(`model '${name}' has ${model.inputs.length} inputs; give toTensor(examples) returning them in the model's order`);
      toTensor = tokenizerEncoder(field, text.tokenizer, length, text.padding ?? 'right');
    }
    super(name, (x) => model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[], { ...text, name, toTensor }, field);
    this.layer = layer;
    this.idsInput = idsInput;
    this.options = text;
    const rows = layer.getClassName() === 'Embedding' ? (layer.getConfig() as { inputDim?: number }).inputDim : undefined;
    const vocabSize = this.knownVocabulary()?.length;
    if (rows !== undefined && vocabSize !== undefined && vocabSize > rows) {
      throw new Error(`model '${name}': the tokenizer's vocabulary has ${vocabSize} entries but embedding layer '${layer.name}' has ${rows} rows; it is not this model's vocabulary`);
    }
  }

  embeddingTable(): tf.Tensor2D {
    if (this.layer.getClassName() !== 'Embedding') {
      throw new Error(`model '${this.name}': layer '${this.layer.name}' is a ${this.layer.getClassName()}, not an Embedding; token substitution (HotFlip) needs an embedding table`);
    }
    return this.layer.getWeights()[0] as tf.Tensor2D;
  }

  encode(example: Example): EncodedInput {
    validateExamples(this.inputs, [example]);
    const data = readInputData(this.encodeBatch([example]), this.model.inputs.length, this.name);
    const { positions, tokenIds, labels } = exampleTokens(example, this.textField, data[this.idsInput].values, this.padId, this.knownVocabulary());
    const input = tf.tidy(() => {
      let captured: tf.Tensor | undefined;
      withLayerOutput(this.layer, (original) => {
        captured = tf.keep(tf.gather(original, positions, 1));
        return original.clone();
      }, () => this.model.apply(this.tensorsOf(data), { training: false }));
      return captured as tf.Tensor;
    });
    const baseline = tf.tidy(() => (this.layer.getClassName() === 'Embedding'
      ? tf.gather(this.embeddingTable(), tf.fill([positions.length], this.padId, 'int32')).expandDims(0)
      : tf.zerosLike(input)));
    return {
      input, baseline, labels, align: 'tokens', tokenIds,
      forward: (x) => this.forwardFrom(data, positions, x),
      forwardTokens: (picks, rows) => this.forwardTokens(data, positions, tokenIds, picks, rows),
    };
  }

  /** `rows` copies of the example's inputs with the ids at `positions` as `picks` says (EncodedInput.forwardTokens), run whole. */
  private forwardTokens(data: readonly InputData[], positions: readonly number[], tokenIds: readonly number[], picks: Int32Array, rows: number): tf.Tensor {
    const tiled = pickedIds(data[this.idsInput].values, positions, tokenIds, this.padId, picks, rows, this.name);
    return tf.tidy(() => {
      const inputs = data.map((d, i) => (i === this.idsInput
        ? tf.tensor(tiled, [rows, ...d.shape.slice(1)], d.dtype)
        : tf.tile(tf.tensor(d.values, d.shape, d.dtype), [rows, ...d.shape.slice(1).map(() => 1)])));
      const y = this.model.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor | tf.Tensor[];
      const out = Array.isArray(y) ? y[this.mainIndex] : y;
      return out.rank === 1 ? out.expandDims(1) : out;
    });
  }

  /**
   * Forward without an example: the ids are a stand-in (a non-padding id at each of the first
   * or, with left padding, last x.shape[1] positions), which is exact when the ids reach the
   * model only through the layer. Methods use `encode(example).forward`, which has the real ids.
   */
  forward(x: tf.Tensor): tf.Tensor {
    if (this.model.inputs.length !== 1) {
      throw new Error(`forward of '${this.name}' needs the example's other inputs; use encode(example).forward`);
    }
    const n = x.shape[1] as number;
    const fixed = this.model.inputs[0].shape[1];
    const L = typeof fixed === 'number' ? fixed : this.options.maxLength ?? n;
    if (x.rank < 3 || n > L) throw new Error(`forward of '${this.name}' needs [batch, tokens <= ${L}, ...], got [${x.shape}]`);
    const filler = this.options.tokenizer?.unknownId ?? (this.padId === 0 ? 1 : 0);
    const start = (this.options.padding ?? 'right') === 'left' ? L - n : 0;
    const ids = new Int32Array(L).fill(this.padId).fill(filler, start, start + n);
    const positions = Array.from({ length: n }, (_, k) => start + k);
    return this.forwardFrom([{ values: ids, shape: [1, L], dtype: 'int32' }], positions, x);
  }

  private tensorsOf(data: readonly InputData[]): tf.Tensor | tf.Tensor[] {
    const ts = data.map((d) => tf.tensor(d.values, d.shape, d.dtype));
    return ts.length === 1 ? ts[0] : ts;
  }

  private forwardFrom(data: readonly InputData[], positions: readonly number[], x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const inputs = data.map((d) => tf.tensor(d.values, d.shape, d.dtype));
      const y = runFromLayer(this.model, this.layer, inputs, x, positions);
      const out = Array.isArray(y) ? y[this.mainIndex] : y;
      return out.rank === 1 ? out.expandDims(1) : out;
    });
  }
}
