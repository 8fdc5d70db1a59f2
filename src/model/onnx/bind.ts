/**
 * Checks a person's options against the session's own inputs and outputs, before any example
 * runs: every error names the model, the input or output, and what was expected.
 */
import type { OnnxModelOptions } from './options';
import { describeTensor, type TensorInfo } from './session';

/** The session tensors the adapter feeds and reads. */
export interface OnnxBindings {
  /** The ids (text) or features (tabular) input; undefined for generic models. */
  input?: TensorInfo;
  mask?: TensorInfo;
  output: TensorInfo;
}

const ID_TYPES = ['int64', 'int32'];
const FLOAT_TYPES = ['float32', 'float64'];

function pick(model: string, role: string, list: readonly TensorInfo[], wanted: string | undefined): TensorInfo {
  const all = list.map(describeTensor).join(', ');
  if (wanted !== undefined) {
    const found = list.find((t) => t.name === wanted);
    if (!found) throw new Error(`ONNX model '${model}' has no ${role} '${wanted}' (it has ${all})`);
    return found;
  }
  if (list.length === 1 || role === 'output') return list[0];
  throw new Error(`ONNX model '${model}' has ${list.length} ${role}s (${all}); say which one in the options' '${role}'`);
}

function expectType(model: string, role: string, t: TensorInfo, types: readonly string[]): void {
  if (!types.includes(t.type)) throw new Error(`ONNX model '${model}': ${role} ${describeTensor(t)} should be ${types.join(' or ')}`);
}

function expectRank(model: string, role: string, t: TensorInfo, what: string): void {
  if (t.shape.length !== 2) throw new Error(`ONNX model '${model}': ${role} ${describeTensor(t)} should be ${what}`);
}

/** Resolves and checks the input(s) and the output the options refer to. */
export function bindSession(model: string, options: OnnxModelOptions, sig: { inputs: TensorInfo[]; outputs: TensorInfo[] }): OnnxBindings {
  const output = pick(model, 'output', sig.outputs, options.output);
  expectType(model, 'output', output, FLOAT_TYPES);
  const width = output.shape[output.shape.length - 1];
  const expected = options.classes?.length ?? 1;
  if (output.shape.length !== 2 || (typeof width === 'number' && width !== expected)) {
    const what = options.classes ? `[batch, ${expected}] (one probability per class: ${options.classes.join(', ')})` : '[batch, 1] (one score per row; give classes for probabilities)';
    throw new Error(`ONNX model '${model}': output ${describeTensor(output)} should be ${what}`);
  }
  if (options.kind === 'generic') return { output };
  if (options.kind === 'tabular') {
    const input = pick(model, 'input', sig.inputs, options.input);
    expectType(model, 'input', input, FLOAT_TYPES);
    const cols = input.shape[1];
    if (input.shape.length !== 2 || (typeof cols === 'number' && cols !== options.features.length)) {
      throw new Error(`ONNX model '${model}': input ${describeTensor(input)} should be [batch, ${options.features.length}] for the features ${options.features.join(', ')}`);
    }
    return { input, output };
  }
  const others = options.maskInput === undefined ? sig.inputs : sig.inputs.filter((t) => t.name !== options.maskInput);
  const input = pick(model, 'input', others, options.input);
  expectType(model, 'input', input, ID_TYPES);
  expectRank(model, 'input', input, '[batch, sequence] token ids');
  const mask = options.maskInput === undefined ? undefined : pick(model, 'input', sig.inputs, options.maskInput);
  if (mask) {
    expectType(model, 'mask input', mask, ID_TYPES);
    expectRank(model, 'mask input', mask, '[batch, sequence]');
  }
  const missing = sig.inputs.filter((t) => t !== input && t !== mask);
  if (missing.length > 0) throw new Error(`ONNX model '${model}' also needs input ${missing.map(describeTensor).join(', ')}, which text options do not feed (name it in 'maskInput', or use kind 'generic')`);
  const rows = options.embeddingRows;
  if (rows !== undefined && options.tokenizer.vocabulary().length > rows) {
    throw new Error(`ONNX model '${model}': its tokenizer has ${options.tokenizer.vocabulary().length} ids but the embedding has ${rows} rows (embeddingRows); ids from ${rows} on cannot be read`);
  }
  return { input, mask, output };
}
