/**
 * The scalar plot widget: a model's score (a class probability or a regression score) for
 * every example of a session's dataset against a numeric feature, coloured by a category
 * field (the label by default); clicking a point selects that example in the session.
 *
 * Notes:
 * - The whole dataset is predicted once per model in a progress job (bar with Cancel in the
 *   view); changing the feature, score or colour only redraws.
 * - Rows missing the feature or a model input are left out and counted in `notes`.
 * - Selected examples are drawn again as larger open rings on top, in every scalar plot of
 *   the session.
 */
import type { FieldValue } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import type { Dataset } from '../../model/dataset';
import { categoryFields, fieldValues, numericFields, readScore, scoreTargets, usableRows, type FeatureScoreChoices } from './dataset-fields';
import { JobPlotWidget } from './job-plot-widget';
import type { PlotFigureSpec, PlotWidgetState } from './plot-widget';
import { errorText } from '../prediction/predictions';
import type { ProgressFields } from '../progress';
import { groupedScatter, scatterLayout, type ScatterPoint } from './scatter-groups';
import type { Session } from '../session';

export interface ScalarPlotState extends PlotWidgetState, ProgressFields, FeatureScoreChoices {
  colorFields: string[];
  /** Category field the points are coloured by ('' for none). */
  colorBy: string;
  notes: string[];
}

export interface ScalarPlotOptions {
  model?: string;
  dataset?: string;
  feature?: string;
  target?: string;
  colorBy?: string;
}

/** Predictions of the usable rows of a dataset by one model. */
interface Scored {
  model: string;
  indices: number[];
  ids: string[];
  predictions: Record<string, FieldValue>[];
  skipped: string[];
}

export class ScalarPlotWidget extends JobPlotWidget<ScalarPlotState> {
  private scored: Scored | null = null;

  constructor(workspace: Session, options: ScalarPlotOptions = {}) {
    const datasetName = options.dataset ?? [...workspace.datasets.keys()][0];
    const dataset = workspace.dataset(datasetName);
    const modelName = options.model ?? [...workspace.models.keys()][0];
    const model = workspace.model(modelName);
    const features = numericFields(dataset);
    if (features.length === 0) throw new Error(`scalarPlot: dataset '${dataset.name}' has no numeric field to plot against`);
    const feature = options.feature ?? features[0];
    if (!features.includes(feature)) throw new Error(`scalarPlot: '${feature}' is not a numeric field of dataset '${dataset.name}' (numeric fields: ${features.join(', ')})`);
    const targets = scoreTargets(model).map((t) => t.label);
    const target = options.target === undefined ? targets[0] : targets.find((t) => t === options.target || t === `P(${options.target})`);
    if (target === undefined) throw new Error(`scalarPlot: target '${options.target}' is not one of ${targets.join(', ')}`);
    const colorFields = categoryFields(dataset);
    const colorBy = options.colorBy ?? defaultColour(model, colorFields);
    if (colorBy !== '' && !colorFields.includes(colorBy)) throw new Error(`scalarPlot: cannot colour by '${colorBy}' (category fields: ${colorFields.join(', ') || 'none'})`);
    super({ modelName: 'ScalarPlotModel', viewName: 'ScalarPlotView' }, {
      figure: null, filename: 'scalar-plot', error: null, progress: null, jobStatus: 'idle',
      models: [...workspace.models.keys()], model: modelName, dataset: datasetName, features, feature, targets, target, colorFields, colorBy, notes: [],
    }, workspace);
    this.onChange('model', () => this.recompute());
    for (const key of ['feature', 'target', 'colorBy'] as const) this.onChange(key, () => this.redraw());
    this.recompute();
  }

  /** Example ids and scores of the points drawn (for code and tests). */
  points(): { ids: string[]; x: number[]; y: number[] } {
    const figure = this.state.figure;
    const out = { ids: [] as string[], x: [] as number[], y: [] as number[] };
    for (const t of figure?.data ?? []) {
      if (t.name === 'selected') continue;
      out.ids.push(...(t.customdata as string[]));
      out.x.push(...(t.x as number[]));
      out.y.push(...(t.y as number[]));
    }
    return out;
  }

  /** Predicts the whole dataset (the scores do not depend on the feature or colour shown). */
  protected async compute(): Promise<void> {
    let model: ModelAdapter;
    let dataset: Dataset;
    try {
      model = this.workspace.model(this.state.model);
      dataset = this.workspace.dataset(this.state.dataset);
      const targets = scoreTargets(model).map((t) => t.label);
      this.set({ targets, error: null, ...(targets.includes(this.state.target) ? {} : { target: targets[0] }) });
    } catch (e) {
      this.set({ error: errorText(e) });
      return;
    }
    const { indices, examples, ids, skipped } = usableRows(model, dataset, Array.from({ length: dataset.size }, (_, i) => i));
    const name = this.state.model;
    const outcome = await this.jobs.run(`Predicting ${examples.length} examples with ${name}`, ({ signal, report }) => model.predict(examples, { signal, onProgress: report }));
    if (outcome.status === 'done') {
      this.scored = { model: name, indices, ids, predictions: outcome.value, skipped };
      this.redraw();
    } else if (outcome.status === 'error') {
      this.set({ error: errorText(outcome.error) });
    }
  }

  protected redraw(): void {
    const scored = this.scored;
    if (!scored) return;
    try {
      const dataset = this.workspace.dataset(this.state.dataset);
      const target = scoreTargets(this.workspace.model(scored.model)).find((t) => t.label === this.state.target);
      if (!target) throw new Error(`scalarPlot: target '${this.state.target}' is not an output of model '${scored.model}'`);
      const xs = fieldValues(dataset, this.state.feature, scored.indices);
      const colours = this.state.colorBy ? fieldValues(dataset, this.state.colorBy, scored.indices) : scored.indices.map(() => null);
      const missing: string[] = [];
      const points: ScatterPoint[] = [];
      scored.indices.forEach((_, k) => {
        const x = xs[k];
        const id = scored.ids[k];
        if (typeof x !== 'number' || !Number.isFinite(x)) missing.push(id);
        else points.push({ id, x, y: readScore(scored.predictions[k], target, id), colour: colours[k] });
      });
      const notes = [...scored.skipped.length ? [`${scored.skipped.length} row(s) with missing model inputs left out`] : [], ...missing.length ? [`${missing.length} row(s) without ${this.state.feature} left out`] : []];
      const figure: PlotFigureSpec = {
        data: groupedScatter(points, this.state.colorBy, new Set(this.workspace.selection), 'example %{customdata}<br>x: %{x}<br>score: %{y:.4f}<extra>%{fullData.name}</extra>'),
        layout: scatterLayout(`${target.label} against ${this.state.feature}`, this.state.feature, target.label, this.state.colorBy),
      };
      this.set({ figure, notes, error: null });
    } catch (e) {
      this.set({ error: errorText(e) });
    }
  }
}

/** The label field of the main output (its `parent`) when it is a category field, else the first one, else none. */
function defaultColour(model: ModelAdapter, colorFields: readonly string[]): string {
  for (const spec of Object.values(model.outputSpec())) {
    const parent = (spec as { parent?: string }).parent;
    if (parent && colorFields.includes(parent)) return parent;
  }
  return colorFields[0] ?? '';
}

/** A scalar plot of `session`'s first (or named) model over its dataset. */
export function scalarPlot(session: Session, options: ScalarPlotOptions = {}): ScalarPlotWidget {
  return new ScalarPlotWidget(session, options);
}
