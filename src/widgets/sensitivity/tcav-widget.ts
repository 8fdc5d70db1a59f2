/**
 * The TCAV widget: concept attribution at a layer of one model. Concepts are the values of a
 * categorical field (each value's rows one concept), the session's selection ("selected",
 * when at least two examples are selected), or example ids listed from code; scores per
 * concept and class with the significance test against random concepts.
 *
 * Notes: scored examples and the pool random sets come from are an even sample of at most
 * `maxRows` dataset rows; each concept takes at most `conceptSize` of its examples (evenly).
 * Any change of model, layer, concept field, runs, seed or sizes recomputes in a progress job
 * with Cancel; the selection recomputes only when `useSelection` is on.
 */
import type { Example } from '../../core/spec';
import { isParameterized } from '../../explain/sensitivity';
import { tcav, type TcavResult } from '../../explain/tcav';
import type { ModelAdapter } from '../../model/adapter';
import { categoryFields, evenSample, fieldValues, usableRows } from '../plots/dataset-fields';
import { JobPlotWidget } from '../plots/job-plot-widget';
import type { PlotWidgetState } from '../plots/plot-widget';
import { errorText } from '../prediction/predictions';
import type { ProgressFields } from '../progress';
import type { Session } from '../session';
import { tcavFigure } from './tcav-figure';

export interface TcavState extends PlotWidgetState, ProgressFields {
  models: string[];
  model: string;
  dataset: string;
  layers: string[];
  layer: string;
  /** '' (no field concepts), then categorical fields. */
  conceptFields: string[];
  conceptField: string;
  /** Whether the session's selection is a concept ("selected"). */
  useSelection: boolean;
  runs: number;
  conceptSize: number;
  maxRows: number;
  seed: number;
  alpha: number;
  /** The concepts of the last result and their sizes, e.g. "Biscoe (50)". */
  concepts: string[];
  rows: number;
  notes: string[];
}

export interface TcavWidgetOptions {
  model?: string;
  dataset?: string;
  layer?: string;
  /** Each value of this categorical field is a concept. */
  conceptField?: string;
  /** Concepts listed by example id (dataset rows or session edits). */
  concepts?: Record<string, readonly string[]>;
  useSelection?: boolean;
  runs?: number;
  conceptSize?: number;
  maxRows?: number;
  seed?: number;
  alpha?: number;
}

/** Layers worth probing: every layer but the inputs, in model order. */
function probeLayers(model: ModelAdapter): string[] {
  if (!isParameterized(model)) return [];
  return model.model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
}

/** The last layer with weights before the last one (a bottleneck), else the first probe layer. */
function defaultLayer(model: ModelAdapter): string {
  if (!isParameterized(model)) return '';
  const weighted = model.model.layers.filter((l) => l.weights.length > 0);
  return weighted.length >= 2 ? weighted[weighted.length - 2].name : probeLayers(model)[0] ?? '';
}

export class TcavWidget extends JobPlotWidget<TcavState> {
  private computed: TcavResult | null = null;
  private readonly listed: Record<string, readonly string[]>;

  constructor(workspace: Session, options: TcavWidgetOptions = {}) {
    const datasetName = options.dataset ?? [...workspace.datasets.keys()][0];
    const dataset = workspace.dataset(datasetName);
    const modelName = options.model ?? [...workspace.models.keys()][0];
    const model = workspace.model(modelName);
    if (!isParameterized(model)) throw new Error(`tcav: model '${modelName}' has no tfjs LayersModel behind it (loadModel(dir) gives one); TCAV needs its layers`);
    const layers = probeLayers(model);
    const layer = options.layer ?? defaultLayer(model);
    if (!layers.includes(layer)) throw new Error(`tcav: model '${modelName}' has no layer '${layer}' (layers: ${layers.join(', ')})`);
    const conceptFields = ['', ...categoryFields(dataset)];
    const conceptField = options.conceptField ?? '';
    if (!conceptFields.includes(conceptField)) throw new Error(`tcav: '${conceptField}' is not a categorical field of dataset '${datasetName}' (fields: ${conceptFields.slice(1).join(', ')})`);
    for (const [name, ids] of Object.entries(options.concepts ?? {})) {
      const unknown = ids.filter((id) => !workspace.hasExample(id));
      if (unknown.length > 0) throw new Error(`tcav: concept '${name}' lists unknown example ids: ${unknown.slice(0, 5).join(', ')}`);
    }
    super({ modelName: 'TcavModel', viewName: 'TcavView' }, {
      figure: null, filename: 'tcav', error: null, progress: null, jobStatus: 'idle',
      models: [...workspace.models.keys()], model: modelName, dataset: datasetName, layers, layer, conceptFields, conceptField,
      useSelection: options.useSelection ?? (conceptField === '' && options.concepts === undefined),
      runs: options.runs ?? 10, conceptSize: options.conceptSize ?? 50, maxRows: options.maxRows ?? 300, seed: options.seed ?? 0, alpha: options.alpha ?? 0.05,
      concepts: [], rows: 0, notes: [],
    }, workspace);
    this.listed = { ...(options.concepts ?? {}) };
    for (const key of ['model', 'layer', 'conceptField', 'useSelection', 'runs', 'conceptSize', 'maxRows', 'seed', 'alpha'] as const) this.onChange(key, () => this.recompute());
    this.recompute();
  }

