/**
 * Predictions of a whole dataset for the metrics views: class probabilities and true class
 * of every row, computed in batches with progress, cancellable, and kept per (model,
 * dataset) so several views of one session predict once.
 *
 * Notes:
 * - The true class comes from the dataset field named by the MulticlassPreds output's
 *   `parent` (or `options.labelField`); a missing value or one outside the vocabulary is an
 *   error naming the row id and value, never a silently dropped row.
 * - Between batches the job yields to the event loop (`setImmediate`), so the kernel keeps
 *   reading comm messages (the Cancel button) while it runs.
 * - The cache is keyed by the dataset's row count too: rows appended invalidate it.
 */
import type { MulticlassPredsSpec } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { columnValue, type Dataset } from '../../model/dataset';

export interface DatasetPredictions {
  /** Class names, in the order of the probability columns. */
  classes: string[];
  /** The model output read (a MulticlassPreds field). */
  output: string;
  /** The dataset field holding the true class. */
  labelField: string;
  /** Example id of each row. */
  ids: string[];
  /** True class index of each row. */
  labels: Int32Array;
  /** rows x classes, row-major. */
  probs: Float32Array;
}

export interface PredictDatasetOptions {
  /** MulticlassPreds output to read; default the first. */
  output?: string;
  /** Dataset field with the true class; default the output's `parent`. */
  labelField?: string;
  /** Rows per model call (default 256). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The MulticlassPreds output to evaluate, or a clear error naming what the model has. */
export function classificationOutput(model: ModelAdapter, wanted?: string): { name: string; spec: MulticlassPredsSpec } {
  const spec = model.outputSpec();
  const found = Object.entries(spec).filter(([name, s]) => s.kind === 'MulticlassPreds' && (wanted === undefined || name === wanted));
  if (found.length === 0) {
    const what = wanted === undefined ? 'no MulticlassPreds output' : `no MulticlassPreds output named '${wanted}'`;
    throw new Error(`metrics: model '${model.name}' has ${what} (outputs: ${Object.keys(spec).join(', ') || 'none'})`);
  }
  return { name: found[0][0], spec: found[0][1] as MulticlassPredsSpec };
}

/** True class index of every row of `dataset`, from `field`, checked against `classes`. */
export function trueClasses(dataset: Dataset, field: string, classes: readonly string[]): Int32Array {
  if (!dataset.fields().includes(field)) throw new Error(`metrics: dataset '${dataset.name}' has no field '${field}' with the true class (fields: ${dataset.fields().join(', ')})`);
  const column = dataset.column(field);
  const index = new Map(classes.map((c, k) => [c, k]));
  const labels = new Int32Array(dataset.size);
  for (let i = 0; i < dataset.size; i++) {
    const value = columnValue(column, i);
    const k = typeof value === 'string' ? index.get(value) : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < classes.length ? value : undefined;
    if (k === undefined) {
      throw new Error(`metrics: row '${dataset.id(i)}' field '${field}' is ${JSON.stringify(value)}, not one of the model's classes (${classes.join(', ')})`);
    }
    labels[i] = k;
  }
  return labels;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Predicts every row of `dataset` with `model`, in batches. */
export async function predictDataset(model: ModelAdapter, dataset: Dataset, options: PredictDatasetOptions = {}): Promise<DatasetPredictions> {
  const output = classificationOutput(model, options.output);
  const classes = [...output.spec.vocab];
  const labelField = options.labelField ?? output.spec.parent;
  if (!labelField) throw new Error(`metrics: output '${output.name}' of model '${model.name}' names no parent label field; pass labelField`);
  const labels = trueClasses(dataset, labelField, classes);
  const n = dataset.size;
  const k = classes.length;
  const probs = new Float32Array(n * k);
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`metrics: batchSize must be a positive integer, got ${batchSize}`);
  options.onProgress?.(0, n);
  for (let start = 0; start < n; start += batchSize) {
    if (options.signal?.aborted) throw abortError();
    const rows = Array.from({ length: Math.min(batchSize, n - start) }, (_, j) => start + j);
    const predictions = await model.predict(dataset.rows(rows), { signal: options.signal });
    predictions.forEach((prediction, j) => {
      const value = prediction[output.name];
      if (!Array.isArray(value) && !(value instanceof Float32Array)) throw new Error(`metrics: row '${dataset.id(start + j)}': output '${output.name}' is not a list of probabilities`);
      if (value.length !== k) throw new Error(`metrics: row '${dataset.id(start + j)}': output '${output.name}' has ${value.length} values for ${k} classes`);
      for (let c = 0; c < k; c++) probs[(start + j) * k + c] = Number(value[c]);
    });
    options.onProgress?.(start + rows.length, n);
    await yieldToEventLoop();
  }
  return { classes, output: output.name, labelField, ids: dataset.ids(), labels, probs };
}

function abortError(): Error {
  const e = new Error('prediction cancelled');
  e.name = 'AbortError';
  return e;
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

const cache = new WeakMap<ModelAdapter, WeakMap<Dataset, { size: number; key: string; result: DatasetPredictions }>>();

/** `predictDataset`, answered from the cache when this model already predicted this dataset. */
export async function cachedPredictions(model: ModelAdapter, dataset: Dataset, options: PredictDatasetOptions = {}): Promise<DatasetPredictions> {
  const key = `${options.output ?? ''}\u0000${options.labelField ?? ''}`;
  const hit = cache.get(model)?.get(dataset);
  if (hit && hit.size === dataset.size && hit.key === key) {
    options.onProgress?.(dataset.size, dataset.size);
    return hit.result;
  }
  const result = await predictDataset(model, dataset, options);
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new WeakMap()));
  perModel.set(dataset, { size: dataset.size, key, result });
  return result;
}
