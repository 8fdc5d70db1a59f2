/**
 * Partial dependence (PDP) and individual conditional expectation (ICE): how a model's output
 * moves as one feature sweeps a grid while every other feature of each example stays put.
 *
 * Notes:
 * - For grid value g and example r the model sees r with `feature = g`; ICE is that output
 *   per example, PDP its mean over the examples (scikit-learn's `partial_dependence` with
 *   method 'brute', kind 'individual' / 'average').
 * - All grid × rows predictions go through the adapter's `predict`, one call per grid value
 *   (so progress and cancellation work between them and within them, batch by batch).
 * - Outputs: every class probability of a MulticlassPreds output, or the score of a
 *   RegressionScore output; the result holds them all, indexed like `outputs`.
 */
import type { Example, FieldSpec, MulticlassPredsSpec } from '../../core/spec';
import type { ModelAdapter, PredictOptions } from '../../model/adapter';
import { categoricalGrid, numericGrid, type GridValue, type NumericGridOptions } from './grid';

export interface PartialDependenceOptions extends NumericGridOptions {
  /** The input feature that sweeps the grid. */
  feature: string;
  /** Explicit grid values (numbers for a Scalar feature, categories for a CategoryLabel one). */
  grid?: readonly GridValue[];
  /** The model output field (default: the first MulticlassPreds or RegressionScore output). */
  output?: string;
  /** Examples per model call. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called as predictions finish: `done` of `total` (= grid size × examples). */
  onProgress?: (done: number, total: number) => void;
}

export interface PartialDependenceResult {
  feature: string;
  featureKind: 'numeric' | 'categorical';
  grid: GridValue[];
  output: string;
  outputKind: 'MulticlassPreds' | 'RegressionScore';
  /** Class names for MulticlassPreds, `[output]` for a regression score. */
  outputs: string[];
  /** PDP: `average[o][g]`, the mean output o over the examples at grid value g. */
  average: Float64Array[];
  /** ICE: `individual[o][r * grid.length + g]`, example r's output o at grid value g. */
  individual: Float64Array[];
  /** Number of examples (ICE curves). */
  rows: number;
}

/** The output field to explain, or a clear error listing what there is. */
export function pdpOutput(model: ModelAdapter, wanted?: string): { name: string; spec: MulticlassPredsSpec | { kind: 'RegressionScore' } } {
  const spec = model.outputSpec();
  const usable = Object.entries(spec).filter(([, s]) => s.kind === 'MulticlassPreds' || s.kind === 'RegressionScore');
  const found = wanted === undefined ? usable[0] : usable.find(([n]) => n === wanted);
  if (!found) {
    const what = wanted === undefined ? 'has no MulticlassPreds or RegressionScore output' : `has no MulticlassPreds or RegressionScore output '${wanted}'`;
    throw new Error(`partial dependence: model '${model.name}' ${what} (outputs: ${Object.keys(spec).join(', ') || 'none'})`);
  }
  return { name: found[0], spec: found[1] as MulticlassPredsSpec | { kind: 'RegressionScore' } };
}

/** What kind of sweep the feature's input spec allows. */
export function featureKind(model: ModelAdapter, feature: string): { kind: 'numeric' | 'categorical'; vocab?: string[] } {
  const spec: FieldSpec | undefined = model.inputSpec()[feature];
  if (!spec) throw new Error(`partial dependence: '${feature}' is not an input of model '${model.name}' (inputs: ${Object.keys(model.inputSpec()).join(', ')})`);
  if (spec.kind === 'Scalar') return { kind: 'numeric' };
  if (spec.kind === 'CategoryLabel') return { kind: 'categorical', vocab: spec.vocab };
  throw new Error(`partial dependence: feature '${feature}' is ${spec.kind}; only Scalar and CategoryLabel features can sweep a grid`);
}

/** The grid `feature` sweeps over `examples` (see grid.ts). */
export function featureGrid(model: ModelAdapter, examples: readonly Example[], options: PartialDependenceOptions): GridValue[] {
  const { kind, vocab } = featureKind(model, options.feature);
  const values = examples.map((e) => e[options.feature]);
  if (options.grid !== undefined) {
    if (options.grid.length === 0) throw new Error('partial dependence: the grid is empty');
    options.grid.forEach((g, i) => {
      if (kind === 'numeric' ? typeof g !== 'number' || !Number.isFinite(g) : typeof g !== 'string') {
        throw new Error(`partial dependence: grid[${i}] = ${JSON.stringify(g)} is not a ${kind === 'numeric' ? 'finite number' : 'category'} for '${options.feature}'`);
      }
    });
    return [...options.grid];
  }
  if (kind === 'categorical') return categoricalGrid(values, options.feature, vocab);
  return numericGrid(values as number[], options.feature, options);
}

/** The `count` numbers of prediction p's `output` (class probabilities, or one score). */
function readOutputs(p: Record<string, unknown>, output: string, count: number, row: number): number[] {
  const v = p[output];
  if (count === 1 && typeof v === 'number') return [v];
  const arr = v as ArrayLike<number> | undefined;
  if (!arr || typeof arr !== 'object' || arr.length !== count) {
    throw new Error(`partial dependence: prediction ${row} has no ${count === 1 ? 'score' : `${count} probabilities`} in '${output}'`);
  }
  return Array.from(arr);
}

/** Computes PDP and ICE of `model` over `examples` (see the module notes). */
export async function partialDependence(model: ModelAdapter, examples: readonly Example[], options: PartialDependenceOptions): Promise<PartialDependenceResult> {
  if (examples.length === 0) throw new Error('partial dependence: no examples to average over');
  const output = pdpOutput(model, options.output);
  const outputs = output.spec.kind === 'MulticlassPreds' ? [...output.spec.vocab] : [output.name];
  const grid = featureGrid(model, examples, options);
  const kind = featureKind(model, options.feature).kind;
  const R = examples.length;
  const G = grid.length;
  const total = R * G;
  const individual = outputs.map(() => new Float64Array(total));
  const average = outputs.map(() => new Float64Array(G));
  for (let g = 0; g < G; g++) {
    const swept = examples.map((e) => ({ ...e, [options.feature]: grid[g] }));
    const predictOptions: PredictOptions = {
      batchSize: options.batchSize,
      signal: options.signal,
      onProgress: options.onProgress && ((done) => options.onProgress!(g * R + done, total)),
    };
    const preds = await model.predict(swept, predictOptions);
    if (preds.length !== R) throw new Error(`partial dependence: model '${model.name}' returned ${preds.length} predictions for ${R} examples`);
    for (let r = 0; r < R; r++) {
      const values = readOutputs(preds[r], output.name, outputs.length, r);
      for (let o = 0; o < outputs.length; o++) {
        if (!Number.isFinite(values[o])) throw new Error(`partial dependence: model output '${output.name}' is ${values[o]} for row ${r} at ${options.feature} = ${grid[g]}`);
        individual[o][r * G + g] = values[o];
      }
    }
    for (let o = 0; o < outputs.length; o++) average[o][g] = meanColumn(individual[o], R, G, g);
  }
  return { feature: options.feature, featureKind: kind, grid, output: output.name, outputKind: output.spec.kind, outputs, average, individual, rows: R };
}

/** Mean of column g of an R × G row-major table (numpy's pairwise sum is not needed at 1e-9). */
function meanColumn(table: Float64Array, R: number, G: number, g: number): number {
  let sum = 0;
  for (let r = 0; r < R; r++) sum += table[r * G + g];
  return sum / R;
}
