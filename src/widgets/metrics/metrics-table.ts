/**
 * The metrics table by slice: accuracy, macro precision/recall/F1, ROC AUC, PR AUC and log
 * loss of a classifier on all rows and on each slice of the chosen facet, computed with
 * `src/core/metrics` over predictions of the whole dataset.
 *
 * Notes: undefined metrics (e.g. ROC AUC of a slice with one class) are null in the state and
 * empty in CSV. `exportTable('metrics.csv' | 'metrics.json')` writes the rows shown. While the
 * session has a selection, a last row 'Selection' (marked `selection: true`) gives the same
 * metrics on the selected rows of the dataset; a selection change re-computes only that row.
 */
import { metricsBySlice, prepareClassification } from '../../core/metrics';
import type { DatasetPredictions } from './metrics-predictions';
import { SELECTION_NAME } from './metrics-selection';
import type { NamedSlice } from './metrics-slices';
import { MetricsWidgetBase, baseState, finiteOrNull, type MetricsBaseState, type MetricsWidgetOptions } from './metrics-widget';
import type { Session } from '../session';
import { renderExport, writeExport, type ExportFormat, type ExportRows } from '../table/table-export';
import { BUILTIN_METRICS } from '../registry/registry';
import { computeMetric, sliceOf } from '../registry/custom-metrics';
import type { MetricPiece } from '../registry/pieces';

export const METRIC_COLUMNS = BUILTIN_METRICS;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

export interface MetricsRow {
  slice: string;
  /** Example count, then the built-in metrics and the registered ones (null where undefined). */
  values: Record<MetricColumn, number | null> & Record<string, number | null>;
  /** True on the row of the session's selection. */
  selection?: boolean;
}

export interface MetricsTableState extends MetricsBaseState {
  columns: string[];
  /** name → label of the registered metric columns (the view labels built-ins itself). */
  columnLabels: Record<string, string>;
  rows: MetricsRow[];
}

/** One row per slice; registered metrics add their columns (a failing one is null, its message in `errors`). */
export function metricsRows(predictions: DatasetPredictions, slices: readonly NamedSlice[], custom: readonly MetricPiece[] = [], errors: string[] = []): MetricsRow[] {
  const data = prepareClassification({ kind: 'classification', labels: predictions.labels, probs: predictions.probs, numClasses: predictions.classes.length });
  // Keyed by position: slice names are data and could repeat or collide.
  const named = Object.fromEntries(slices.map((s, k) => [String(k), s.indices]));
  const results = metricsBySlice(named, data, ['accuracy', 'prf', 'rocAuc', 'prAuc', 'logLoss']);
  return slices.map((s, k) => {
    const m = results[String(k)];
    return {
      slice: s.name,
      values: {
        count: m.count,
        accuracy: finiteOrNull(m.accuracy),
        precision: finiteOrNull(m.prf?.macro.precision),
        recall: finiteOrNull(m.prf?.macro.recall),
        f1: finiteOrNull(m.prf?.macro.f1),
        rocAuc: finiteOrNull(m.rocAuc),
        prAuc: finiteOrNull(m.prAuc),
        logLoss: finiteOrNull(m.logLoss),
        ...customValues(predictions, s.indices, custom, errors),
      },
    };
  });
}

function customValues(predictions: DatasetPredictions, rows: Uint32Array, custom: readonly MetricPiece[], errors: string[]): Record<string, number | null> {
  if (custom.length === 0) return {};
  const { labels, predictions: slice } = sliceOf(predictions.labels, predictions.probs, predictions.classes.length, predictions.classes, rows);
  return Object.fromEntries(custom.map((metric) => {
    const { value, error } = computeMetric(metric, labels, slice, rows);
    if (error && !errors.includes(error)) errors.push(error);
    return [metric.name, value];
  }));
}

function metricLabels(session: Session): Record<string, string> {
  return Object.fromEntries(session.registry.registered('metric').map((m) => [m.name, m.label ?? m.name]));
}

export class MetricsTableWidget extends MetricsWidgetBase<MetricsTableState> {
  constructor(session: Session, options: MetricsWidgetOptions = {}) {
    super({ modelName: 'MetricsTableModel', viewName: 'MetricsTableView' }, { ...baseState(session, options, 'metrics'), columns: session.registry.list('metric').map((m) => m.name), columnLabels: metricLabels(session), rows: [] }, session, options);

    // The view's CSV/JSON buttons: the kernel renders the file (same rules as exportTable).
    this.onCustom((content) => {
      const c = content as { method?: unknown; format?: unknown; requestId?: unknown } | null;
      if (c?.method !== 'table_download' || (c.format !== 'csv' && c.format !== 'json')) return;
      this.send({ method: 'table_file', requestId: String(c.requestId ?? ''), format: c.format, text: renderExport(this.exportRows(), c.format) });
    });
    void this.refresh();
  }

  protected override onMetricsRegistered(): void {
    this.set({ columns: this.metricsSession.registry.list('metric').map((m) => m.name), columnLabels: metricLabels(this.metricsSession) });
    this.represent();
  }

  get rows(): readonly MetricsRow[] {
    return this.state.rows;
  }

  protected present(predictions: DatasetPredictions, slices: NamedSlice[]): Partial<MetricsTableState> {
    const errors: string[] = [];
    const rows = [...metricsRows(predictions, slices, this.customMetrics(), errors), ...this.selectionRow(predictions, errors)];
    return { rows, error: errors.length > 0 ? errors.join('\n') : null };
  }

  private customMetrics(): MetricPiece[] {
    return this.metricsSession.registry.registered('metric');
  }

  protected override onSelection(): void {
    if (!this.predictions) return;
    const sliceRows = this.state.rows.filter((r) => !r.selection);
    const sel = this.selectedRows();
    this.set({ rows: [...sliceRows, ...this.selectionRow(this.predictions)], selectionCount: sel.indices.length, selectionOutside: sel.outside });
  }

  /** The selection's row, or none when no selected id is a row of the dataset. */
  private selectionRow(predictions: DatasetPredictions, errors: string[] = []): MetricsRow[] {
    const { indices } = this.selectedRows();
    if (indices.length === 0) return [];
    return metricsRows(predictions, [{ name: SELECTION_NAME, indices }], this.customMetrics(), errors).map((r) => ({ ...r, selection: true }));
  }

  /** Writes the table as CSV or JSON (from the extension, or `format`); resolves with the absolute path. */
  exportTable(file: string, format?: ExportFormat): Promise<string> {
    return writeExport(file, this.exportRows(), format);
  }

  private exportRows(): ExportRows {
    const rows = this.state.rows;
    const columns = this.state.columns;
    return { fields: ['slice', ...columns], rowCount: rows.length, row: (k) => [rows[k].slice, ...columns.map((c) => rows[k].values[c] ?? null)] };
  }
}

/** A metrics-by-slice table over the session's model and dataset. */
export function metricsTable(session: Session, options: MetricsWidgetOptions = {}): MetricsTableWidget {
  return new MetricsTableWidget(session, options);
}
