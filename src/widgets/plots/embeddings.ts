/**
 * The embeddings projector: examples of a session's dataset placed in 2-D by PCA or UMAP,
 * from a model's `Embeddings` output or from the dataset's numeric features (standardised),
 * coloured by a category field; clicking a point selects that example in the session.
 *
 * Notes:
 * - Source, method, row limit and seed changes recompute in a progress job (predicting the
 *   rows for a model source, then the UMAP epochs), cancellable from the view; colour
 *   changes and the session's selection only redraw.
 * - Rows missing a feature (or a model input) are left out and counted in `notes`.
 * - PCA reports the explained variance ratio of the two axes; UMAP is seeded (`seed`), so
 *   the same settings give the same picture.
 */
import type { FieldValue } from '../../core/spec';
import type { Dataset } from '../../model/dataset';
import { pca, standardize, umap } from '../../explain/projection';
import { categoryFields, evenSample, fieldValues, numericFields, usableRows } from './dataset-fields';
import { JobPlotWidget } from './job-plot-widget';
import type { PlotFigureSpec, PlotWidgetState } from './plot-widget';
import { errorText } from '../prediction/predictions';
import type { JobContext, ProgressFields } from '../progress';
import { groupedScatter, scatterLayout } from './scatter-groups';
import type { Session } from '../session';

export type ProjectionMethod = 'pca' | 'umap';
export const FEATURES_SOURCE = 'features';

export interface EmbeddingsState extends PlotWidgetState, ProgressFields {
  dataset: string;
  /** 'features', or `<model>:<output>` for each Embeddings output of each model. */
  sources: string[];
  source: string;
  method: ProjectionMethod;
  colorFields: string[];
  colorBy: string;
  maxRows: number;
  seed: number;
  /** PCA: variance ratio of the two axes; empty for UMAP. */
  explainedVarianceRatio: number[];
  notes: string[];
}

export interface EmbeddingsOptions {
  dataset?: string;
  source?: string;
  method?: ProjectionMethod;
  colorBy?: string;
  maxRows?: number;
  seed?: number;
  /** UMAP optimisation epochs (default 200). */
  epochs?: number;
  /** Numeric fields used by the 'features' source (default all numeric fields). */
  fields?: string[];
}

interface Layout {
  ids: string[];
  indices: number[];
  coords: Float64Array;
}

export class EmbeddingsWidget extends JobPlotWidget<EmbeddingsState> {
  private layoutResult: Layout | null = null;

  constructor(workspace: Session, private readonly options: EmbeddingsOptions = {}) {
    const datasetName = options.dataset ?? [...workspace.datasets.keys()][0];
    const dataset = workspace.dataset(datasetName);
    const sources = embeddingSources(workspace, dataset);
    const source = options.source ?? (sources.find((s) => s !== FEATURES_SOURCE) ?? FEATURES_SOURCE);
    if (!sources.includes(source)) throw new Error(`embeddings: source '${source}' is not one of ${sources.join(', ')}`);
    const method = options.method ?? 'pca';
    if (method !== 'pca' && method !== 'umap') throw new Error(`embeddings: method must be 'pca' or 'umap', got '${String(method)}'`);
    const colorFields = categoryFields(dataset);
    const colorBy = options.colorBy ?? colorFields[0] ?? '';
    if (colorBy !== '' && !colorFields.includes(colorBy)) throw new Error(`embeddings: cannot colour by '${colorBy}' (category fields: ${colorFields.join(', ') || 'none'})`);
    for (const f of options.fields ?? []) if (!numericFields(dataset).includes(f)) throw new Error(`embeddings: '${f}' is not a numeric field of dataset '${dataset.name}'`);
    super({ modelName: 'EmbeddingsModel', viewName: 'EmbeddingsView' }, {
      figure: null, filename: 'embeddings', error: null, progress: null, jobStatus: 'idle',
      dataset: datasetName, sources, source, method, colorFields, colorBy, maxRows: options.maxRows ?? 1000, seed: options.seed ?? 42,
      explainedVarianceRatio: [], notes: [],
    }, workspace);
    for (const key of ['source', 'method', 'maxRows', 'seed'] as const) this.onChange(key, () => this.recompute());
    this.onChange('colorBy', () => this.redraw());
    this.recompute();
  }

  /** The current 2-D layout: example ids and row-major [x, y] coordinates. */
  get layout(): { ids: readonly string[]; coords: Float64Array } | null {
    return this.layoutResult && { ids: this.layoutResult.ids, coords: this.layoutResult.coords };
  }

