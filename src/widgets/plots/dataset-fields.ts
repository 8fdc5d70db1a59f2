/**
 * Dataset helpers shared by the partial dependence, scalar plot and embeddings widgets:
 * which fields are numeric or categorical, an even sample of rows, and model scores of rows.
 *
 * Notes: rows are sampled by even strides (`floor(i * size / max)`), so the sample is the
 * same on every run and spreads over the whole dataset.
 */
import type { Example, FieldValue, MulticlassPredsSpec, Prediction } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { columnValue, type Dataset } from '../../model/dataset';

/** What a plot of a model's score against one feature of a dataset offers and has chosen (partial dependence, scalar plot). */
export interface FeatureScoreChoices {
  models: string[];
  model: string;
  dataset: string;
  features: string[];
  feature: string;
  /** Score labels (`P(class)` or the regression output's name). */
  targets: string[];
  target: string;
}

/** Fields of `dataset` whose column is numeric. */
export function numericFields(dataset: Dataset): string[] {
  return dataset.fields().filter((f) => dataset.column(f).kind === 'numeric');
}

/** Fields that make good colours: categorical or boolean columns. */
export function categoryFields(dataset: Dataset): string[] {
  return dataset.fields().filter((f) => {
    const kind = dataset.column(f).kind;
    return kind === 'categorical' || kind === 'boolean';
  });
}

/** Row indices 0..size-1, or `max` of them at even strides. */
export function evenSample(size: number, max: number): number[] {
  if (!Number.isInteger(max) || max < 1) throw new Error(`the row limit must be a positive integer, got ${max}`);
  if (size <= max) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * size) / max));
}

/** Values of `field` for the rows `indices` (null where missing). */
export function fieldValues(dataset: Dataset, field: string, indices: readonly number[]): FieldValue[] {
  if (!dataset.fields().includes(field)) throw new Error(`dataset '${dataset.name}' has no field '${field}' (fields: ${dataset.fields().join(', ')})`);
  const column = dataset.column(field);
  return indices.map((i) => columnValue(column, i));
}

/** What a score axis can show: every class probability of the main output, or the regression score. */
export interface ScoreTarget {
  output: string;
  /** Class index, or -1 for a regression score. */
  classIndex: number;
  label: string;
}

/** Score targets of `model`: `P(class)` for each class of each MulticlassPreds output, or each RegressionScore. */
export function scoreTargets(model: ModelAdapter): ScoreTarget[] {
  const out: ScoreTarget[] = [];
  for (const [name, spec] of Object.entries(model.outputSpec())) {
    if (spec.kind === 'MulticlassPreds') (spec as MulticlassPredsSpec).vocab.forEach((c, k) => out.push({ output: name, classIndex: k, label: `P(${c})` }));
    else if (spec.kind === 'RegressionScore') out.push({ output: name, classIndex: -1, label: name });
  }
  if (out.length === 0) throw new Error(`model '${model.name}' has no MulticlassPreds or RegressionScore output (outputs: ${Object.keys(model.outputSpec()).join(', ') || 'none'})`);
  return out;
}

/** The score `target` reads from prediction `p` (row `id` names it in errors). */
export function readScore(p: Prediction, target: ScoreTarget, id: string): number {
  const v = p[target.output];
  const score = target.classIndex < 0 ? v : (v as ArrayLike<number> | null)?.[target.classIndex];
  if (typeof score !== 'number' || !Number.isFinite(score)) throw new Error(`prediction for example ${id} has no number in '${target.output}'${target.classIndex >= 0 ? `[${target.classIndex}]` : ''}`);
  return score;
}

/** Names of the model's Scalar/CategoryLabel inputs present as dataset fields (the features a PDP can sweep). */
export function sweepableFeatures(model: ModelAdapter, dataset: Dataset): string[] {
  const fields = new Set(dataset.fields());
  return Object.entries(model.inputSpec())
    .filter(([name, s]) => (s.kind === 'Scalar' || s.kind === 'CategoryLabel') && fields.has(name))
    .map(([name]) => name);
}

/** Rows among `indices` whose model inputs (those the dataset has) are all present. */
export interface UsableRows {
  indices: number[];
  examples: Example[];
  ids: string[];
  /** Ids of the rows left out. */
  skipped: string[];
}

export function usableRows(model: ModelAdapter, dataset: Dataset, indices: readonly number[]): UsableRows {
  const inputs = Object.keys(model.inputSpec()).filter((f) => dataset.fields().includes(f));
  const out: UsableRows = { indices: [], examples: [], ids: [], skipped: [] };
  for (const i of indices) {
    const row = dataset.row(i);
    if (inputs.some((f) => row[f] === null || row[f] === undefined)) out.skipped.push(dataset.id(i));
    else {
      out.indices.push(i);
      out.examples.push(row);
      out.ids.push(dataset.id(i));
    }
  }
  return out;
}
