/**
 * Parameter sensitivity: how a model's predictions and metrics move when the weights of one
 * layer at a time are perturbed (Gaussian noise, zeroed weights, ablated units), repeated
 * with seeded draws — a profile of metric drop per layer, by slice, and for chosen examples
 * the spread of their prediction.
 *
 * Notes: the model's input tensors are built once; each (layer, repeat) sets the perturbed
 * weights, runs every chunk of rows and puts the weights back in one synchronous stretch
 * (`withLayerWeights`), so no other job ever sees them and nothing perturbed reaches the
 * prediction cache. Between repeats the event loop runs (progress, Cancel). The reference
 * outputs come from the same tensor path with the original weights, so a drop is the
 * perturbation's alone.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import { throwIfAborted, yieldToEventLoop } from '../../model/predict/batches';
import { TensorModelAdapter } from '../../model/adapters/tensor-adapter';
import { mainOutput } from '../../model/adapters/tensor-outputs';
import type { ModelAdapter } from '../../model/adapter';
import { checkPerturbation, perturbValues, randomFor, type Perturbation } from './perturbations';
import { metricDrop, resolveMetric, type OutputTable, type SensitivityMetric } from './metrics';
import { readWeights, weightedLayers, withLayerWeights, type WeightedLayer } from './weights';

export interface SensitivityOptions {
  perturbation: Perturbation;
  /** Layer names to perturb, one at a time (default: every layer with weights). */
  layers?: readonly string[];
  /** Draws per layer (default 5). */
  repeats?: number;
  seed?: number;
  /** Metric name ('accuracy', 'logLoss', 'meanSquaredError', 'meanAbsoluteChange') or a custom one. Default: accuracy / meanSquaredError with labels, else meanAbsoluteChange. */
  metric?: string | SensitivityMetric;
  /** Dataset field with the true class or target (default: the main output's `parent`). */
  labelField?: string;
  /** Named row sets of `examples` (default: one slice 'all'). */
  slices?: Record<string, Uint32Array>;
  /** Rows whose prediction spread is reported per layer. */
  focus?: readonly number[];
  /** Rows per model call (default the adapter's batch size). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface SliceSensitivity {
  /** The metric after each repeat. */
  values: number[];
  mean: number;
  std: number;
  /** mean drop versus the unperturbed model (positive = worse). */
  drop: number;
}

export interface LayerSensitivity {
  layer: string;
  className: string;
  weights: number;
  slices: Record<string, SliceSensitivity>;
  /** For each focus row: its main output after each repeat (`repeats` arrays of `width` values). */
  focus: number[][][];
}

export interface SensitivityProfile {
  model: string;
  metric: string;
  higherIsBetter: boolean;
  perturbation: Perturbation;
  repeats: number;
  seed: number;
  /** The metric of the unperturbed model, per slice. */
  reference: Record<string, number>;
  /** The unperturbed main output of each focus row. */
  focusReference: number[][];
  focusRows: number[];
  /** Names of the main output's values (class names; the output field for regression). */
  outputNames: string[];
  layers: LayerSensitivity[];
}

/** An adapter whose tfjs LayersModel can be reached and run on tensors. */
export type ParameterizedAdapter = TensorModelAdapter & { readonly model: tf.LayersModel };

export function isParameterized(model: ModelAdapter): model is ParameterizedAdapter {
  return model instanceof TensorModelAdapter && (model as { model?: unknown }).model instanceof tf.LayersModel;
}

function requireParameterized(model: ModelAdapter): ParameterizedAdapter {
  if (!isParameterized(model)) {
    throw new TypeError(`parameter sensitivity needs a tfjs LayersModel behind the adapter (loadModel(dir) gives one); '${model.name}' exposes no weights`);
  }
  return model;
}

interface Labels { values?: Int32Array | Float64Array }

function readLabels(model: ParameterizedAdapter, examples: readonly Example[], field: string | undefined, metric: SensitivityMetric): Labels {
  const main = mainOutput(model.outputSpec());
  const name = field ?? (main.spec.kind === 'MulticlassPreds' || main.spec.kind === 'RegressionScore' ? main.spec.parent : undefined);
  if (name === undefined) {
    if (metric.needsLabels) throw new RangeError(`metric '${metric.name}' needs labels: give labelField (the model's output spec names no parent field)`);
    return {};
  }
  if (main.spec.kind === 'MulticlassPreds') {
    const vocab = main.spec.vocab;
    return {
      values: Int32Array.from(examples, (e, row) => {
        const v = e[name];
        const k = typeof v === 'number' && Number.isInteger(v) ? v : vocab.indexOf(String(v));
        if (k < 0 || k >= vocab.length) throw new RangeError(`row ${row}, field '${name}': ${JSON.stringify(v)} is not one of the classes ${JSON.stringify(vocab)}`);
        return k;
      }),
    };
  }
  return {
    values: Float64Array.from(examples, (e, row) => {
      const v = e[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`row ${row}, field '${name}': the target must be a finite number, got ${JSON.stringify(v)}`);
      return v;
    }),
  };
}

function checkRows(what: string, rows: ArrayLike<number>, n: number): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new RangeError(`${what}: row ${r} is outside the ${n} examples`);
  }
}