  get result(): TcavResult | null {
    return this.computed;
  }

  protected override redraw(): void {
    if (this.state.useSelection) this.recompute();
    else this.draw();
  }

  /** Concepts by name → examples, from the field's values, the selection and the listed ids. */
  private conceptsFor(model: ModelAdapter, sampleRows: readonly number[]): Record<string, Example[]> {
    const dataset = this.workspace.dataset(this.state.dataset);
    const size = this.state.conceptSize;
    const concepts: Record<string, Example[]> = {};
    const take = (ids: readonly string[]): Example[] => evenSample(ids.length, Math.min(size, Math.max(1, ids.length))).map((i) => this.workspace.example(ids[i]));
    if (this.state.conceptField !== '') {
      const values = fieldValues(dataset, this.state.conceptField, sampleRows);
      const byValue = new Map<string, string[]>();
      sampleRows.forEach((row, i) => {
        const v = values[i];
        if (v === null || v === undefined) return;
        const key = `${this.state.conceptField}=${String(v)}`;
        byValue.set(key, [...(byValue.get(key) ?? []), dataset.id(row)]);
      });
      for (const [name, ids] of [...byValue].sort(([a], [b]) => a.localeCompare(b))) concepts[name] = take(ids);
    }
    if (this.state.useSelection && this.workspace.selection.length >= 2) concepts.selected = take(this.workspace.selection);
    for (const [name, ids] of Object.entries(this.listed)) concepts[name] = take(ids);
    const inputs = Object.keys(model.inputSpec());
    for (const [name, examples] of Object.entries(concepts)) {
      const usable = examples.filter((e) => inputs.every((f) => e[f] !== null && e[f] !== undefined));
      if (usable.length < 2) delete concepts[name];
      else concepts[name] = usable;
    }
    return concepts;
  }

  protected async compute(): Promise<void> {
    let model: ModelAdapter;
    let examples: Example[];
    let concepts: Record<string, Example[]>;
    try {
      model = this.workspace.model(this.state.model);
      if (!isParameterized(model)) throw new Error(`model '${this.state.model}' has no tfjs LayersModel behind it; TCAV needs its layers`);
      const layers = probeLayers(model);
      this.set({ layers, error: null, ...(layers.includes(this.state.layer) ? {} : { layer: defaultLayer(model) }) });
      const dataset = this.workspace.dataset(this.state.dataset);
      const rows = usableRows(model, dataset, evenSample(dataset.size, this.state.maxRows));
      examples = rows.examples;
      concepts = this.conceptsFor(model, rows.indices);
      if (Object.keys(concepts).length === 0) {
        this.computed = null;
        this.set({ figure: null, concepts: [], notes: [], error: 'no concept to test: choose a concept field, select at least two examples (with "selection as a concept" on), or list concepts from code (tcav(session, { concepts: { name: [ids] } }))' });
        return;
      }
    } catch (e) {
      this.set({ error: errorText(e) });
      return;
    }
    const { layer, runs, seed, alpha } = this.state;
    const outcome = await this.jobs.run(`TCAV at ${layer}`, ({ signal, report }) =>
      tcav(model, { layer, concepts, examples, pool: examples, runs, seed, alpha, signal, onProgress: report }));
    if (outcome.status === 'done') {
      this.computed = outcome.value;
      this.set({ rows: examples.length, concepts: outcome.value.concepts.map((c) => `${c.concept} (${c.size})`), notes: [] });
      this.draw();
    } else if (outcome.status === 'error') {
      this.set({ error: errorText(outcome.error) });
    }
  }

  private draw(): void {
    if (!this.computed) return;
    try {
      this.set({ figure: tcavFigure(this.computed), error: null });
    } catch (e) {
      this.set({ error: errorText(e) });
    }
  }
}

/** A TCAV view over `session`'s first (or named) model and dataset. */
export function tcavView(session: Session, options: TcavWidgetOptions = {}): TcavWidget {
  return new TcavWidget(session, options);
}
