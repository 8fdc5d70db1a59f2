/**
 * ROC and precision-recall curves of a classifier: one curve per class (one-vs-rest, on the
 * chosen slice) or one per slice of the facet (for the chosen positive class), with the AUC /
 * average precision in each legend entry.
 *
 * Notes: curves come from `src/core/metrics` (`rocCurve`, `precisionRecallCurve`, checked
 * against scikit-learn); a curve that is undefined on a slice (no positives or no negatives)
 * is left out with a note in `notes`.
 * - The session's selection gets curves of its own, dashed, beside the others: per class, one
 *   per class on the selected rows of the shown slice, in its class's colour; per slice, one
 *   'Selection' curve for the positive class, in a colour of its own. Where it is undefined
 *   (one class only) a note says so.
 */
import { averagePrecision, precisionRecallCurve, rocAuc, rocCurve } from '../../core/metrics';
import type { DatasetPredictions } from './metrics-predictions';
import { SELECTION_NAME, intersectRows } from './metrics-selection';
import type { NamedSlice } from './metrics-slices';
import { PALETTE } from '../plots/scatter-groups';
import { MetricsWidgetBase, baseState, type MetricsBaseState, type MetricsWidgetOptions } from './metrics-widget';
import type { PlotFigureSpec } from '../plots/plot-widget';
import type { Session } from '../session';

export type CurveKind = 'roc' | 'pr';
export type CurvesBy = 'class' | 'slice';

export interface CurvesState extends MetricsBaseState {
  kind: CurveKind;
  by: CurvesBy;
  /** Positive class for per-slice curves (a class name). */
  positive: string;
  /** Slice for per-class curves. */
  slice: string;
  sliceNames: string[];
  /** Curve name → AUC (ROC) or average precision (PR). */
  areas: Record<string, number>;
  notes: string[];
}

export interface CurvesOptions extends MetricsWidgetOptions {
  kind?: CurveKind;
  by?: CurvesBy;
  positive?: string;
  slice?: string;
}

export interface Curve {
  name: string;
  x: number[];
  y: number[];
  area: number;
  /** A curve of the session's selection (drawn dashed). */
  selection?: boolean;
  /** The curve whose colour a selection curve shares (its class's curve). */
  pairedWith?: string;
}

/** Line colours: the dataset's curves in order, a selection curve in its pair's colour. */
export function curveColours(curves: readonly Curve[]): string[] {
  const own = new Map<string, string>();
  let next = 0;
  return curves.map((c) => {
    const paired = c.pairedWith === undefined ? undefined : own.get(c.pairedWith);
    if (paired) return paired;
    const colour = PALETTE[next++ % PALETTE.length];
    if (!c.selection) own.set(c.name, colour);
    return colour;
  });
}

/** The score column of one class. */
function classScores(predictions: DatasetPredictions, c: number): Float32Array {
  const k = predictions.classes.length;
  const n = predictions.labels.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = predictions.probs[i * k + c];
  return out;
}

/** One curve of rows `indices` for positive class `c`, or null when it is undefined there. */
export function curveOf(predictions: DatasetPredictions, kind: CurveKind, c: number, indices: Uint32Array, name: string): Curve | null {
  const scores = classScores(predictions, c);
  let positives = 0;
  for (const i of indices) if (predictions.labels[i] === c) positives++;
  if (positives === 0 || (kind === 'roc' && positives === indices.length)) return null;
  const options = { indices, positiveClass: c };
  if (kind === 'roc') {
    const r = rocCurve(predictions.labels, scores, options);
    return { name, x: Array.from(r.fpr), y: Array.from(r.tpr), area: rocAuc(predictions.labels, scores, options) };
  }
  const p = precisionRecallCurve(predictions.labels, scores, options);
  return { name, x: Array.from(p.recall), y: Array.from(p.precision), area: averagePrecision(predictions.labels, scores, options) };
}

