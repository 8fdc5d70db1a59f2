/**
 * What the metrics views share, kernel side: the model and dataset chosen from the session,
 * the facet, predictions of the whole dataset with progress and Cancel, errors as state.
 *
 * Notes:
 * - A change of `model`, `dataset`, `facet` or `bins` (from the view or code), or new data in
 *   the session, starts a new evaluation; the older one is aborted and its result dropped.
 * - Work is started, never awaited, by comm handlers, so the kernel keeps reading messages
 *   (the view's `{method:'cancel'}`) while predictions run; `settled()` waits for it.
 * - Subclasses turn predictions and slices into their own state in `present`.
 * - The session's selection, as rows of the dataset (`selectedRows()`), is part of what they
 *   present: a selection change in any view calls `onSelection()` (by default `represent()`),
 *   without predicting again. `selectionCount` / `selectionOutside` tell the view how many
 *   selected ids are rows here and how many are not.
 */
import type { WidgetSpec } from '../../kernel/widget';
import { cachedPredictions, isAbort, type DatasetPredictions } from './metrics-predictions';
import { selectedRows, type SelectedRows } from './metrics-selection';
import { facetableFields, slicesFor, type FacetableField, type NamedSlice } from './metrics-slices';
import { PlotWidgetBase, type PlotWidgetState } from '../plots/plot-widget';
import type { Session } from '../session';

export interface Progress {
  done: number;
  total: number;
  label: string;
}

/** Least time between two progress updates sent to the view. */
export const PROGRESS_INTERVAL_MS = 100;

export type MetricsStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface MetricsBaseState extends PlotWidgetState {
  /** Model and dataset names in the session, and the chosen ones. */
  models: string[];
  datasets: string[];
  model: string;
  dataset: string;
  /** Field to facet by ('' for none) and the number of bins for a numeric field. */
  facet: string;
  bins: number;
  facetFields: FacetableField[];
  classes: string[];
  progress: Progress | null;
  status: MetricsStatus;
  /** Selected ids that are rows of the dataset, and those that are not (edits, other datasets). */
  selectionCount: number;
  selectionOutside: number;
}

export interface MetricsWidgetOptions {
  /** Session model to evaluate (default the first). */
  model?: string;
  /** Session dataset to evaluate on (default the first). */
  dataset?: string;
  /** Facet field ('' or absent for none). */
  facet?: string;
  /** Bins of a numeric facet (default 4). */
  bins?: number;
  /** MulticlassPreds output (default the first) and the dataset field with the true class (default its parent). */
  output?: string;
  labelField?: string;
  /** Rows per model call while predicting the dataset (default 256). */
  batchSize?: number;
}

/** The base state for a session and options (names checked against the session). */
export function baseState(session: Session, options: MetricsWidgetOptions, filename: string): MetricsBaseState {
  const models = [...session.models.keys()];
  const datasets = [...session.datasets.keys()];
  const model = options.model ?? models[0];
  const dataset = options.dataset ?? datasets[0];
  session.model(model); // throws naming the models there are
  const data = session.dataset(dataset);
  return {
    figure: null,
    filename,
    error: null,
    models,
    datasets,
    model,
    dataset,
    facet: options.facet ?? '',
    bins: options.bins ?? 4,
    facetFields: facetableFields(data),
    classes: [],
    progress: null,
    status: 'running',
    selectionCount: 0,
    selectionOutside: 0,
  };
}

export abstract class MetricsWidgetBase<S extends MetricsBaseState> extends PlotWidgetBase<S> {
  protected predictions: DatasetPredictions | null = null;
  protected slices: NamedSlice[] = [];
  private running: AbortController | null = null;
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();

  protected constructor(spec: WidgetSpec, initial: S, protected readonly metricsSession: Session, protected readonly options: MetricsWidgetOptions) {
    super(spec, initial, metricsSession);
    for (const key of ['model', 'dataset', 'facet', 'bins'] as const) this.onChange(key, () => void this.refresh());
    this.onCustom((content) => {
      if ((content as { method?: unknown } | null)?.method === 'cancel') this.cancel();
    });
    const stop = metricsSession.on('data', (event) => {
      if (event.source === this) return;
      if (this.closed) return stop();
      this.set({ models: [...metricsSession.models.keys()], datasets: [...metricsSession.datasets.keys()] } as Partial<S>);
      void this.refresh();
    });
    const unselect = metricsSession.on('selection', () => {
      if (this.closed) return unselect();
      this.onSelection();
    });
    const unregister = metricsSession.registry.onChange((kind) => {
      if (this.closed) return unregister();
      if (kind === 'metric') this.onMetricsRegistered();
    });
  }

