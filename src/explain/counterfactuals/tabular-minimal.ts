/**
 * Minimal tabular counterfactual: change at most k features, each to a value the data shows
 * (quantiles for numbers, observed categories), to reach a target class or score range, as LIT's
 * tabular minimal targeted counterfactuals and DiCE do.
 *
 * Notes: sets of 1, then 2, ... changed features are tried; within one size, candidates go
 * closest first through batched predictions, so the first successes are the closest ones and the
 * search stops there.
 */
import type { Example, Prediction } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { combinations } from './combinations';
import { CountingPredictor } from './counting-predictor';
import { FlipGoal, makeJudge } from './goal';
import { mainOutput } from './main-output';
import { checkExample, FeatureDef, featuresOf, FeatureStats, featureStats, Metric, quantileValues, scaledDistance } from './tabular-features';
import type { Counterfactual, CounterfactualResult, PredictionBudget, TabularData } from './types';

export interface TabularCounterfactualOptions extends PredictionBudget {
  goal?: FlipGoal;
  /** Most features changed at once (default 2). */
  maxChanges?: number;
  /** Features allowed to change; default all. */
  vary?: readonly string[];
  /** Permitted [min, max] per numeric feature; must contain the example's value. */
  ranges?: Readonly<Record<string, readonly [number, number]>>;
  /** Permitted values per categorical feature; each must occur in the data. */
  categories?: Readonly<Record<string, readonly string[]>>;
  /** Candidate values per numeric feature, as quantiles of the data (default 10). */
  quantiles?: number;
  /** How many counterfactuals to return (default 3). */
  count?: number;
  metric?: Metric;
  features?: readonly FeatureDef[];
  prediction?: Prediction;
  /** Refuse searches that would enumerate more candidates than this at one size (default 200000). */
  maxCandidates?: number;
}

type Value = number | string;

/** Candidate values for each varying feature after checking the person's constraints. */
function candidateValues(example: Example, stats: readonly FeatureStats[], o: TabularCounterfactualOptions): Map<string, Value[]> {
  const names = new Set(stats.map((s) => s.name));
  const vary = o.vary ?? stats.map((s) => s.name);
  for (const v of vary) if (!names.has(v)) throw new Error(`vary names "${v}", which is not a feature (features: ${[...names].join(', ')})`);
  for (const f of Object.keys(o.ranges ?? {})) if (!vary.includes(f)) throw new Error(`a range is given for "${f}", which is not a feature allowed to vary`);
  for (const f of Object.keys(o.categories ?? {})) if (!vary.includes(f)) throw new Error(`categories are given for "${f}", which is not a feature allowed to vary`);
  const out = new Map<string, Value[]>();
  for (const s of stats.filter((f) => vary.includes(f.name))) {
    const current = example[s.name];
    if (s.kind === 'numeric') {
      const range = o.ranges?.[s.name];
      if (range) {
        const [lo, hi] = range;
        if (!(lo <= hi)) throw new Error(`range for "${s.name}" [${lo}, ${hi}] is empty`);
        if ((current as number) < lo || (current as number) > hi) {
          throw new Error(`range for "${s.name}" [${lo}, ${hi}] excludes the example's value ${current}`);
        }
      }
      const qs = quantileValues(s.sorted, o.quantiles ?? 10);
      out.set(s.name, qs.filter((v) => v !== current && (!range || (v >= range[0] && v <= range[1]))));
    } else {
      if (o.ranges?.[s.name]) throw new Error(`a numeric range is given for categorical feature "${s.name}"`);
      const allowed = o.categories?.[s.name] ?? s.categories;
      for (const c of allowed) {
        if (!s.categories.includes(c)) throw new Error(`value "${c}" permitted for "${s.name}" never occurs in the data (seen: ${s.categories.join(', ')})`);
      }
      out.set(s.name, allowed.filter((c) => c !== String(current)));
    }
  }
  return out;
}

/** Every example changing exactly the features in `set`, to every combination of their candidates. */
function* assignments(example: Example, names: readonly string[], values: ReadonlyMap<string, Value[]>): Generator<Example> {
  const lists = names.map((n) => values.get(n) ?? []);
  const idx = names.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    const e: Example = { ...example };
    names.forEach((n, j) => { e[n] = lists[j][idx[j]]; });
    yield e;
    let j = names.length - 1;
    while (j >= 0 && ++idx[j] === lists[j].length) idx[j--] = 0;
    if (j < 0) return;
  }
}

export async function minimalTabularCounterfactual(model: ModelAdapter, example: Example, data: TabularData, options: TabularCounterfactualOptions = {}): Promise<CounterfactualResult> {
  const features = options.features ?? featuresOf(model);
  const stats = featureStats(model, data, features);
  checkExample(example, stats);
  const values = candidateValues(example, stats, options);
  const predictor = new CountingPredictor(model, options);
  const original = options.prediction ?? (await predictor.predictBatch([example]))[0];
  const judge = makeJudge(mainOutput(model), original, options.goal);
  const done = (examples: Counterfactual[], reason?: string): CounterfactualResult =>
    ({ examples, calls: predictor.calls, predicted: predictor.predicted, ...(reason ? { reason } : {}) });
  if (judge.reached(original)) return done([], `the example already meets the goal (${judge.describe})`);
  const varying = [...values.keys()].filter((n) => (values.get(n) ?? []).length > 0);
  if (varying.length === 0) return done([], 'no feature allowed to vary has another permitted value');
  const count = options.count ?? 3;
  const maxChanges = Math.min(options.maxChanges ?? 2, varying.length);
  const cap = options.maxCandidates ?? 200000;
  for (let k = 1; k <= maxChanges; k++) {
    const cands: Array<{ e: Example; names: string[]; d: number }> = [];
    for (const c of combinations(varying.length, k)) {
      const names = c.map((j) => varying[j]);
      for (const e of assignments(example, names, values)) {
        if (cands.length >= cap) throw new Error(`more than ${cap} candidates with ${k} changed features; lower quantiles, maxChanges or the features allowed to vary`);
        cands.push({ e, names, d: scaledDistance(example, e, stats, options.metric) });
      }
    }
    cands.sort((a, b) => a.d - b.d);
    const hits: Counterfactual[] = [];
    for (let i = 0; i < cands.length && hits.length < count; ) {
      const room = Math.min(predictor.batchSize, predictor.remaining);
      if (room === 0) return done(hits, hits.length ? undefined : `prediction budget (${options.maxPredictions}) spent before reaching ${judge.describe}`);
      const batch = cands.slice(i, i + room);
      i += batch.length;
      const preds = await predictor.predictBatch(batch.map((b) => b.e));
      preds.forEach((p, j) => {
        if (judge.reached(p) && hits.length < count) hits.push({ example: batch[j].e, prediction: p, changed: { fields: batch[j].names }, distance: batch[j].d });
      });
    }
    if (hits.length > 0) return done(hits);
  }
  return done([], `no change of up to ${maxChanges} feature(s) among ${varying.join(', ')} reaches ${judge.describe}`);
}
