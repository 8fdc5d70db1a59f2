/**
 * The salience widget's compute step: runs the chosen method on one example, and shapes what
 * it needs and returns (background rows from the session's dataset, one-hot columns summed
 * back to raw features, the example's image scaled to 0..1 for the view).
 */
import type { Example, ImageSpec } from '../../core/spec';
import { isDifferentiable, type DifferentiableModel, type ModelAdapter } from '../../model/adapter';
import {
  gradientNorm, gradientTimesInput, integratedGradients, kernelShap, kernelShapPredict, lime, limePredict, occlusion, occlusionPredict, smoothGrad,
  type SalienceResult, type TabularBaseline,
} from '../../explain/salience';
import { spreadIndices, type BaselineSources } from './baseline-choice';
import { mainOutputOf } from '../prediction/predictions';
import { inputKindOf, targetChoice, type SalienceOptions, type SalienceParams } from './params';
import type { Session } from '../session';

/** Sums model-space column scores into raw features when the labels are one-hot columns. */
export function toRawFeatures(model: ModelAdapter, labels: readonly string[], scores: Float32Array): { labels: string[]; scores: Float32Array } {
  const groups = isDifferentiable(model) ? model.featureGroups?.() : undefined;
  if (!groups) return { labels: [...labels], scores };
  const columns = groups.reduce((n, g) => n + g.columns.length, 0);
  if (columns !== labels.length || groups.length === labels.length) return { labels: [...labels], scores };
  const out = new Float32Array(groups.length);
  groups.forEach((g, i) => {
    for (const c of g.columns) out[i] += scores[c];
  });
  return { labels: groups.map((g) => g.feature), scores: out };
}

/**
 * Rows spread evenly over the options' dataset (default the session's first), as the model's
 * inputs: the background of Kernel SHAP / tabular LIME. Spread, not the first rows, because
 * datasets are often sorted (penguins by species): the first 50 would be one class.
 */
export function backgroundRows(session: Session, options: SalienceOptions, model: ModelAdapter): Example[] {
  const dataset = session.dataset(options.dataset);
  if (dataset.size === 0) throw new Error(`salience: dataset '${dataset.name}' has no rows to use as background`);
  return spreadRows(dataset, Object.keys(model.inputSpec()), options.backgroundRows ?? 50);
}

/** `n` rows (at most all) spread evenly over `dataset`, each cut to the model's input fields. */
function spreadRows(dataset: ReturnType<Session['dataset']>, fields: readonly string[], n: number): Example[] {
  return spreadIndices(dataset.size, Math.min(dataset.size, n)).map((i) => {
    const row = dataset.row(i);
    return Object.fromEntries(fields.map((f) => [f, row[f]])) as Example;
  });
}

/** The rows a tabular baseline can need, from the options' dataset (default the session's first). */
export function baselineSources(session: Session, options: SalienceOptions, model: ModelAdapter): BaselineSources {
  const dataset = session.dataset(options.dataset);
  const fields = Object.keys(model.inputSpec());
  const spread = (n: number): Example[] => {
    if (dataset.size === 0) throw new Error(`salience: dataset '${dataset.name}' has no rows to take a baseline from`);
    return spreadRows(dataset, fields, n);
  };
  return {
    datasetName: dataset.name,
    medianRows: () => spread(MEDIAN_ROWS),
    background: () => spread(options.backgroundRows ?? 50),
    row: (id) => session.example(id),
  };
}

/** Most dataset rows the view takes medians over (spread evenly). */
const MEDIAN_ROWS = 10_000;

/**
 * Runs the chosen method. `background` is called only by the methods that need background
 * rows, so a dataset without rows fails only those methods; `baseline` gives the tabular
 * baseline of integrated gradients and gradient×input (undefined: the explain layer's default).
 */
export async function computeSalience(
  model: ModelAdapter, example: Example, s: SalienceParams, signal: AbortSignal, background: (model: ModelAdapter) => Example[],
  baseline?: TabularBaseline,
): Promise<SalienceResult> {
  const target = targetChoice(s.target, mainOutputOf(model).kind);
  const kind = inputKindOf(model);
  if (!isDifferentiable(model)) {
    const rows = kind === 'tabular' ? background(model) : undefined;
    switch (s.salienceMethod) {
      case 'lime': return limePredict(model, example, { target, samples: s.samples, background: rows, predict: { signal } });
      case 'kernel_shap': return kernelShapPredict(model, example, { target, samples: s.samples, background: rows ?? [], predict: { signal } });
      case 'occlusion': return occlusionPredict(model, example, { target, background: rows, predict: { signal } });
      default: throw new Error(`salience: ${s.salienceMethod} needs gradients, and model '${model.name}' gives none (use LIME, Kernel SHAP or occlusion)`);
    }
  }
  const m: DifferentiableModel = model;
  switch (s.salienceMethod) {
    case 'grad_norm': return gradientNorm(m, example, { target });
    case 'grad_x_input': return gradientTimesInput(m, example, { target, baseline });
    case 'integrated_gradients': return integratedGradients(m, example, { target, steps: s.steps, rule: s.rule, baseline });
    case 'smooth_grad': return smoothGrad(m, example, { target, samples: s.samples, noiseLevel: s.noise, background: kind === 'tabular' ? background(m) : undefined });
    case 'lime': return lime(m, example, { target, samples: s.samples, background: kind === 'tabular' ? background(m) : undefined });
    case 'kernel_shap':
      if (kind !== 'tabular') throw new Error('salience: Kernel SHAP is offered for tabular models; use LIME or occlusion for text');
      return kernelShap(m, example, { target, samples: s.samples, background: background(m) });
    case 'occlusion': return occlusion(m, example, { target });
    default: throw new Error(`salience: no method named ${JSON.stringify(s.salienceMethod)}`);
  }
}

/** The example's image (row-major, channels last) scaled to 0..1 when stored as 0..255; null if the model reads no image. */
export function imageOf(model: ModelAdapter, example: Example): { pixels: Float32Array; height: number; width: number; channels: number } | null {
  const entry = Object.entries(model.inputSpec()).find(([, spec]) => spec.kind === 'Image');
  if (!entry) return null;
  const [field, spec] = entry as [string, ImageSpec];
  const value = example[field];
  if (!(value instanceof Float32Array) && !Array.isArray(value)) return null;
  const [height, width, channels] = spec.shape;
  const pixels = Float32Array.from(value as ArrayLike<number>);
  let max = 0;
  for (const v of pixels) if (v > max) max = v;
  if (max > 1) for (let i = 0; i < pixels.length; i++) pixels[i] /= 255;
  return { pixels, height, width, channels };
}
