/**
 * Turning model output tensors into per-example predictions, checking each against its
 * output field's spec first.
 */
import * as tf from '@tensorflow/tfjs';
import type { FieldSpec, Prediction, Spec } from '../../core/spec';
import { checkOutputShape } from '../predict/spec-check';
import { probabilityProblem } from '../predict/probabilities';

/** Output kinds that a model tensor produces (others, like Tokens, come from preprocessing). */
const TENSOR_KINDS = new Set<FieldSpec['kind']>(['MulticlassPreds', 'RegressionScore', 'Embeddings']);

/** The output fields that model tensors fill, in spec order (= the model's output order). */
export function tensorOutputFields(outputSpec: Spec): Array<[string, FieldSpec]> {
  return Object.entries(outputSpec).filter(([, s]) => TENSOR_KINDS.has(s.kind));
}

/** A model's main output: its field name, its position among the tensor outputs, and its spec. */
export interface MainOutputField { field: string; index: number; spec: FieldSpec }

/**
 * The main output (the one predictions, salience and counterfactuals are about): the first
 * MulticlassPreds or RegressionScore field, or `undefined` when there is none.
 */
export function findMainOutput(outputSpec: Spec): MainOutputField | undefined {
  const fields = tensorOutputFields(outputSpec);
  const index = fields.findIndex(([, s]) => s.kind === 'MulticlassPreds' || s.kind === 'RegressionScore');
  return index < 0 ? undefined : { field: fields[index][0], index, spec: fields[index][1] };
}

/** The main output (see `findMainOutput`); an error when the spec has none. */
export function mainOutput(outputSpec: Spec): MainOutputField {
  const found = findMainOutput(outputSpec);
  if (!found) throw new Error('the output spec has no MulticlassPreds or RegressionScore field');
  return found;
}

/**
 * Reads `outputs` (one tensor per tensor output field, in order) into one Prediction per row.
 * Does not dispose `outputs`. Non-finite outputs are an error naming the row and field.
 */
export async function readOutputs(outputs: readonly tf.Tensor[], outputSpec: Spec, batch: number, offset: number): Promise<Prediction[]> {
  const fields = tensorOutputFields(outputSpec);
  if (outputs.length !== fields.length) {
    throw new Error(`the model returned ${outputs.length} output tensor(s) but the output spec names ${fields.length}: ${fields.map(([n]) => n).join(', ')}`);
  }
  fields.forEach(([name, spec], i) => checkOutputShape(name, spec, outputs[i].shape, batch));
  const preds: Prediction[] = Array.from({ length: batch }, () => ({}));
  for (let i = 0; i < fields.length; i++) {
    const [name, spec] = fields[i];
    const data = await outputs[i].data();
    const width = data.length / batch;
    for (let r = 0; r < batch; r++) {
      const row = Array.from(data.subarray(r * width, (r + 1) * width) as Float32Array);
      const bad = row.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new Error(`row ${offset + r}, output '${name}': the model returned ${row[bad]}`);
      const notProbabilities = spec.kind === 'MulticlassPreds' ? probabilityProblem(row) : undefined;
      if (notProbabilities) throw new Error(`row ${offset + r}, output '${name}': ${notProbabilities}`);
      preds[r][name] = spec.kind === 'RegressionScore' ? row[0] : spec.kind === 'Embeddings' ? new Float32Array(row) : row;
    }
  }
  return preds;
}