/** The plotly figure of `curves`. */
export function curvesFigure(kind: CurveKind, curves: readonly Curve[], title: string): PlotFigureSpec {
  const area = kind === 'roc' ? 'AUC' : 'AP';
  const colours = curveColours(curves);
  const data: Record<string, unknown>[] = curves.map((c, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: `${c.name} (${area} ${c.area.toFixed(3)})`,
    x: c.x,
    y: c.y,
    line: { shape: kind === 'pr' ? 'hv' : 'linear', width: 2, color: colours[i], ...(c.selection ? { dash: 'dash' } : {}) },
  }));
  if (kind === 'roc') data.push({ type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { dash: 'dot', width: 1, color: 'gray' }, hoverinfo: 'skip' });
  return {
    data,
    layout: {
      title: { text: title },
      xaxis: { title: { text: kind === 'roc' ? 'False positive rate' : 'Recall' }, range: [0, 1.01] },
      yaxis: { title: { text: kind === 'roc' ? 'True positive rate' : 'Precision' }, range: [0, 1.01] },
      legend: { orientation: 'v', x: kind === 'roc' ? 1 : 0.02, xanchor: kind === 'roc' ? 'right' : 'left', y: 0.02, yanchor: 'bottom' },
      margin: { l: 60, r: 20, t: 50, b: 50 },
      height: 420,
    },
  };
}

export class CurvesWidget extends MetricsWidgetBase<CurvesState> {
  constructor(session: Session, options: CurvesOptions = {}) {
    const kind = options.kind ?? 'roc';
    if (kind !== 'roc' && kind !== 'pr') throw new Error(`curves: kind must be 'roc' or 'pr', got ${JSON.stringify(kind)}`);
    const by = options.by ?? 'class';
    if (by !== 'class' && by !== 'slice') throw new Error(`curves: by must be 'class' or 'slice', got ${JSON.stringify(by)}`);
    super(
      { modelName: 'CurvesModel', viewName: 'CurvesView' },
      { ...baseState(session, options, kind === 'roc' ? 'roc' : 'precision-recall'), kind, by, positive: options.positive ?? '', slice: options.slice ?? 'All', sliceNames: ['All'], areas: {}, notes: [] },
      session,
      options,
    );
    for (const key of ['kind', 'by', 'positive', 'slice'] as const) this.onChange(key, () => this.represent());
    void this.refresh();
  }

  protected present(predictions: DatasetPredictions, slices: NamedSlice[]): Partial<CurvesState> {
    const { kind, by } = this.state;
    const classes = predictions.classes;
    const positive = classes.includes(this.state.positive) ? this.state.positive : classes[classes.length === 2 ? 1 : 0];
    const sliceNames = slices.map((s) => s.name);
    const slice = sliceNames.includes(this.state.slice) ? this.state.slice : 'All';
    const notes: string[] = [];
    const curves: Curve[] = [];
    const needs = `needs positive${kind === 'roc' ? ' and negative' : ''} examples`;
    const selected = this.selectedRows().indices;
    const add = (c: number, indices: Uint32Array, name: string, undefinedNote: string, selection?: { pairedWith?: string }) => {
      const curve = curveOf(predictions, kind, c, indices, name);
      if (curve) curves.push(selection ? { ...curve, selection: true, ...selection } : curve);
      else notes.push(undefinedNote);
    };
    if (by === 'class') {
      const indices = slices.find((s) => s.name === slice)!.indices;
      const which = classes.length === 2 ? [1] : classes.map((_, c) => c);
      for (const c of which) add(c, indices, classes[c], `${classes[c]}: undefined on '${slice}' (${needs})`);
      const mine = intersectRows(indices, selected);
      if (mine.length > 0) {
        for (const c of which) {
          const name = which.length === 1 ? SELECTION_NAME : `${classes[c]} · ${SELECTION_NAME}`;
          add(c, mine, name, `${name}: undefined on the ${mine.length} selected rows of '${slice}' (${needs})`, { pairedWith: classes[c] });
        }
      }
    } else {
      const c = classes.indexOf(positive);
      for (const s of slices) add(c, s.indices, s.name, `${s.name}: undefined for '${positive}' (${needs})`);
      if (selected.length > 0) add(c, selected, SELECTION_NAME, `${SELECTION_NAME}: undefined for '${positive}' on the ${selected.length} selected rows (${needs})`, {});
    }
    const what = kind === 'roc' ? 'ROC' : 'Precision-recall';
    const title = by === 'class' ? `${what} per class — ${slice}` : `${what} per slice — positive: ${positive}`;
    return {
      positive,
      slice,
      sliceNames,
      notes,
      areas: Object.fromEntries(curves.map((c) => [c.name, c.area])),
      figure: curvesFigure(kind, curves, title),
      filename: kind === 'roc' ? 'roc' : 'precision-recall',
    };
  }
}

/** ROC or PR curves over the session's model and dataset. */
export function curves(session: Session, options: CurvesOptions = {}): CurvesWidget {
  return new CurvesWidget(session, options);
}
