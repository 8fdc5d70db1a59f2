/**
 * The parameter sensitivity widget: perturb each layer's weights of one model (Gaussian
 * noise, zeroed weights, ablated units), see the metric drop per layer on the session's
 * dataset, by slice, and the spread of the selected example's prediction.
 *
 * Notes:
 * - Any change of model, layer, perturbation, repeats, seed, rows, metric or facet (from the
 *   view or code) recomputes in a progress job with Cancel; so does the session's selection
 *   (the focus example) and a data change. The model's weights are always put back
 *   (`parameterSensitivity`), also after a Cancel or an error.
 * - Rows are an even sample of at most `maxRows` dataset rows with every input present; the
 *   focus example (the session's primary selection, edits included) is appended when it is
 *   not among them.
 */
import type { Example } from '../../core/spec';
import { isParameterized, parameterSensitivity, SENSITIVITY_METRICS, weightedLayers, type Perturbation, type SensitivityProfile } from '../../explain/sensitivity';
import type { ModelAdapter } from '../../model/adapter';
import { mainOutput } from '../../model/adapters/tensor-outputs';
import { evenSample, usableRows } from '../plots/dataset-fields';
import { JobPlotWidget } from '../plots/job-plot-widget';
import { facetableFields, slicesFor } from '../metrics/metrics-slices';
import type { PlotWidgetState } from '../plots/plot-widget';
import { errorText } from '../prediction/predictions';
import type { ProgressFields } from '../progress';
import type { Session } from '../session';
import { sensitivityFigure } from './sensitivity-figure';

export type PerturbationKind = Perturbation['kind'];
export const PERTURBATION_KINDS: readonly PerturbationKind[] = ['gaussian', 'zero', 'ablate-units'];
/** The layer choice meaning "each layer with weights, one at a time". */
export const ALL_LAYERS = '(every layer)';

export interface SensitivityState extends PlotWidgetState, ProgressFields {
  models: string[];
  model: string;
  dataset: string;
  /** ALL_LAYERS, then each layer with weights. */
  layers: string[];
  layer: string;
  perturbations: string[];
  perturbation: PerturbationKind;
  /** Gaussian: noise std relative to each weight tensor's std. */
  scale: number;
  /** Zero: share of weights set to 0. */
  fraction: number;
  /** Ablate units: unit indices, e.g. "0, 2, 5-7". */
  units: string;
  repeats: number;
  seed: number;
  maxRows: number;
  metrics: string[];
  metric: string;
  /** '' (no facet), then categorical and numeric fields. */
  facets: string[];
  facet: string;
  /** Id of the example whose prediction spread is shown ('' = none). */
  focusId: string;
  /** Rows the profile was computed over. */
  rows: number;
  notes: string[];
}

export interface SensitivityWidgetOptions {
  model?: string;
  dataset?: string;
  /** A layer name; default every layer with weights. */
  layer?: string;
  perturbation?: Perturbation;
  repeats?: number;
  seed?: number;
  maxRows?: number;
  metric?: string;
  facet?: string;
}

/** "0, 2, 5-7" → [0, 2, 5, 6, 7]; throws naming the bad part. */
export function parseUnits(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a || b - a > 100000) throw new RangeError(`units: '${part}' is not a range from low to high`);
      for (let u = a; u <= b; u++) out.push(u);
    } else if (/^\d+$/.test(part)) out.push(Number(part));
    else throw new RangeError(`units: '${part}' is not a unit index or a range like 4-7`);
  }
  if (out.length === 0) throw new RangeError('units: list the units to ablate, e.g. "0, 3-5"');
  return out;
}

function layerChoices(model: ModelAdapter): string[] {
  return isParameterized(model) ? [ALL_LAYERS, ...weightedLayers(model.model).map((l) => l.name)] : [ALL_LAYERS];
}

function metricChoices(model: ModelAdapter): string[] {
  const kind = mainOutput(model.outputSpec()).spec.kind;
  return Object.values(SENSITIVITY_METRICS)
    .filter((m) => !m.needsLabels || (kind === 'MulticlassPreds' ? m.name !== 'meanSquaredError' : m.name === 'meanSquaredError'))
    .map((m) => m.name);
}

export class SensitivityWidget extends JobPlotWidget<SensitivityState> {
  private computed: SensitivityProfile | null = null;

  constructor(workspace: Session, options: SensitivityWidgetOptions = {}) {
    const datasetName = options.dataset ?? [...workspace.datasets.keys()][0];
    workspace.dataset(datasetName);
    const modelName = options.model ?? [...workspace.models.keys()][0];
    const model = workspace.model(modelName);
    if (!isParameterized(model)) throw new Error(`sensitivity: model '${modelName}' has no tfjs LayersModel behind it (loadModel(dir) gives one); parameter sensitivity needs its weights`);
    const layers = layerChoices(model);
    const layer = options.layer ?? ALL_LAYERS;
    if (!layers.includes(layer)) throw new Error(`sensitivity: model '${modelName}' has no layer with weights named '${layer}' (layers: ${layers.slice(1).join(', ')})`);
    const metrics = metricChoices(model);
    const metric = options.metric ?? metrics[0];
    if (!metrics.includes(metric)) throw new Error(`sensitivity: metric '${metric}' is not one of ${metrics.join(', ')}`);
    const p = options.perturbation ?? { kind: 'gaussian', scale: 0.5 };
    const facets = ['', ...facetableFields(workspace.dataset(datasetName)).map((f) => f.field)];
    const facet = options.facet ?? '';
    if (!facets.includes(facet)) throw new Error(`sensitivity: dataset '${datasetName}' has no field '${facet}' to facet by`);
    super({ modelName: 'SensitivityModel', viewName: 'SensitivityView' }, {
      figure: null, filename: 'sensitivity', error: null, progress: null, jobStatus: 'idle',
      models: [...workspace.models.keys()], model: modelName, dataset: datasetName, layers, layer,
      perturbations: [...PERTURBATION_KINDS], perturbation: p.kind,
      scale: p.kind === 'gaussian' ? p.scale : 0.5, fraction: p.kind === 'zero' ? p.fraction : 0.1, units: p.kind === 'ablate-units' ? p.units.join(', ') : '0',
      repeats: options.repeats ?? 5, seed: options.seed ?? 0, maxRows: options.maxRows ?? 1000,
      metrics, metric, facets, facet, focusId: workspace.primary ?? '', rows: 0, notes: [],
    }, workspace);
    for (const key of ['model', 'layer', 'perturbation', 'scale', 'fraction', 'units', 'repeats', 'seed', 'maxRows', 'metric', 'facet'] as const) this.onChange(key, () => this.recompute());
    this.recompute();
  }

