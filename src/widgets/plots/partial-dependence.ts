/**
 * The partial dependence widget: PDP and ICE curves of one model over a session's dataset,
 * for a feature and a score (class probability or regression score) chosen in the view.
 *
 * Notes:
 * - Changing `model`, `feature`, `maxRows` or `gridResolution` (from the view or code)
 *   recomputes in a progress job (progress bar with Cancel in the view; the kernel stays
 *   responsive); changing `target`, `showIce` or the session's selection only redraws.
 * - Rows are an even sample of at most `maxRows` dataset rows; rows missing a value the model
 *   reads are left out and counted in `notes`.
 * - Clicking an ICE curve selects its example in the session; selected examples' curves
 *   are highlighted in every PDP view of the session.
 */
import type { ModelAdapter } from '../../model/adapter';
import type { Dataset } from '../../model/dataset';
import { partialDependence, type PartialDependenceResult } from '../../explain/partial-dependence';
import { evenSample, scoreTargets, sweepableFeatures, usableRows, type FeatureScoreChoices, type UsableRows } from './dataset-fields';
import { pdpFigure } from './partial-dependence-figure';
import { JobPlotWidget } from './job-plot-widget';
import type { PlotWidgetState } from './plot-widget';
import { errorText } from '../prediction/predictions';
import type { ProgressFields } from '../progress';
import type { Session } from '../session';

export interface PartialDependenceState extends PlotWidgetState, ProgressFields, FeatureScoreChoices {
  showIce: boolean;
  maxRows: number;
  gridResolution: number;
  /** Rows the curves are computed over. */
  rows: number;
  notes: string[];
}

export interface PartialDependenceOptions {
  model?: string;
  dataset?: string;
  feature?: string;
  /** A score label (`P(Adelie)`) or a class name. */
  target?: string;
  showIce?: boolean;
  maxRows?: number;
  gridResolution?: number;
}

export class PartialDependenceWidget extends JobPlotWidget<PartialDependenceState> {
  private computed: { result: PartialDependenceResult; ids: string[] } | null = null;

  constructor(workspace: Session, options: PartialDependenceOptions = {}) {
    const datasetName = options.dataset ?? [...workspace.datasets.keys()][0];
    const dataset = workspace.dataset(datasetName);
    const modelName = options.model ?? [...workspace.models.keys()][0];
    const model = workspace.model(modelName);
    const features = sweepableFeatures(model, dataset);
    if (features.length === 0) throw new Error(`partialDependence: model '${modelName}' reads no Scalar or CategoryLabel field of dataset '${dataset.name}'`);
    const feature = options.feature ?? features[0];
    if (!features.includes(feature)) throw new Error(`partialDependence: '${feature}' is not a feature of model '${modelName}' found in the dataset (features: ${features.join(', ')})`);
    const targets = scoreTargets(model).map((t) => t.label);
    const target = resolveTarget(targets, options.target);
    super({ modelName: 'PartialDependenceModel', viewName: 'PartialDependenceView' }, {
      figure: null, filename: 'partial-dependence', error: null, progress: null, jobStatus: 'idle',
      models: [...workspace.models.keys()], model: modelName, dataset: datasetName, features, feature, targets, target,
      showIce: options.showIce ?? true, maxRows: options.maxRows ?? 200, gridResolution: options.gridResolution ?? 20, rows: 0, notes: [],
    }, workspace);
    for (const key of ['model', 'feature', 'maxRows', 'gridResolution'] as const) this.onChange(key, () => this.recompute());
    for (const key of ['target', 'showIce'] as const) this.onChange(key, () => this.redraw());
    this.recompute();
  }

  /** The latest PDP/ICE result, or null before the first one. */
  get result(): PartialDependenceResult | null {
    return this.computed?.result ?? null;
  }

  /** Example ids of the ICE curves, in the order of `result`'s rows. */
  get iceIds(): readonly string[] {
    return this.computed?.ids ?? [];
  }

  protected async compute(): Promise<void> {
    let model: ModelAdapter;
    let dataset: Dataset;
    try {
      model = this.workspace.model(this.state.model);
      dataset = this.workspace.dataset(this.state.dataset);
      const features = sweepableFeatures(model, dataset);
      const targets = scoreTargets(model).map((t) => t.label);
      const patch: Partial<PartialDependenceState> = { features, targets, error: null };
      if (!features.includes(this.state.feature)) patch.feature = features[0];
      if (!targets.includes(this.state.target)) patch.target = targets[0];
      this.set(patch);
    } catch (e) {
      this.set({ error: errorText(e) });
      return;
    }
    const { feature, maxRows, gridResolution } = this.state;
    let rows: UsableRows;
    try {
      rows = usableRows(model, dataset, evenSample(dataset.size, maxRows));
    } catch (e) {
      this.set({ error: errorText(e) });
      return;
    }
    const { examples, ids, skipped } = rows;
    const notes = skipped.length > 0 ? [`${skipped.length} row(s) with missing inputs left out (ids ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''})`] : [];
    const outcome = await this.jobs.run(`Partial dependence on ${feature}`, ({ signal, report }) =>
      partialDependence(model, examples, { feature, resolution: gridResolution, signal, onProgress: report }));
    if (outcome.status === 'done') {
      this.computed = { result: outcome.value, ids };
      this.set({ rows: ids.length, notes });
      this.redraw();
    } else if (outcome.status === 'error') {
      this.set({ error: errorText(outcome.error) });
    }
  }

  protected redraw(): void {
    if (!this.computed) return;
    try {
      const { result, ids } = this.computed;
      const targets = scoreTargets(this.workspace.model(this.state.model));
      const index = targets.findIndex((t) => t.label === this.state.target);
      const target = targets[index >= 0 ? index : 0];
      const outputIndex = target.classIndex < 0 ? 0 : target.classIndex;
      this.set({ figure: pdpFigure(result, { outputIndex, yLabel: target.label, ids, showIce: this.state.showIce, selected: this.workspace.selection }), error: null });
    } catch (e) {
      this.set({ error: errorText(e) });
    }
  }
}

/** A score label from a label or a bare class name; throws listing the choices. */
function resolveTarget(targets: readonly string[], wanted?: string): string {
  if (wanted === undefined) return targets[0];
  if (targets.includes(wanted)) return wanted;
  if (targets.includes(`P(${wanted})`)) return `P(${wanted})`;
  throw new Error(`partialDependence: target '${wanted}' is not one of ${targets.join(', ')}`);
}

/** A PDP/ICE widget over `session`'s first (or named) model and dataset. */
export function partialDependencePlot(session: Session, options: PartialDependenceOptions = {}): PartialDependenceWidget {
  return new PartialDependenceWidget(session, options);
}
