/**
 * Finds a model's main output and reads a predicted class or score from a prediction.
 */
import type { FieldValue, Prediction } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { findMainOutput } from '../../model/adapters/tensor-outputs';

export type MainOutput =
  | { kind: 'multiclass'; field: string; classes: readonly string[] }
  | { kind: 'regression'; field: string };

/** The model's main output (the model layer's `findMainOutput`), as the generators read it. */
export function mainOutput(model: ModelAdapter): MainOutput {
  const found = findMainOutput(model.outputSpec());
  if (!found) throw new Error(`model "${model.name}" has no MulticlassPreds or RegressionScore output`);
  const { field, spec } = found;
  return spec.kind === 'MulticlassPreds' ? { kind: 'multiclass', field, classes: spec.vocab } : { kind: 'regression', field };
}

function numbers(value: FieldValue | undefined, field: string): ArrayLike<number> {
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  if (value instanceof Float32Array) return value;
  throw new Error(`prediction field "${field}" is not a list of probabilities`);
}

/** Class probabilities of the main multiclass output. */
export function probabilities(pred: Prediction, out: MainOutput): ArrayLike<number> {
  return numbers(pred[out.field], out.field);
}

/** Index of the most probable class. */
export function predictedClass(pred: Prediction, out: MainOutput): number {
  const p = probabilities(pred, out);
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

/** The regression score. */
export function score(pred: Prediction, out: MainOutput): number {
  const v = pred[out.field];
  const s = typeof v === 'number' ? v : Array.isArray(v) || v instanceof Float32Array ? Number(v[0]) : NaN;
  if (!Number.isFinite(s)) throw new Error(`prediction field "${out.field}" is not a finite score`);
  return s;
}
