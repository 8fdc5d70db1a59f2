/**
 * TensorFlow Serving's REST predict API (`POST /v1/models/{name}[/versions/{v}]:predict`), as
 * pure functions: the row ("instances") format for requests and both answer forms.
 *
 * Notes: a model with one input takes each instance as the value itself (a list of numbers,
 * or a string for a text model); with several inputs, each instance is an object by input
 * name. An answer's `predictions` is a list per row, or an object per row by output name.
 */
import type { Example, Prediction, Spec } from '../../core/spec';
import type { OutputBinding } from './oip-codec';

/** The fields of each named input (a single unnamed input when `name` is ''). */
export interface TfServingInput {
  name: string;
  fields: string[];
  /** Text: the one field's string, not a list. */
  text?: boolean;
}

export function encodePredictRequest(examples: readonly Example[], inputs: readonly TfServingInput[], signatureName?: string): Record<string, unknown> {
  const value = (e: Example, input: TfServingInput, row: number): unknown => {
    if (input.text) return String(e[input.fields[0]]);
    return input.fields.map((f) => {
      const v = e[f];
      if (typeof v !== 'number') throw new Error(`row ${row}, field '${f}': TF Serving input '${input.name || '(single)'}' needs a number, got ${JSON.stringify(v)}`);
      return v;
    });
  };
  const instances = examples.map((e, row) => (inputs.length === 1 && inputs[0].name === ''
    ? value(e, inputs[0], row)
    : Object.fromEntries(inputs.map((i) => [i.name, value(e, i, row)]))));
  return { ...(signatureName ? { signature_name: signatureName } : {}), instances };
}

/** Predictions from a `:predict` answer; `outputs` with tensor '' read the row itself. */
export function decodePredictResponse(body: unknown, outputSpec: Spec, outputs: readonly OutputBinding[], batch: number, where: string): Prediction[] {
  const rows = (body as { predictions?: unknown })?.predictions;
  if (!Array.isArray(rows)) {
    const error = (body as { error?: unknown })?.error;
    throw new Error(`${where}: ${typeof error === 'string' ? `the server says: ${error}` : `the answer has no 'predictions' list (got ${JSON.stringify(body).slice(0, 200)})`}`);
  }
  if (rows.length !== batch) throw new Error(`${where}: ${rows.length} predictions for ${batch} rows`);
  return rows.map((row, r) => {
    const p: Prediction = {};
    for (const { field, tensor } of outputs) {
      const raw = tensor === '' ? row : (row as Record<string, unknown>)?.[tensor];
      if (raw === undefined) throw new Error(`${where}: row ${r} has no output '${tensor}'`);
      const values = (Array.isArray(raw) ? raw.flat(Infinity) : [raw]) as unknown[];
      const spec = outputSpec[field];
      const width = spec.kind === 'MulticlassPreds' ? spec.vocab.length : 1;
      if (values.length !== width || !values.every((v) => typeof v === 'number')) throw new Error(`${where}: row ${r}, output '${tensor || field}': ${field} needs ${width} number(s), got ${JSON.stringify(raw)}`);
      p[field] = spec.kind === 'MulticlassPreds' ? (values as number[]) : (values[0] as number);
    }
    return p;
  });
}
