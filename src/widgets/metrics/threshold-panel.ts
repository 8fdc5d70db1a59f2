/**
 * The threshold and fairness panel for binary classifiers (LIT's thresholder): a cost ratio,
 * a custom threshold, and the per-group thresholds each strategy chooses — single optimal,
 * per-group optimal, demographic parity, equal opportunity, equal accuracy — with the
 * confusion counts and cost they give, computed by `src/explain/thresholds`.
 *
 * Notes: groups are the slices of the chosen facet (without 'All'); with fewer than two
 * groups the fairness strategies show why they cannot run instead of a number. The positive
 * class is the output's second class, as `src/core/metrics` takes class 1 as positive. The
 * session's selected rows get one line of their own at the custom threshold (`selection`):
 * its confusion counts and cost, beside the groups.
 */
import { metricOptimalThreshold } from '../registry/custom-metrics';
import type { MetricPiece } from '../registry/pieces';
import { evaluateThreshold, fairThresholds, perGroupOptimalThresholds, singleThresholdForGroups, type GroupThresholds, type Groups } from '../../explain/thresholds';
import type { DatasetPredictions } from './metrics-predictions';
import type { NamedSlice } from './metrics-slices';
import { MetricsWidgetBase, baseState, finiteOrNull, type MetricsBaseState, type MetricsWidgetOptions } from './metrics-widget';
import type { PlotFigureSpec } from '../plots/plot-widget';
import type { Session } from '../session';

export type ThresholdStrategy = 'custom' | 'single' | 'individual' | 'demographicParity' | 'equalOpportunity' | 'equalAccuracy';

export const STRATEGY_LABELS: Record<ThresholdStrategy, string> = {
  custom: 'Custom threshold',
  single: 'Single (optimal)',
  individual: 'Per-group optimal',
  demographicParity: 'Demographic parity',
  equalOpportunity: 'Equal opportunity',
  equalAccuracy: 'Equal accuracy',
};

export interface GroupResult {
  group: string;
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  cost: number;
  /** The strategy's fairness measure of the group (positive rate, TPR, accuracy), or null. */
  measure: number | null;
}

/** A built-in strategy, or `metric:<name>`: the threshold that optimises a registered metric. */
export type StrategyName = ThresholdStrategy | `metric:${string}`;

export interface StrategyResult {
  strategy: StrategyName;
  label: string;
  /** Why the strategy could not run, or null. */
  error: string | null;
  totalCost: number | null;
  groups: GroupResult[];
}

/** The selected rows at the custom threshold. */
export interface SelectionAtThreshold extends Omit<GroupResult, 'group' | 'measure'> {
  count: number;
}

export interface ThresholdPanelState extends MetricsBaseState {
  positive: string;
  costRatio: number;
  threshold: number;
  results: StrategyResult[];
  /** The session's selected rows at the custom threshold, or null with no selection. */
  selection: SelectionAtThreshold | null;
}

export interface ThresholdPanelOptions extends MetricsWidgetOptions {
  /** Cost of a false positive relative to a false negative (default 1). */
  costRatio?: number;
  /** The custom threshold (default 0.5). */
  threshold?: number;
}

function checkNumber(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) throw new Error(`threshold panel: ${name} must be a number from ${lo} to ${hi}, got ${String(value)}`);
  return value;
}

function fromGroupThresholds(strategy: ThresholdStrategy, t: GroupThresholds): StrategyResult {
  return {
    strategy,
    label: STRATEGY_LABELS[strategy],
    error: null,
    totalCost: t.totalCost,
    groups: Object.entries(t.groups).map(([group, g]) => ({ group, threshold: g.threshold, ...g.confusion, cost: g.cost, measure: finiteOrNull(g.measure) })),
  };
}

/** Every strategy's per-group thresholds for `scores`/`labels` (1 = positive) over `groups`. */
export function thresholdResults(scores: Float32Array, labels: Int32Array, groups: Groups, costRatio: number, threshold: number, metrics: MetricOptimisation | null = null): StrategyResult[] {
  const input = { scores, labels, groups, costRatio };
  const run = (strategy: StrategyName, compute: () => StrategyResult, label = STRATEGY_LABELS[strategy as ThresholdStrategy]): StrategyResult => {
    try {
      return compute();
    } catch (e) {
      return { strategy, label, error: (e as Error).message, totalCost: null, groups: [] };
    }
  };
  const atThreshold = (t: number) => Object.keys(groups).map((group) => {
    const c = evaluateThreshold(input, t, group);
    return { group, threshold: t, ...c.confusion, cost: c.cost, measure: null };
  });
  const custom = run('custom', () => {
    const groupResults = atThreshold(threshold);
    return { strategy: 'custom', label: STRATEGY_LABELS.custom, error: null, totalCost: groupResults.reduce((s, g) => s + g.cost, 0), groups: groupResults };
  });
  // One threshold per registered metric, optimal over all rows, applied to every group (as 'single' does for cost).
  const byMetric = (metrics?.pieces ?? []).map((metric) => {
    const label = `${metric.higherIsBetter === false ? 'Minimise' : 'Maximise'} ${metric.label ?? metric.name}`;
    return run(`metric:${metric.name}`, () => {
      const all = Uint32Array.from({ length: scores.length }, (_, i) => i);
      const best = metricOptimalThreshold(metric, scores, labels, metrics!.probs, metrics!.classes, all);
      const groupResults = atThreshold(best.threshold);
      return { strategy: `metric:${metric.name}`, label, error: null, totalCost: groupResults.reduce((s, g) => s + g.cost, 0), groups: groupResults };
    }, label);
  });
  return [
    custom,
    run('single', () => fromGroupThresholds('single', singleThresholdForGroups(input))),
    run('individual', () => fromGroupThresholds('individual', perGroupOptimalThresholds(input))),
    ...(['demographicParity', 'equalOpportunity', 'equalAccuracy'] as const).map((s) => run(s, () => fromGroupThresholds(s, fairThresholds(input, s)))),
    ...byMetric,
  ];
}

