/**
 * What a sensitivity profile measures on each slice: a dataset metric of the model's main
 * output (accuracy, log loss, mean squared error) or, without labels, how far the outputs
 * moved from the unperturbed model's.
 */
import { accuracy, argmaxClasses, logLoss, meanSquaredError } from '../../core/metrics';

/** The main outputs of every row: `rows × width` values, row-major. */
export interface OutputTable {
  values: Float32Array;
  width: number;
}

/** Everything a metric may read for one slice. */
export interface MetricInput {
  outputs: OutputTable;
  /** The unperturbed model's outputs on the same rows. */
  reference: OutputTable;
  /** Class index per row (classification) or target (regression); undefined without labels. */
  labels?: Int32Array | Float64Array;
  /** The slice's rows. */
  rows: Uint32Array;
}

export interface SensitivityMetric {
  name: string;
  /** Whether a larger value is better (a drop is then reference − perturbed). */
  higherIsBetter: boolean;
  needsLabels: boolean;
  compute(input: MetricInput): number;
}

function classLabels(input: MetricInput, metric: string): Int32Array {
  if (!(input.labels instanceof Int32Array)) throw new RangeError(`metric '${metric}' needs class labels: give labelField, a dataset field holding the true class`);
  return input.labels;
}

export const accuracyMetric: SensitivityMetric = {
  name: 'accuracy',
  higherIsBetter: true,
  needsLabels: true,
  compute: (input) => accuracy(classLabels(input, 'accuracy'), argmaxClasses(input.outputs.values, input.outputs.width), input.outputs.width, { indices: input.rows }),
};

export const logLossMetric: SensitivityMetric = {
  name: 'logLoss',
  higherIsBetter: false,
  needsLabels: true,
  compute: (input) => logLoss(classLabels(input, 'logLoss'), input.outputs.values, input.outputs.width, { indices: input.rows }),
};

export const meanSquaredErrorMetric: SensitivityMetric = {
  name: 'meanSquaredError',
  higherIsBetter: false,
  needsLabels: true,
  compute: (input) => {
    if (!(input.labels instanceof Float64Array)) throw new RangeError("metric 'meanSquaredError' needs regression targets: give labelField, a dataset field holding the target");
    return meanSquaredError(input.labels, input.outputs.values, { indices: input.rows });
  },
};

/** Mean over the slice's rows of the largest absolute change of any output value (label-free). */
export const meanAbsoluteChangeMetric: SensitivityMetric = {
  name: 'meanAbsoluteChange',
  higherIsBetter: false,
  needsLabels: false,
  compute: ({ outputs, reference, rows }) => {
    if (rows.length === 0) return NaN;
    const w = outputs.width;
    let sum = 0;
    for (const r of rows) {
      let most = 0;
      for (let j = 0; j < w; j++) most = Math.max(most, Math.abs(outputs.values[r * w + j] - reference.values[r * w + j]));
      sum += most;
    }
    return sum / rows.length;
  },
};

export const SENSITIVITY_METRICS: Readonly<Record<string, SensitivityMetric>> = {
  accuracy: accuracyMetric,
  logLoss: logLossMetric,
  meanSquaredError: meanSquaredErrorMetric,
  meanAbsoluteChange: meanAbsoluteChangeMetric,
};

/** A metric by name or as given; throws listing the known names. */
export function resolveMetric(metric: string | SensitivityMetric): SensitivityMetric {
  if (typeof metric !== 'string') {
    if (typeof metric?.compute !== 'function' || typeof metric.name !== 'string') throw new TypeError('a custom sensitivity metric needs a name and a compute(input) function');
    return metric;
  }
  const found = SENSITIVITY_METRICS[metric];
  if (found === undefined) throw new RangeError(`unknown sensitivity metric '${metric}'; known: ${Object.keys(SENSITIVITY_METRICS).join(', ')}`);
  return found;
}

/** How much worse the perturbed value is than the reference (positive = worse). */
export function metricDrop(metric: SensitivityMetric, reference: number, perturbed: number): number {
  return metric.higherIsBetter ? reference - perturbed : perturbed - reference;
}
