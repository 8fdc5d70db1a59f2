/**
 * Threshold and fairness tuning for binary classifiers, following LIT's thresholder
 * (`lit_nlp/components/thresholder.py`, itself following the What-If Tool):
 *
 * - cost of a threshold = `costRatio * FP + FN`;
 * - single: the candidate with the least cost over all rows (the lowest such candidate);
 * - individual: that, per group;
 * - demographic parity / equal opportunity / equal accuracy: for each candidate of the FIRST
 *   group, every other group takes the candidate whose positive rate / TPR / accuracy is
 *   closest to the first group's; the combination with the least summed cost wins.
 *
 * Where this differs from LIT, on purpose:
 * - a row is positive when score >= threshold (sklearn's and the What-If Tool's rule); LIT
 *   compares log-odds with a margin, which is score > threshold, and maps thresholds 0 and 1
 *   to margins of -5 and +5 (scores above 0.0067 and 0.9933);
 * - among candidates equally close to the first group's measure, the cheaper one is taken
 *   (then the lower); LIT takes the lowest. `closestTie: 'lowerThreshold'` restores LIT's rule;
 * - costs and measures equal up to rounding (1e-9 relative) count as ties, where LIT compares
 *   floats exactly;
 * - a group without positives has no TPR, so equal opportunity throws naming the group (LIT's
 *   argmin over NaN silently picks threshold 0);
 * - candidates can be any increasing thresholds (default LIT's 0, 0.01, ..., 1, as k/100).
 * Like LIT, the fairness search is anchored on the first group, so group order can matter.
 */
import { checkInput, type CheckedInput } from './checkInput';
import { confusionAt, confusionCurve, costs, type ConfusionCurve } from './confusionCurve';
import { fairnessMeasures, type FairnessStrategy } from './fairnessMeasures';
import type { GroupStrategy, GroupThresholds, ThresholdChoice, ThresholdInput } from './types';

/** How to choose among candidates equally close to the first group's measure. */
export interface FairnessOptions {
  closestTie?: 'lowerCost' | 'lowerThreshold';
}

/** Largest candidates x candidates x groups search a fairness strategy will run. */
const MAX_FAIRNESS_STEPS = 2e8;

/** Confusion counts and cost of a custom threshold over all rows (or one group's rows). */
export function evaluateThreshold(input: ThresholdInput, threshold: number, group?: string): ThresholdChoice {
  if (Number.isNaN(threshold)) throw new RangeError('threshold is NaN');
  const c = checkInput({ ...input, candidates: Float64Array.of(threshold) });
  const curve = confusionCurve(c.scores, c.labels, rowsOf(c, group), c.candidates);
  return choice(curve, costs(curve, c.costRatio), 0);
}

/** The single candidate threshold with the least cost over all rows. */
export function optimalThreshold(input: ThresholdInput): ThresholdChoice {
  const c = checkInput(input);
  const curve = confusionCurve(c.scores, c.labels, c.allRows, c.candidates);
  const cost = costs(curve, c.costRatio);
  return choice(curve, cost, argmin(cost));
}

/** The threshold each group would choose alone (LIT's "Individual"). */
export function perGroupOptimalThresholds(input: ThresholdInput): GroupThresholds {
  const c = checkInput(input);
  return byGroup(c, 'individual', (curve, cost) => argmin(cost));
}

/** One threshold, optimal over all rows, applied to every group (LIT's "Single"). */
export function singleThresholdForGroups(input: ThresholdInput): GroupThresholds {
  const c = checkInput(input);
  const all = confusionCurve(c.scores, c.labels, c.allRows, c.candidates);
  const best = argmin(costs(all, c.costRatio));
  return byGroup(c, 'single', () => best);
}

/**
 * Per-group thresholds that equalise a fairness measure, at the least total cost, by LIT's
 * search anchored on the first group (see the module notes for the differences).
 */