/** What optimising registered metrics needs besides the scores: the metrics, the probabilities and class names. */
export interface MetricOptimisation {
  pieces: readonly MetricPiece[];
  probs: Float32Array;
  classes: readonly string[];
}

/** Thresholds per strategy as grouped bars, one colour per group. */
export function thresholdFigure(results: readonly StrategyResult[], groups: readonly string[]): PlotFigureSpec {
  const shown = results.filter((r) => r.error === null);
  return {
    data: groups.map((group) => ({
      type: 'bar',
      name: group,
      x: shown.map((r) => r.label),
      y: shown.map((r) => r.groups.find((g) => g.group === group)?.threshold ?? null),
      hovertemplate: '%{x}<br>%{fullData.name}: threshold %{y:.2f}<extra></extra>',
    })),
    layout: {
      title: { text: 'Threshold per group and strategy' },
      barmode: 'group',
      yaxis: { title: { text: 'Threshold' }, range: [0, 1] },
      margin: { l: 60, r: 20, t: 50, b: 80 },
      height: 340,
    },
  };
}

export class ThresholdPanelWidget extends MetricsWidgetBase<ThresholdPanelState> {
  constructor(session: Session, options: ThresholdPanelOptions = {}) {
    super(
      { modelName: 'ThresholdPanelModel', viewName: 'ThresholdPanelView' },
      {
        ...baseState(session, options, 'thresholds'),
        positive: '',
        costRatio: checkNumber('costRatio', options.costRatio ?? 1, 0, 1000),
        threshold: checkNumber('threshold', options.threshold ?? 0.5, 0, 1),
        results: [],
        selection: null,
      },
      session,
      options,
    );
    this.onChange('costRatio', () => this.represent());
    this.onChange('threshold', () => this.represent());
    void this.refresh();
  }

  protected override validateUpdate(patch: Record<string, unknown>): void {
    if ('costRatio' in patch) checkNumber('costRatio', patch.costRatio, 0, 1000);
    if ('threshold' in patch) checkNumber('threshold', patch.threshold, 0, 1);
  }

  get results(): readonly StrategyResult[] {
    return this.state.results;
  }

  protected present(predictions: DatasetPredictions, slices: NamedSlice[]): Partial<ThresholdPanelState> {
    const classes = predictions.classes;
    if (classes.length !== 2) throw new Error(`threshold panel: model '${this.state.model}' has ${classes.length} classes (${classes.join(', ')}); thresholds need a binary classifier`);
    const n = predictions.labels.length;
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) scores[i] = predictions.probs[i * 2 + 1];
    const groupSlices = slices.length > 1 ? slices.slice(1) : slices;
    const groups: Groups = Object.fromEntries(groupSlices.map((s) => [s.name, s.indices]));
    const pieces = this.metricsSession.registry.registered('metric');
    const results = thresholdResults(scores, predictions.labels, groups, this.state.costRatio, this.state.threshold, { pieces, probs: predictions.probs, classes });
    return { positive: classes[1], results, selection: this.selectionAt(scores, predictions.labels), figure: thresholdFigure(results, groupSlices.map((s) => s.name)) };
  }

  private selectionAt(scores: Float32Array, labels: Int32Array): SelectionAtThreshold | null {
    const { indices } = this.selectedRows();
    if (indices.length === 0) return null;
    const threshold = this.state.threshold;
    const c = evaluateThreshold({ scores, labels, groups: { selection: indices }, costRatio: this.state.costRatio }, threshold, 'selection');
    return { count: indices.length, threshold, ...c.confusion, cost: c.cost };
  }
}

/** A threshold and fairness panel over the session's (binary) model and dataset. */
export function thresholdPanel(session: Session, options: ThresholdPanelOptions = {}): ThresholdPanelWidget {
  return new ThresholdPanelWidget(session, options);
}