  /** The latest profile, or null before the first one. */
  get result(): SensitivityProfile | null {
    return this.computed;
  }

  /** The session's selection moved: the focus example changes, so the profile is computed again. */
  protected override redraw(): void {
    if ((this.workspace.primary ?? '') !== this.state.focusId) {
      this.recompute();
      return;
    }
    this.draw();
  }

  private perturbationOf(): Perturbation {
    const s = this.state;
    if (s.perturbation === 'gaussian') return { kind: 'gaussian', scale: s.scale };
    if (s.perturbation === 'zero') return { kind: 'zero', fraction: s.fraction };
    if (s.perturbation === 'ablate-units') return { kind: 'ablate-units', units: parseUnits(s.units) };
    throw new RangeError(`unknown perturbation '${String(s.perturbation)}'; choose ${PERTURBATION_KINDS.join(', ')}`);
  }

  protected async compute(): Promise<void> {
    let model: ModelAdapter;
    let examples: Example[];
    let slices: Record<string, Uint32Array>;
    let perturbation: Perturbation;
    const focusId = this.workspace.primary ?? '';
    let focus: number[] = [];
    let notes: string[] = [];
    try {
      model = this.workspace.model(this.state.model);
      if (!isParameterized(model)) throw new Error(`model '${this.state.model}' has no tfjs LayersModel behind it; parameter sensitivity needs its weights`);
      const dataset = this.workspace.dataset(this.state.dataset);
      const layers = layerChoices(model);
      const metrics = metricChoices(model);
      const patch: Partial<SensitivityState> = { layers, metrics, error: null, focusId };
      if (!layers.includes(this.state.layer)) patch.layer = ALL_LAYERS;
      if (!metrics.includes(this.state.metric)) patch.metric = metrics[0];
      this.set(patch);
      perturbation = this.perturbationOf();
      const rows = usableRows(model, dataset, evenSample(dataset.size, this.state.maxRows));
      examples = rows.examples;
      const position = new Map(rows.indices.map((row, i) => [row, i]));
      slices = {};
      for (const slice of slicesFor(dataset, { field: this.state.facet })) {
        const inSample = Array.from(slice.indices).flatMap((row) => (position.has(row) ? [position.get(row) as number] : []));
        if (inSample.length > 0) slices[slice.name] = Uint32Array.from(inSample);
      }
      if (focusId !== '' && this.workspace.hasExample(focusId)) {
        const at = rows.ids.indexOf(focusId);
        if (at >= 0) focus = [at];
        else {
          const example = this.workspace.example(focusId);
          const missing = Object.keys(model.inputSpec()).filter((f) => example[f] === null || example[f] === undefined);
          if (missing.length > 0) notes.push(`the selected example lacks ${missing.join(', ')}; no spread shown`);
          else {
            // Appended after the sample: it takes part in no slice, only in the spread.
            examples = [...examples, example];
            focus = [examples.length - 1];
          }
        }
      }
      if (rows.skipped.length > 0) notes = [...notes, `${rows.skipped.length} row(s) with missing inputs left out`];
    } catch (e) {
      this.set({ error: errorText(e) });
      return;
    }
    const { layer, repeats, seed, metric } = this.state;
    const outcome = await this.jobs.run(`Sensitivity of ${metric}`, ({ signal, report }) =>
      parameterSensitivity(model, examples, {
        perturbation, repeats, seed, metric, slices, focus, signal, onProgress: report,
        layers: layer === ALL_LAYERS ? undefined : [layer],
      }));
    if (outcome.status === 'done') {
      this.computed = outcome.value;
      this.set({ rows: Object.values(slices)[0]?.length ?? 0, notes });
      this.draw();
    } else if (outcome.status === 'error') {
      this.set({ error: errorText(outcome.error) });
    }
  }

  private draw(): void {
    if (!this.computed) return;
    try {
      const profile = this.computed;
      // The spread shows the class the unperturbed model predicts for the example.
      const ref = profile.focusReference[0];
      const outputIndex = ref ? ref.indexOf(Math.max(...ref)) : 0;
      const multiclass = mainOutput(this.workspace.model(this.state.model).outputSpec()).spec.kind === 'MulticlassPreds';
      const outputLabel = multiclass ? `P(${profile.outputNames[outputIndex]})` : profile.outputNames[outputIndex];
      this.set({ figure: sensitivityFigure(profile, { outputIndex, outputLabel, focusId: this.state.focusId || undefined }), error: null });
    } catch (e) {
      this.set({ error: errorText(e) });
    }
  }
}

/** A parameter sensitivity view over `session`'s first (or named) model and dataset. */
export function sensitivity(session: Session, options: SensitivityWidgetOptions = {}): SensitivityWidget {
  return new SensitivityWidget(session, options);
}
