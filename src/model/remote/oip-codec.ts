/**
 * The Open Inference Protocol (KServe v2) over REST, as pure functions: examples to an
 * `/infer` request body, a response body to predictions, and a model's metadata read.
 *
 * Notes: tensors travel as JSON (`data` row-major, flattened; nested arrays are accepted in
 * answers, as some servers send them). Every problem with an answer names the model, the
 * output tensor and what was expected, so a server answering the wrong shape is caught here,
 * not later as a NaN in a chart.
 */
import type { Example, Prediction, Spec } from '../../core/spec';

export type OipDatatype = 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FP16' | 'FP32' | 'FP64' | 'BYTES';
export const OIP_DATATYPES: readonly OipDatatype[] = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'];

export interface OipTensorMetadata {
  name: string;
  datatype: OipDatatype;
  shape: number[];
}

export interface OipModelMetadata {
  name: string;
  versions: string[];
  platform: string;
  inputs: OipTensorMetadata[];
  outputs: OipTensorMetadata[];
  /** Server-specific extras (some give `max_batch_size`). */
  parameters: Record<string, unknown>;
}

/** Which example fields make up one input tensor: one column per field (a text field alone makes a BYTES tensor of shape [batch]). */
export interface InputBinding {
  tensor: string;
  datatype: OipDatatype;
  fields: string[];
}

/** Which output tensor fills one prediction field. */
export interface OutputBinding {
  field: string;
  tensor: string;
}

/** Reads `/v2/models/{name}` metadata, checking its shape; throws naming what is missing. */
export function readMetadata(body: unknown, where: string): OipModelMetadata {
  if (body === null || typeof body !== 'object') throw new Error(`${where}: model metadata is not a JSON object`);
  const m = body as Record<string, unknown>;
  const tensors = (key: 'inputs' | 'outputs'): OipTensorMetadata[] => {
    const list = m[key] ?? [];
    if (!Array.isArray(list)) throw new Error(`${where}: metadata '${key}' is not a list`);
    return list.map((t, i) => {
      const x = t as Record<string, unknown>;
      if (typeof x?.name !== 'string') throw new Error(`${where}: metadata ${key}[${i}] has no name`);
      if (!OIP_DATATYPES.includes(x.datatype as OipDatatype)) throw new Error(`${where}: metadata ${key}[${i}] '${x.name}' has datatype ${JSON.stringify(x.datatype)}, not one of the protocol's`);
      if (!Array.isArray(x.shape) || !x.shape.every((d) => Number.isInteger(d))) throw new Error(`${where}: metadata ${key}[${i}] '${x.name}' has no integer shape`);
      return { name: x.name, datatype: x.datatype as OipDatatype, shape: x.shape as number[] };
    });
  };
  return {
    name: typeof m.name === 'string' ? m.name : '',
    versions: Array.isArray(m.versions) ? m.versions.map(String) : [],
    platform: typeof m.platform === 'string' ? m.platform : '',
    inputs: tensors('inputs'),
    outputs: tensors('outputs'),
    parameters: m.parameters !== null && typeof m.parameters === 'object' ? (m.parameters as Record<string, unknown>) : {},
  };
}

const INTEGER = new Set<OipDatatype>(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64']);

/** The `/infer` request body for a batch. */
export function encodeInferRequest(examples: readonly Example[], inputs: readonly InputBinding[], outputs: readonly string[], id?: string): Record<string, unknown> {
  return {
    ...(id ? { id } : {}),
    inputs: inputs.map((b) => {
      if (b.datatype === 'BYTES') {
        if (b.fields.length === 1) return { name: b.tensor, datatype: 'BYTES', shape: [examples.length], data: examples.map((e) => String(e[b.fields[0]])) };
        return { name: b.tensor, datatype: 'BYTES', shape: [examples.length, b.fields.length], data: examples.flatMap((e) => b.fields.map((f) => String(e[f]))) };
      }
      const data: Array<number | boolean> = [];
      examples.forEach((e, row) => {
        for (const f of b.fields) {
          const v = e[f];
          if (b.datatype === 'BOOL') data.push(Boolean(v));
          else if (typeof v !== 'number') throw new Error(`row ${row}, field '${f}': input tensor '${b.tensor}' is ${b.datatype} and needs a number, got ${JSON.stringify(v)}`);
          else data.push(INTEGER.has(b.datatype) ? Math.round(v) : v);
        }
      });
      return { name: b.tensor, datatype: b.datatype, shape: [examples.length, b.fields.length], data };
    }),
    outputs: outputs.map((name) => ({ name })),
  };
}

function flatten(data: unknown): unknown[] {
  return Array.isArray(data) ? data.flatMap((d) => (Array.isArray(d) ? flatten(d) : [d])) : [];
}

/** Predictions from an `/infer` response body; throws naming the output tensor and what was expected. */
export function decodeInferResponse(body: unknown, outputSpec: Spec, outputs: readonly OutputBinding[], batch: number, where: string): Prediction[] {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { outputs?: unknown }).outputs)) {
    throw new Error(`${where}: the answer has no 'outputs' list (got ${JSON.stringify(body).slice(0, 200)})`);
  }
  const got = new Map(((body as { outputs: unknown[] }).outputs).map((o) => [(o as { name?: string })?.name, o as { shape?: unknown; data?: unknown }]));
  const preds: Prediction[] = Array.from({ length: batch }, () => ({}));
  for (const { field, tensor } of outputs) {
    const out = got.get(tensor);
    if (!out) throw new Error(`${where}: the answer has no output '${tensor}' (it has ${[...got.keys()].map((k) => `'${k}'`).join(', ') || 'none'})`);
    const spec = outputSpec[field];
    const data = flatten(out.data);
    if (!data.every((v) => typeof v === 'number')) throw new Error(`${where}: output '${tensor}' holds values that are not numbers`);
    const width = spec.kind === 'MulticlassPreds' ? spec.vocab.length : 1;
    if (data.length !== batch * width) {
      throw new Error(`${where}: output '${tensor}' has ${data.length} values (shape ${JSON.stringify(out.shape)}) for ${batch} rows; ${field} needs ${width} per row (${batch * width})`);
    }
    for (let r = 0; r < batch; r++) {
      const row = data.slice(r * width, (r + 1) * width) as number[];
      preds[r][field] = spec.kind === 'MulticlassPreds' ? row : row[0];
    }
  }
  return preds;
}
