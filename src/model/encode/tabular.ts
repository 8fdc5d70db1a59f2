/**
 * Tabular preprocessing as the model was trained with it (tslit.json `tabular` section):
 * numeric features standardised, categorical ones one-hot, in the metadata's feature order.
 *
 * Notes: attributions are computed in model space (one column per numeric feature, one per
 * category value, labelled `name=value`). {@link FeatureGroup}s say which columns make up
 * each raw feature, and {@link sumByFeature} folds model-space attributions back onto the
 * raw features the person sees (the sum of a one-hot group is that feature's attribution).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { FeatureGroup } from '../adapter';
import type { TabularFeature } from '../metadata';

/** Model-space column labels: `name` for numeric, `name=value` per category value. */
export function columnLabels(features: readonly TabularFeature[]): string[] {
  return features.flatMap((f) => (f.kind === 'numeric' ? [f.name] : f.values.map((v) => `${f.name}=${v}`)));
}

/** Which model-space columns belong to each raw feature, in feature order. */
export function featureGroups(features: readonly TabularFeature[]): FeatureGroup[] {
  let next = 0;
  return features.map((f) => {
    const width = f.kind === 'numeric' ? 1 : f.values.length;
    const columns = Array.from({ length: width }, (_, i) => next + i);
    next += width;
    return { feature: f.name, columns };
  });
}

/** Sums model-space attributions per raw feature (one-hot groups summed). */
export function sumByFeature(attributions: ArrayLike<number>, groups: readonly FeatureGroup[]): number[] {
  return groups.map((g) => g.columns.reduce((s, c) => s + attributions[c], 0));
}

/** Checks the tabular section of tslit.json; throws naming the feature. */
export function checkTabularPreprocessing(features: readonly TabularFeature[]): void {
  if (!Array.isArray(features) || features.length === 0) throw new Error('tslit.json tabular.features is empty');
  const seen = new Set<string>();
  for (const f of features) {
    if (seen.has(f.name)) throw new Error(`tslit.json tabular feature '${f.name}' appears twice`);
    seen.add(f.name);
    if (f.kind === 'numeric') {
      if (!Number.isFinite(f.mean) || !Number.isFinite(f.std) || f.std <= 0) {
        throw new Error(`tslit.json tabular feature '${f.name}': mean ${f.mean} and std ${f.std} must be finite with std > 0`);
      }
      if (f.median !== undefined && !Number.isFinite(f.median)) throw new Error(`tslit.json tabular feature '${f.name}': median ${typeof f.median === 'number' ? f.median : JSON.stringify(f.median)} must be a finite number`);
    } else if (f.kind !== 'categorical' || !Array.isArray(f.values) || f.values.length === 0) {
      throw new Error(`tslit.json tabular feature '${f.name}' must be numeric (mean, std) or categorical (values)`);
    } else if (f.mode !== undefined && !f.values.includes(f.mode)) {
      throw new Error(`tslit.json tabular feature '${f.name}': mode ${JSON.stringify(f.mode)} is not one of its values (${f.values.join(', ')})`);
    }
  }
}

/** Writes one example's model-space row into `out` at `at`; throws naming row, feature and value. */
export function encodeTabularRow(features: readonly TabularFeature[], example: Example, row: number, out: Float32Array, at = 0): void {
  let col = at;
  for (const f of features) {
    const v = example[f.name];
    if (f.kind === 'numeric') {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`row ${row}, field '${f.name}': should be a finite number, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
      }
      out[col++] = (v - f.mean) / f.std;
    } else {
      const k = typeof v === 'string' ? f.values.indexOf(v) : -1;
      if (k < 0) {
        throw new Error(`row ${row}, field '${f.name}': unknown category ${v === undefined ? '(missing)' : JSON.stringify(v)}; known values: ${f.values.map((x) => JSON.stringify(x)).join(', ')}`);
      }
      for (let i = 0; i < f.values.length; i++) out[col + i] = i === k ? 1 : 0;
      col += f.values.length;
    }
  }
}

/** Encodes a batch into [b, columns]; `offset` is the first row's index for errors. */
export function tabularToTensor(features: readonly TabularFeature[], examples: readonly Example[], offset = 0): tf.Tensor2D {
  const width = columnLabels(features).length;
  const buf = new Float32Array(examples.length * width);
  examples.forEach((ex, i) => encodeTabularRow(features, ex, offset + i, buf, i * width));
  return tf.tensor2d(buf, [examples.length, width]);
}
