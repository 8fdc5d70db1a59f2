/**
 * The confusion matrix of a classifier on one slice, drawn as a plotly heatmap; a click on a
 * cell selects those examples in the session (every linked view follows).
 *
 * Notes: rows are true classes, columns predicted classes (argmax, first on ties, as
 * `src/core/metrics`). The view sends `{method:'select_cell', actual, predicted}` (class
 * indices); `cellIds` gives the ids of a cell for code. Cells holding rows of the session's
 * selection (within the shown slice) are outlined and say how many (`selectedCounts`).
 */
import { argmaxClasses, confusionMatrix } from '../../core/metrics';
import type { DatasetPredictions } from './metrics-predictions';
import { intersectRows } from './metrics-selection';
import type { NamedSlice } from './metrics-slices';
import { MetricsWidgetBase, baseState, type MetricsBaseState, type MetricsWidgetOptions } from './metrics-widget';
import type { PlotFigureSpec } from '../plots/plot-widget';
import type { Session } from '../session';

export interface ConfusionMatrixState extends MetricsBaseState {
  /** Slice names of the facet ('All' first) and the one shown. */
  sliceNames: string[];
  slice: string;
  /** counts[actual][predicted]. */
  counts: number[][];
  /** selectedCounts[actual][predicted]: selected rows of the shown slice in each cell. */
  selectedCounts: number[][];
}

export interface ConfusionMatrixOptions extends MetricsWidgetOptions {
  /** Slice to show (default 'All'). */
  slice?: string;
}

/** counts[actual][predicted] of the rows in `indices`. */
export function confusionCounts(predictions: DatasetPredictions, indices: Uint32Array): number[][] {
  const k = predictions.classes.length;
  const predicted = argmaxClasses(predictions.probs, k);
  const m = confusionMatrix(predictions.labels, predicted, k, { indices });
  return Array.from({ length: k }, (_, t) => Array.from(m.counts.subarray(t * k, t * k + k)));
}

/** Ids of the rows in `indices` whose true class is `actual` and predicted class `predicted`. */
export function confusionCellIds(predictions: DatasetPredictions, indices: Uint32Array, actual: number, predicted: number): string[] {
  const k = predictions.classes.length;
  for (const [name, v] of [['actual', actual], ['predicted', predicted]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new Error(`confusion matrix: ${name} class index ${v} is not one of 0..${k - 1}`);
  }
  const argmax = argmaxClasses(predictions.probs, k);
  const ids: string[] = [];
  for (const i of indices) if (predictions.labels[i] === actual && argmax[i] === predicted) ids.push(predictions.ids[i]);
  return ids;
}

/** An outline around each cell holding selected rows (layout shapes: not clickable, so clicks reach the heatmap). */
function selectionOutlines(selected: number[][]): Record<string, unknown>[] {
  const shapes: Record<string, unknown>[] = [];
  const inset = 0.04;
  selected.forEach((row, a) => row.forEach((n, p) => {
    // Category axes place class k at k, so a cell spans k ± 0.5.
    if (n > 0) shapes.push({ type: 'rect', xref: 'x', yref: 'y', x0: p - 0.5 + inset, x1: p + 0.5 - inset, y0: a - 0.5 + inset, y1: a + 0.5 - inset, line: { color: '#ff7f0e', width: 3 } });
  }));
  return shapes;
}

/** The heatmap: true classes down, predicted across, counts written in the cells (and how many of them are selected). */
export function confusionFigure(classes: readonly string[], counts: number[][], slice: string, selected: number[][] = []): PlotFigureSpec {
  const text = counts.map((row, a) => row.map((z, p) => ((selected[a]?.[p] ?? 0) > 0 ? `${z} (${selected[a][p]} selected)` : String(z))));
  return {
    data: [{
      type: 'heatmap',
      z: counts,
      x: [...classes],
      y: [...classes],
      colorscale: 'Blues',
      reversescale: true, // plotly's Blues runs dark to light; few examples should look light
      showscale: true,
      text,
      texttemplate: '%{text}',
      hovertemplate: 'true %{y}<br>predicted %{x}<br>%{z} examples<extra></extra>',
      xgap: 1,
      ygap: 1,
    }],
    layout: {
      title: { text: `Confusion matrix — ${slice}` },
      xaxis: { title: { text: 'Predicted' }, type: 'category', side: 'bottom' },
      yaxis: { title: { text: 'True' }, type: 'category', autorange: 'reversed' },
      margin: { l: 90, r: 20, t: 50, b: 70 },
      height: Math.max(300, 120 + 50 * classes.length),
      shapes: selectionOutlines(selected),
    },
  };
}

export class ConfusionMatrixWidget extends MetricsWidgetBase<ConfusionMatrixState> {
  constructor(session: Session, options: ConfusionMatrixOptions = {}) {
    super(
      { modelName: 'ConfusionMatrixModel', viewName: 'ConfusionMatrixView' },
      { ...baseState(session, options, 'confusion-matrix'), sliceNames: ['All'], slice: options.slice ?? 'All', counts: [], selectedCounts: [] },
      session,
      options,
    );
    this.onChange('slice', () => this.represent());
    this.onCustom((content) => {
      const c = content as { method?: unknown; actual?: unknown; predicted?: unknown } | null;
      if (c?.method === 'select_cell') this.selectCell(Number(c.actual), Number(c.predicted));
    });
    void this.refresh();
  }

  /** Ids of the examples in a cell of the shown slice (class names or indices). */
  cellIds(actual: string | number, predicted: string | number): string[] {
    if (!this.predictions) throw new Error('confusion matrix: predictions are not ready yet (await settled())');
    return confusionCellIds(this.predictions, this.currentSlice().indices, this.classIndex(actual), this.classIndex(predicted));
  }

  /** Selects a cell's examples in the session. */
  selectCell(actual: string | number, predicted: string | number): string[] {
    const ids = this.cellIds(actual, predicted);
    this.metricsSession.select(ids, { source: this });
    return ids;
  }

  protected present(predictions: DatasetPredictions, slices: NamedSlice[]): Partial<ConfusionMatrixState> {
    const sliceNames = slices.map((s) => s.name);
    const slice = sliceNames.includes(this.state.slice) ? this.state.slice : 'All';
    const indices = slices.find((s) => s.name === slice)!.indices;
    const counts = confusionCounts(predictions, indices);
    const selectedCounts = confusionCounts(predictions, intersectRows(indices, this.selectedRows().indices));
    return { sliceNames, slice, counts, selectedCounts, figure: confusionFigure(predictions.classes, counts, slice, selectedCounts) };
  }

  private currentSlice(): NamedSlice {
    return this.slices.find((s) => s.name === this.state.slice) ?? this.slices[0];
  }

  private classIndex(c: string | number): number {
    const classes = this.predictions!.classes;
    const k = typeof c === 'number' ? c : classes.indexOf(c);
    if (!Number.isInteger(k) || k < 0 || k >= classes.length) throw new Error(`confusion matrix: ${JSON.stringify(c)} is not a class (${classes.join(', ')})`);
    return k;
  }
}

/** A confusion matrix over the session's model and dataset. */
export function confusionMatrixWidget(session: Session, options: ConfusionMatrixOptions = {}): ConfusionMatrixWidget {
  return new ConfusionMatrixWidget(session, options);
}
