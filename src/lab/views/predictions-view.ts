/**
 * The predictions view: for each model of the session, its class probabilities as bars (the
 * prediction widget's bars element) or its regression score, for the current example.
 *
 * Notes: `data-predicted-for` on the root is set last (tests wait on it).
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { formatScore } from '../elements/colour-legend';
import { renderErrorBox } from '../elements/error-box';
import { renderProbabilityBars } from '../elements/probability-bars';
import { ensureSalienceStyles } from '../elements/salience-styles';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

interface ShownPrediction {
  model: string;
  kind: 'multiclass' | 'regression';
  classes: string[];
  probabilities: number[];
  predicted: string;
  score: number;
  error: string | null;
}

export class PredictionsModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'PredictionsModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'PredictionsView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      results: [],
    };
  }
}

export class PredictionsView extends SafeDOMWidgetView {
  private body!: HTMLElement;
  private errorHost!: HTMLElement;

  protected renderView(): void {
    ensureSalienceStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-view', 'tslit-predictions');
    this.body = document.createElement('div');
    this.errorHost = document.createElement('div');
    this.el.replaceChildren(this.body, this.errorHost);
  }

  protected updateView(): void {
    const m = this.model;
    const busy = Boolean(m.get('busy'));
    this.el.classList.toggle('tslit-busy', busy);
    this.el.dataset.busy = String(busy);
    const error = m.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Prediction failed', error);
    else this.errorHost.replaceChildren();
    const results = (m.get('results') as ShownPrediction[] | undefined) ?? [];
    if (m.get('exampleId') === '') {
      const hint = document.createElement('div');
      hint.className = 'tslit-sal-summary';
      hint.textContent = 'Select an example to see its predictions.';
      this.body.replaceChildren(hint);
    } else {
      this.body.replaceChildren(...results.map((r) => this.renderOne(r)));
    }
    this.el.dataset.predictedFor = String(m.get('predictedFor') ?? '');
  }

  private renderOne(r: ShownPrediction): HTMLElement {
    const box = document.createElement('div');
    box.className = 'tslit-pred';
    box.dataset.model = r.model;
    const head = document.createElement('div');
    head.className = 'tslit-pred-model';
    head.textContent = r.model;
    box.append(head);
    if (r.error) {
      const err = document.createElement('div');
      renderErrorBox(err, `${r.model} failed`, r.error);
      box.append(err);
    } else if (r.kind === 'regression') {
      const score = document.createElement('div');
      score.className = 'tslit-pred-score';
      score.textContent = `score ${formatScore(r.score)}`;
      box.append(score);
    } else {
      const bars = document.createElement('div');
      bars.className = 'tslit-bars';
      renderProbabilityBars(bars, { classes: r.classes, probabilities: r.probabilities, predicted: r.predicted });
      box.append(bars);
    }
    return box;
  }
}
