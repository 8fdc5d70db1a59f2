/**
 * Nearest counterfactual in the dataset, as the What-If Tool finds it: the closest existing
 * example whose prediction meets the goal (by default: a different class).
 *
 * Notes: numeric features are compared in units of their standard deviation over the data,
 * categorical ones by 0/1, and text fields (for text models) by the Jaccard distance of their
 * word sets; a custom distance replaces all of these. For text models, rows that repeat the
 * input's or a closer row's text and features are left out.
 */
import type { Example, Prediction } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { CountingPredictor } from './counting-predictor';
import { distinctTexts } from './distinct-texts';
import { FlipGoal, makeJudge } from './goal';
import { mainOutput } from './main-output';
import { changedFeatures, checkExample, FeatureDef, featureStats, Metric, scaledDistance, tabularFeaturesOf, wordJaccardDistance } from './tabular-features';
import { rowCount, rowOf, TabularData, CounterfactualResult, PredictionBudget } from './types';

export interface NearestOptions extends PredictionBudget {
  /** Predictions of the data rows, in row order; predicted in batches when absent. */
  predictions?: readonly Prediction[];
  /** The model's prediction for the example, if known. */
  prediction?: Prediction;
  goal?: FlipGoal;
  metric?: Metric;
  /** Replaces the scaled L1/L2 distance. */
  distance?: (a: Example, b: Example) => number;
  /** Features to compare; default the model's Scalar and CategoryLabel inputs (text fields are compared too). */
  features?: readonly FeatureDef[];
  /** How many nearest counterfactuals to return (default 1). */
  count?: number;
}

export async function nearestCounterfactual(model: ModelAdapter, example: Example, data: TabularData, options: NearestOptions = {}): Promise<CounterfactualResult> {
  const features = options.features ?? tabularFeaturesOf(model);
  const spec = model.inputSpec();
  const texts = Object.keys(spec).filter((f) => spec[f].kind === 'TextSegment');
  if (features.length === 0 && texts.length === 0 && !options.distance) {
    throw new Error(`model "${model.name}" reads no Scalar, CategoryLabel or TextSegment field; pass features or a distance`);
  }
  const stats = featureStats(model, data, features);
  const n = rowCount(data);
  checkExample(example, stats);
  if (options.predictions && options.predictions.length !== n) {
    throw new Error(`got ${options.predictions.length} predictions for ${n} data rows`);
  }
  const predictor = new CountingPredictor(model, options);
  const rows = Array.from({ length: n }, (_, i) => rowOf(data, i));
  const original = options.prediction ?? (await predictor.predictBatch([example]))[0];
  const judge = makeJudge(mainOutput(model), original, options.goal);
  const preds = options.predictions ?? (await predictor.predictAll(rows));
  const textDistance = (a: Example, b: Example): number =>
    texts.reduce((sum, f) => sum + wordJaccardDistance(String(a[f] ?? ''), String(b[f] ?? '')), 0);
  const distance = options.distance ?? ((a: Example, b: Example) => scaledDistance(a, b, stats, options.metric) + textDistance(a, b));
  const hits = rows
    .map((row, i) => ({ row, i, pred: preds[i] }))
    .filter((h) => judge.reached(h.pred))
    .map((h) => ({ ...h, d: distance(example, h.row) }));
  for (const h of hits) if (!Number.isFinite(h.d)) throw new Error(`distance to row ${h.i} is not a finite number (${h.d})`);
  hits.sort((a, b) => a.d - b.d);
  // Text models: a row that repeats the input's or a closer row's text (and features) is no other counterfactual.
  const compared = [...features.map((f) => f.name), ...texts];
  const shown = texts.length === 0 ? hits : distinctTexts(hits.map((h) => ({ ...h, example: h.row })), example, compared);
  const result: CounterfactualResult = {
    examples: shown.slice(0, options.count ?? 1).map((h) => ({
      example: h.row, prediction: h.pred, changed: { fields: changedFeatures(example, h.row, [...features, ...texts.map((name) => ({ name, kind: 'categorical' as const }))]) }, distance: h.d, row: h.i,
    })),
    calls: predictor.calls,
    predicted: predictor.predicted,
  };
  if (hits.length === 0) result.reason = `no example in the data (${n} rows) meets the goal (${judge.describe})`;
  return result;
}