export function fairThresholds(input: ThresholdInput, strategy: FairnessStrategy, options: FairnessOptions = {}): GroupThresholds {
  const c = checkInput(input);
  const names = Object.keys(c.groups);
  if (names.length < 2) throw new RangeError(`${strategy} needs at least two groups, got ${names.length}`);
  const t = c.candidates.length;
  if (t * t * names.length > MAX_FAIRNESS_STEPS) {
    throw new RangeError(`${t} candidates x ${names.length} groups is too large a search; pass fewer candidates`);
  }
  const measure = fairnessMeasures[strategy];
  const curves = names.map((name) => confusionCurve(c.scores, c.labels, c.groups[name], c.candidates));
  const groupCosts = curves.map((curve) => costs(curve, c.costRatio));
  const measures = curves.map((curve, g) => {
    const m = Float64Array.from({ length: t }, (_, i) => measure(confusionAt(curve, i)));
    if (m.some(Number.isNaN)) throw new RangeError(`${strategy} is undefined for group '${names[g]}' (it has no positive rows)`);
    return m;
  });
  let best: { total: number; picks: number[] } | undefined;
  for (let i = 0; i < t; i++) {
    const picks = [i];
    let total = groupCosts[0][i];
    for (let g = 1; g < names.length; g++) {
      const j = closest(measures[g], measures[0][i], groupCosts[g], options.closestTie ?? 'lowerCost');
      picks.push(j);
      total += groupCosts[g][j];
    }
    if (best === undefined || clearlyLess(total, best.total)) best = { total, picks };
  }
  const picks = (best as { picks: number[] }).picks;
  return byGroup(c, strategy, (_curve, _cost, g) => picks[g], measure);
}

/** Every strategy at once, as LIT's threshold panel shows them. */
export function tuneThresholds(input: ThresholdInput, options: FairnessOptions = {}): Record<GroupStrategy, GroupThresholds> {
  return {
    single: singleThresholdForGroups(input),
    individual: perGroupOptimalThresholds(input),
    demographicParity: fairThresholds(input, 'demographicParity', options),
    equalOpportunity: fairThresholds(input, 'equalOpportunity', options),
    equalAccuracy: fairThresholds(input, 'equalAccuracy', options),
  };
}

function rowsOf(c: CheckedInput, group?: string): Uint32Array {
  if (group === undefined) return c.allRows;
  const rows = c.groups[group];
  if (!rows) throw new RangeError(`no group named '${group}'`);
  return rows;
}

function byGroup(
  c: CheckedInput, strategy: GroupStrategy, pick: (curve: ConfusionCurve, cost: Float64Array, g: number) => number,
  measure: (conf: ThresholdChoice['confusion']) => number = () => NaN,
): GroupThresholds {
  const names = Object.keys(c.groups);
  if (names.length === 0) throw new RangeError(`${strategy} thresholds need groups`);
  const groups: GroupThresholds['groups'] = {};
  let totalCost = 0;
  names.forEach((name, g) => {
    const curve = confusionCurve(c.scores, c.labels, c.groups[name], c.candidates);
    const cost = costs(curve, c.costRatio);
    const ch = choice(curve, cost, pick(curve, cost, g));
    groups[name] = { ...ch, measure: measure(ch.confusion) };
    totalCost += ch.cost;
  });
  return { strategy, groups, totalCost };
}

function choice(curve: ConfusionCurve, cost: Float64Array, i: number): ThresholdChoice {
  return { threshold: curve.candidates[i], confusion: confusionAt(curve, i), cost: cost[i] };
}

/**
 * True when `a` is less than `b` by more than rounding: costs such as 0.1 * 3 + 1 and
 * 0.1 * 13 are equal, and equal measures such as 1/3 and 2/3 around 1/2 are equally close,
 * although their floating-point values differ in the last bits.
 */
function clearlyLess(a: number, b: number): boolean {
  return a < b - 1e-9 * Math.max(1, Math.abs(b));
}

/** First index of the least value, as `numpy.argmin` (up to rounding, see `clearlyLess`). */
function argmin(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (clearlyLess(values[i], values[best])) best = i;
  return best;
}

/** Index whose measure is closest to `target`; ties by lower cost then lower index, or lower index only. */
function closest(measures: Float64Array, target: number, cost: Float64Array, tie: 'lowerCost' | 'lowerThreshold'): number {
  let best = 0;
  let bestDist = Math.abs(measures[0] - target);
  for (let j = 1; j < measures.length; j++) {
    const d = Math.abs(measures[j] - target);
    const tied = !clearlyLess(d, bestDist) && !clearlyLess(bestDist, d);
    if ((!tied && d < bestDist) || (tied && tie === 'lowerCost' && clearlyLess(cost[j], cost[best]))) { best = j; bestDist = d; }
  }
  return best;
}
