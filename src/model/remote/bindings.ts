/**
 * From the person's options and the server's metadata to what is sent and read: the input
 * tensors (fields, datatype), the output fields and the tensor each reads. Every mismatch with
 * the metadata (a tensor that does not exist, a width that disagrees) is an error naming the
 * model, the tensor and what was expected, before any row is sent.
 */
import type { Spec } from '../../core/spec';
import type { InputBinding, OipModelMetadata, OutputBinding } from './oip-codec';
import type { TfServingInput } from './tfserving-codec';
import type { RemoteModelOptions } from './options';

export interface RemoteBindings {
  inputs: InputBinding[];
  tfInputs: TfServingInput[];
  outputSpec: Spec;
  outputs: OutputBinding[];
  preferredBatchSize?: number;
}

function outputSpecOf(o: RemoteModelOptions, who: string): Spec {
  if (o.outputSpec) {
    if (o.classes || o.regression) throw new Error(`${who}: give outputSpec, or classes / regression, not both`);
    return o.outputSpec;
  }
  if (o.classes) {
    if (!Array.isArray(o.classes) || o.classes.length < 2 || !o.classes.every((c) => typeof c === 'string')) throw new Error(`${who}: classes must be two or more class names`);
    return { probas: { kind: 'MulticlassPreds', vocab: [...o.classes], ...(o.labelField ? { parent: o.labelField } : {}) } };
  }
  if (o.regression) return { score: { kind: 'RegressionScore', ...(o.labelField ? { parent: o.labelField } : {}) } };
  throw new Error(`${who}: say what the model returns: classes: [...] for a classifier, regression: true, or an outputSpec`);
}

/**
 * The batch size a server asks for: Triton's model configuration (`GET /v2/models/{m}/config`)
 * gives `dynamic_batching.preferred_batch_size` (the largest is taken: fewer requests) within
 * `max_batch_size`; other servers may give `max_batch_size` in the model metadata's parameters.
 * Undefined when neither says (0 or absent: the server batches nothing itself).
 */
export function preferredBatchSize(metadata: OipModelMetadata | null, config?: unknown): number | undefined {
  const positive = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;
  const c = config !== null && typeof config === 'object' ? (config as { max_batch_size?: unknown; dynamic_batching?: { preferred_batch_size?: unknown } }) : {};
  const max = positive(c.max_batch_size) ? c.max_batch_size : undefined;
  const preferred = Array.isArray(c.dynamic_batching?.preferred_batch_size) ? c.dynamic_batching.preferred_batch_size.filter(positive).filter((n) => max === undefined || n <= max) : [];
  if (preferred.length > 0) return Math.max(...preferred);
  if (max !== undefined) return max;
  const declared = metadata?.parameters.max_batch_size;
  return positive(declared) ? declared : undefined;
}

export function resolveBindings(o: RemoteModelOptions, metadata: OipModelMetadata | null, config?: unknown): RemoteBindings {
  const who = `remote model '${o.name ?? o.model}'`;
  if (o.inputSpec === null || typeof o.inputSpec !== 'object' || Object.keys(o.inputSpec).length === 0) throw new Error(`${who}: inputSpec must name the fields the model reads`);
  const fields = Object.keys(o.inputSpec);
  const text = fields.filter((f) => o.inputSpec[f].kind === 'TextSegment');
  const outputSpec = outputSpecOf(o, who);
  const mainFields = Object.entries(outputSpec).filter(([, s]) => s.kind === 'MulticlassPreds' || s.kind === 'RegressionScore');
  if (mainFields.length === 0) throw new Error(`${who}: the outputSpec needs a MulticlassPreds or RegressionScore field`);

  const given = o.inputs ?? [{ tensor: metadata?.inputs.length === 1 ? metadata.inputs[0].name : 'input', fields }];
  const inputs: InputBinding[] = given.map((g) => {
    const meta = metadata?.inputs.find((t) => t.name === g.tensor);
    if (metadata && metadata.inputs.length > 0 && !meta) throw new Error(`${who}: the server has no input tensor '${g.tensor}' (it has ${metadata.inputs.map((t) => `'${t.name}'`).join(', ')})`);
    for (const f of g.fields) if (!(f in o.inputSpec)) throw new Error(`${who}: input tensor '${g.tensor}' names field '${f}', which is not in the inputSpec`);
    const datatype = g.datatype ?? meta?.datatype ?? (g.fields.some((f) => text.includes(f)) ? 'BYTES' : 'FP32');
    const width = meta && meta.datatype !== 'BYTES' ? meta.shape[meta.shape.length - 1] : undefined;
    if (width !== undefined && width > 0 && meta!.shape.length === 2 && width !== g.fields.length) {
      throw new Error(`${who}: input tensor '${g.tensor}' takes ${width} columns (shape ${JSON.stringify(meta!.shape)}), but ${g.fields.length} fields are bound to it (${g.fields.join(', ')})`);
    }
    return { tensor: g.tensor, datatype, fields: [...g.fields] };
  });

  const outputs: OutputBinding[] = mainFields.map(([field, spec]) => {
    const named = o.outputs?.[field];
    const width = spec.kind === 'MulticlassPreds' ? spec.vocab.length : 1;
    if (o.protocol === 'tfserving') return { field, tensor: named ?? '' };
    if (named !== undefined) {
      const meta = metadata?.outputs.find((t) => t.name === named);
      if (metadata && metadata.outputs.length > 0 && !meta) throw new Error(`${who}: the server has no output tensor '${named}' (it has ${metadata.outputs.map((t) => `'${t.name}'`).join(', ')})`);
      const last = meta?.shape[meta.shape.length - 1];
      if (meta && last !== undefined && last > 0 && meta.shape.length > 1 && last !== width) throw new Error(`${who}: output tensor '${named}' has ${last} values per row (shape ${JSON.stringify(meta.shape)}); ${field} needs ${width}`);
      return { field, tensor: named };
    }
    const fits = (metadata?.outputs ?? []).filter((t) => (t.shape.length > 1 ? t.shape[t.shape.length - 1] === width : width === 1) && t.datatype !== 'BYTES');
    const pick = fits.find((t) => /prob/i.test(t.name)) ?? fits[0];
    if (!pick) throw new Error(`${who}: no output tensor of the server has ${width} value(s) per row for ${field}${metadata?.outputs.length ? ` (it has ${metadata.outputs.map((t) => `'${t.name}' ${JSON.stringify(t.shape)}`).join(', ')})` : ' (its metadata lists none)'}; pass outputs: { ${field}: '<tensor>' }`);
    return { field, tensor: pick.name };
  });

  const tfInputs: TfServingInput[] = o.inputs
    ? o.inputs.map((g) => ({ name: g.tensor, fields: g.fields, text: g.fields.length === 1 && text.includes(g.fields[0]) }))
    : [{ name: '', fields, text: fields.length === 1 && text.length === 1 }];
  return { inputs, tfInputs, outputSpec, outputs, preferredBatchSize: preferredBatchSize(metadata, config) };
}