  /** A metric was registered or removed in the session; by default everything is presented again. */
  protected onMetricsRegistered(): void {
    this.represent();
  }

  /** The session's selected rows of the evaluated dataset (empty before predictions). */
  protected selectedRows(): SelectedRows {
    if (!this.predictions) return { indices: new Uint32Array(0), outside: this.metricsSession.selection.length };
    return selectedRows(this.predictions, this.metricsSession.selection);
  }

  /** The session's selection changed; by default everything is presented again. */
  protected onSelection(): void {
    this.represent();
  }

  private selectionState(): Pick<MetricsBaseState, 'selectionCount' | 'selectionOutside'> {
    const sel = this.selectedRows();
    return { selectionCount: sel.indices.length, selectionOutside: sel.outside };
  }

  /** Resolves when the latest evaluation finished (or failed, or was cancelled). */
  settled(): Promise<void> {
    return this.latest;
  }

  /** Stops the running evaluation; the view keeps what it showed. */
  cancel(): void {
    this.running?.abort();
  }

  /** Subclasses' view state from predictions and slices (an `error` there is shown beside it); throw for a clear error in the view. */
  protected abstract present(predictions: DatasetPredictions, slices: NamedSlice[]): Partial<S>;

  /** Re-presents the last predictions (after a view-only option changed). */
  protected represent(): void {
    if (!this.predictions) return;
    try {
      this.set({ error: null, ...this.present(this.predictions, this.slices), ...this.selectionState() } as Partial<S>);
    } catch (e) {
      this.set({ error: (e as Error).message ?? String(e) } as Partial<S>);
    }
  }

  /** Starts a new evaluation (call once at the end of a subclass constructor). */
  protected refresh(): Promise<void> {
    const generation = ++this.generation;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.latest = this.evaluate(generation, controller);
    return this.latest;
  }

  private async evaluate(generation: number, controller: AbortController): Promise<void> {
    const stale = () => generation !== this.generation;
    const modelName = this.state.model;
    const datasetName = this.state.dataset;
    try {
      const model = this.metricsSession.model(modelName);
      const dataset = this.metricsSession.dataset(datasetName);
      let lastProgress = 0;
      const label = `Predicting ${dataset.size} examples of '${datasetName}' with '${modelName}'`;
      this.set({ status: 'running', progress: { done: 0, total: dataset.size, label }, facetFields: facetableFields(dataset) } as Partial<S>);
      const predictions = await cachedPredictions(model, dataset, {
        output: this.options.output,
        labelField: this.options.labelField,
        batchSize: this.options.batchSize,
        signal: controller.signal,
        onProgress: (done, total) => {
          // At most one update per PROGRESS_INTERVAL_MS: thousands of batches must not flood
          // iopub (the Jupyter server drops output above 1000 messages/s).
          const now = Date.now();
          if (stale() || (now - lastProgress < PROGRESS_INTERVAL_MS && done < total)) return;
          lastProgress = now;
          this.set({ progress: { done, total, label } } as Partial<S>);
        },
      });
      if (stale()) return;
      const slices = slicesFor(dataset, { field: this.state.facet, bins: this.state.bins });
      this.predictions = predictions;
      this.slices = slices;
      this.set({ error: null, ...this.present(predictions, slices), ...this.selectionState(), classes: predictions.classes, progress: null, status: 'done' } as Partial<S>);
    } catch (e) {
      if (stale()) return;
      if (isAbort(e)) this.set({ progress: null, status: 'cancelled' } as Partial<S>);
      else this.set({ progress: null, status: 'failed', error: (e as Error).message ?? String(e) } as Partial<S>);
    } finally {
      if (this.running === controller) this.running = null;
    }
  }
}

/** NaN and infinities as null, so the value travels in JSON state. */
export function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}