/** The main output of every row, with the model's current weights, from prebuilt input chunks. */
function mainOutputs(model: ParameterizedAdapter, chunks: ReadonlyArray<tf.Tensor | tf.Tensor[]>, index: number, rows: number): OutputTable {
  let values: Float32Array | undefined;
  let offset = 0;
  let width = 0;
  for (const inputs of chunks) {
    const outs = model.outputTensors(inputs);
    try {
      const main = outs[index];
      const data = main.dataSync() as Float32Array;
      const b = main.shape[0] ?? 1;
      width = data.length / b;
      values ??= new Float32Array(rows * width);
      values.set(data, offset);
      offset += data.length;
      const bad = data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new RangeError(`the perturbed model returned ${data[bad]} (row ${Math.floor((offset - data.length + bad) / width)})`);
    } finally {
      tf.dispose(outs);
    }
  }
  return { values: values ?? new Float32Array(0), width };
}

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, std };
}

const rowOf = (t: OutputTable, r: number): number[] => Array.from(t.values.subarray(r * t.width, (r + 1) * t.width));

/**
 * The sensitivity profile of `model` on `examples`. The model's weights are the same,
 * bit for bit, afterwards — also after a Cancel or an error.
 */
export async function parameterSensitivity(model: ModelAdapter, examples: readonly Example[], options: SensitivityOptions): Promise<SensitivityProfile> {
  const m = requireParameterized(model);
  if (examples.length === 0) throw new RangeError('parameter sensitivity needs at least one example');
  checkPerturbation(options.perturbation);
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be an integer >= 1, got ${repeats}`);
  const seed = options.seed ?? 0;
  const main = mainOutput(m.outputSpec());
  const hasParent = (main.spec.kind === 'MulticlassPreds' || main.spec.kind === 'RegressionScore') && main.spec.parent !== undefined;
  const defaultMetric = options.labelField !== undefined || hasParent ? (main.spec.kind === 'MulticlassPreds' ? 'accuracy' : 'meanSquaredError') : 'meanAbsoluteChange';
  const metric = resolveMetric(options.metric ?? defaultMetric);
  const labels = readLabels(m, examples, options.labelField, metric);
  const slices = options.slices ?? { all: Uint32Array.from(examples, (_, i) => i) };
  for (const [name, rows] of Object.entries(slices)) checkRows(`slice '${name}'`, rows, examples.length);
  const focusRows = [...(options.focus ?? [])];
  checkRows('focus', focusRows, examples.length);
  const layers: WeightedLayer[] = weightedLayers(m.model, options.layers);
  const batch = options.batchSize ?? m.batchSize;

  const chunks: Array<tf.Tensor | tf.Tensor[]> = [];
  try {
    for (let start = 0; start < examples.length; start += batch) {
      try {
        chunks.push(m.inputTensors(examples.slice(start, start + batch)));
      } catch (e) {
        if (e instanceof Error) e.message = `rows ${start}..${Math.min(examples.length, start + batch) - 1}: ${e.message}`;
        throw e;
      }
    }
    const reference = mainOutputs(m, chunks, main.index, examples.length);
    const score = (outputs: OutputTable): Record<string, number> =>
      Object.fromEntries(Object.entries(slices).map(([name, rows]) => [name, metric.compute({ outputs, reference, labels: labels.values, rows })]));
    const referenceScores = score(reference);
    const outputNames = main.spec.kind === 'MulticlassPreds' ? main.spec.vocab.slice() : [main.field];
    const total = layers.length * repeats;
    let done = 0;
    options.onProgress?.(0, total);
    const results: LayerSensitivity[] = [];
    for (const wl of layers) {
      const original = readWeights(wl.layer);
      const perSlice: Record<string, number[]> = Object.fromEntries(Object.keys(slices).map((s) => [s, []]));
      const focus: number[][][] = focusRows.map(() => []);
      for (let r = 0; r < repeats; r++) {
        throwIfAborted(options.signal);
        const random = randomFor(seed, wl.index, r);
        const changed = original.map((values, i) => {
          try {
            return perturbValues(values, wl.shapes[i], options.perturbation, random);
          } catch (e) {
            if (e instanceof Error) e.message = `layer '${wl.name}' weight ${i} [${wl.shapes[i].join(', ')}]: ${e.message}`;
            throw e;
          }
        });
        const outputs = withLayerWeights(wl.layer, changed, () => mainOutputs(m, chunks, main.index, examples.length));
        const scores = score(outputs);
        for (const s of Object.keys(slices)) perSlice[s].push(scores[s]);
        focusRows.forEach((row, j) => focus[j].push(rowOf(outputs, row)));
        done++;
        options.onProgress?.(done, total);
        await yieldToEventLoop();
      }
      results.push({
        layer: wl.name,
        className: wl.layer.getClassName(),
        weights: wl.count,
        slices: Object.fromEntries(Object.entries(perSlice).map(([s, values]) => {
          const { mean, std } = meanStd(values);
          return [s, { values, mean, std, drop: metricDrop(metric, referenceScores[s], mean) }];
        })),
        focus,
      });
    }
    throwIfAborted(options.signal);
    return {
      model: m.name, metric: metric.name, higherIsBetter: metric.higherIsBetter, perturbation: options.perturbation, repeats, seed,
      reference: referenceScores, focusReference: focusRows.map((row) => rowOf(reference, row)), focusRows, outputNames, layers: results,
    };
  } finally {
    for (const c of chunks) tf.dispose(c);
  }
}