  protected async compute(): Promise<void> {
    const { source, method, maxRows, seed } = this.state;
    let dataset: Dataset;
    try {
      dataset = this.workspace.dataset(this.state.dataset);
      this.set({ sources: embeddingSources(this.workspace, dataset), error: null });
    } catch (e) {
      this.set({ error: errorText(e) });
      return;
    }
    const outcome = await this.jobs.run(method === 'umap' ? 'UMAP' : 'PCA', async (ctx) => {
      const vectors = await this.vectors(dataset, source, evenSample(dataset.size, maxRows), ctx);
      const { matrix, n, d } = vectors;
      if (n < 3) throw new Error(`embeddings: only ${n} usable row(s); a projection needs at least 3`);
      if (method === 'pca') {
        const r = pca(matrix, n, d, Math.min(2, d));
        const coords = d >= 2 ? r.projected : Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? r.projected[i / 2] : 0));
        return { ...vectors, coords, ratio: Array.from(r.explainedVarianceRatio) };
      }
      const coords = await umap(matrix, n, d, { seed, epochs: this.options.epochs ?? 200, signal: ctx.signal, onProgress: (done, total) => ctx.report(done, total, 'UMAP epochs') });
      return { ...vectors, coords, ratio: [] as number[] };
    });
    if (outcome.status === 'done') {
      const v = outcome.value;
      this.layoutResult = { ids: v.ids, indices: v.indices, coords: v.coords };
      this.set({ explainedVarianceRatio: v.ratio, notes: v.notes });
      this.redraw();
    } else if (outcome.status === 'error') {
      this.set({ error: errorText(outcome.error) });
    }
  }

  /** The rows' vectors: standardised numeric features, or a model's Embeddings output. */
  private async vectors(dataset: Dataset, source: string, sample: number[], ctx: JobContext): Promise<{ matrix: Float64Array; n: number; d: number; ids: string[]; indices: number[]; notes: string[] }> {
    if (source === FEATURES_SOURCE) {
      const fields = this.options.fields ?? numericFields(dataset);
      if (fields.length === 0) throw new Error(`embeddings: dataset '${dataset.name}' has no numeric fields`);
      const columns = fields.map((f) => fieldValues(dataset, f, sample));
      const indices: number[] = [];
      const values: number[] = [];
      sample.forEach((i, k) => {
        if (columns.some((c) => typeof c[k] !== 'number' || !Number.isFinite(c[k] as number))) return;
        indices.push(i);
        for (const c of columns) values.push(c[k] as number);
      });
      const n = indices.length;
      const d = fields.length;
      return { matrix: standardize(values, n, d), n, d, indices, ids: indices.map((i) => dataset.id(i)), notes: leftOut(sample.length - n, `a missing value in ${fields.join(', ')}`) };
    }
    const [modelName, output] = splitSource(source);
    const model = this.workspace.model(modelName);
    const { indices, examples } = usableRows(model, dataset, sample);
    const preds = await model.predict(examples, { signal: ctx.signal, onProgress: (done, total) => ctx.report(done, total, `Predicting embeddings with ${modelName}`) });
    let d = -1;
    const rows: ArrayLike<number>[] = preds.map((p, k) => {
      const v = p[output] as FieldValue;
      if (!(v instanceof Float32Array || Array.isArray(v))) throw new Error(`embeddings: model '${modelName}' gave no vector in '${output}' for example ${dataset.id(indices[k])}`);
      if (d < 0) d = v.length;
      if (v.length !== d) throw new Error(`embeddings: '${output}' has ${v.length} values for example ${dataset.id(indices[k])}, ${d} for the first`);
      return v as ArrayLike<number>;
    });
    const matrix = new Float64Array(rows.length * Math.max(d, 0));
    rows.forEach((r, k) => { for (let j = 0; j < d; j++) matrix[k * d + j] = Number(r[j]); });
    return { matrix, n: rows.length, d, indices, ids: indices.map((i) => dataset.id(i)), notes: leftOut(sample.length - rows.length, 'a missing model input') };
  }

  protected redraw(): void {
    const layout = this.layoutResult;
    if (!layout) return;
    try {
      const dataset = this.workspace.dataset(this.state.dataset);
      const colours = this.state.colorBy ? fieldValues(dataset, this.state.colorBy, layout.indices) : layout.indices.map(() => null);
      const title = `${this.state.method === 'umap' ? 'UMAP' : 'PCA'} of ${this.state.source === FEATURES_SOURCE ? 'standardised numeric features' : this.state.source}`;
      const axes = this.state.method === 'pca' ? this.state.explainedVarianceRatio.map((r, i) => `PC${i + 1} (${(100 * r).toFixed(1)}% of variance)`) : ['UMAP 1', 'UMAP 2'];
      this.set({ figure: projectionFigure(layout, colours, this.state.colorBy, new Set(this.workspace.selection), title, axes), error: null });
    } catch (e) {
      this.set({ error: errorText(e) });
    }
  }
}

function leftOut(count: number, why: string): string[] {
  return count > 0 ? [`${count} row(s) with ${why} left out`] : [];
}

function splitSource(source: string): [string, string] {
  const at = source.lastIndexOf(':');
  if (at <= 0) throw new Error(`embeddings: source '${source}' is neither 'features' nor '<model>:<output>'`);
  return [source.slice(0, at), source.slice(at + 1)];
}

/** 'features' (when the dataset has numeric fields) and every model's Embeddings outputs. */
export function embeddingSources(session: Session, dataset: Dataset): string[] {
  const out: string[] = [];
  if (numericFields(dataset).length > 0) out.push(FEATURES_SOURCE);
  for (const [name, model] of session.models) {
    for (const [output, spec] of Object.entries(model.outputSpec())) if (spec.kind === 'Embeddings') out.push(`${name}:${output}`);
  }
  if (out.length === 0) throw new Error(`embeddings: dataset '${dataset.name}' has no numeric fields and no model has an Embeddings output`);
  return out;
}

/** The projector's figure: points coloured by `colours`, the selected ones ringed. */
export function projectionFigure(layout: Layout, colours: readonly FieldValue[], colorBy: string, selected: ReadonlySet<string>, title: string, axes: readonly string[]): PlotFigureSpec {
  const points = layout.ids.map((id, k) => ({ id, x: layout.coords[2 * k], y: layout.coords[2 * k + 1], colour: colours[k] }));
  return { data: groupedScatter(points, colorBy, selected, 'example %{customdata}<extra>%{fullData.name}</extra>'), layout: scatterLayout(title, axes[0] ?? '', axes[1] ?? '', colorBy) };
}

/** An embeddings projector over `session`'s dataset. */
export function embeddingsProjector(session: Session, options: EmbeddingsOptions = {}): EmbeddingsWidget {
  return new EmbeddingsWidget(session, options);
}
