/**
 * What the metrics views share in the browser: the model/dataset/facet controls, the
 * progress bar with Cancel, the error box, a body the subclass fills, and (when the widget
 * sends a figure) the shared plot element.
 *
 * Notes: `data-status` on the view mirrors the widget's status (running, done, cancelled,
 * failed); tests and benches wait on it. `data-selection-count` mirrors how many of the
 * session's selected ids are rows of the evaluated dataset (the views mark them).
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { renderErrorBox } from '../elements/error-box';
import type { PlotFigure } from '../elements/plot';
import { numberControl, selectControl, type BoundModel, type Control } from '../elements/plot-controls';
import { ensurePlotStyles } from '../elements/plot-styles';
import { ProgressBar, type ProgressInfo } from '../elements/progress-bar';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { PlotViewBase } from './plot-view';

/** Model defaults for a metrics widget model named `name` with view `view`. */
export function metricsDefaults(name: string, view: string): Record<string, unknown> {
  return {
    _model_name: name,
    _model_module: MODULE_NAME,
    _model_module_version: MODULE_VERSION,
    _view_name: view,
    _view_module: MODULE_NAME,
    _view_module_version: MODULE_VERSION,
    figure: null,
    filename: 'plot',
    error: null,
    models: [],
    datasets: [],
    model: '',
    dataset: '',
    facet: '',
    bins: 4,
    facetFields: [],
    classes: [],
    progress: null,
    status: 'running',
    selectionCount: 0,
    selectionOutside: 0,
  };
}

/** A DOMWidgetModel for a metrics widget. */
export function metricsModel(name: string, view: string): typeof DOMWidgetModel {
  return class extends DOMWidgetModel {
    override defaults(): ReturnType<DOMWidgetModel['defaults']> {
      return { ...super.defaults(), ...metricsDefaults(name, view) };
    }
  };
}

interface FacetField {
  field: string;
  kind: 'categorical' | 'numeric';
}

export abstract class MetricsViewBase extends PlotViewBase {
  protected body!: HTMLElement;
  private controls: Control[] = [];
  private binsControl!: Control;
  private progressBar!: ProgressBar;
  private errorHost!: HTMLElement;
  private plotHost!: HTMLElement;

  /** Extra class of the view's root, e.g. 'tslit-metrics-table'. */
  protected abstract readonly viewClass: string;
  /** Controls of the subclass, shown after the shared ones. */
  protected extraControls(): Control[] {
    return [];
  }
  /** Builds the body once. */
  protected abstract renderBody(body: HTMLElement): void;
  /** Brings the body up to date. */
  protected abstract updateBody(body: HTMLElement): void;

  protected get bound(): BoundModel {
    return this.model as unknown as BoundModel;
  }

  protected renderView(): void {
    ensurePlotStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-view', 'tslit-metrics', 'tslit-wide', this.viewClass);
    const m = this.bound;
    const names = (key: string) => () => ((m.get(key) as string[] | undefined) ?? []).map((n): [string, string] => [n, n]);
    const facetOptions = (): [string, string][] => [
      ['', '(none)'],
      ...((m.get('facetFields') as FacetField[] | undefined) ?? []).map((f): [string, string] => [f.field, f.kind === 'numeric' ? `${f.field} (bins)` : f.field]),
    ];
    this.binsControl = numberControl(m, 'bins', 'Bins', { min: 1, max: 50, step: 1 });
    this.controls = [
      selectControl(m, 'model', 'Model', names('models')),
      selectControl(m, 'dataset', 'Dataset', names('datasets')),
      selectControl(m, 'facet', 'Slice by', facetOptions),
      this.binsControl,
      ...this.extraControls(),
    ];
    const bar = document.createElement('div');
    bar.className = 'tslit-controls';
    bar.append(...this.controls.map((c) => c.el));
    this.progressBar = new ProgressBar(() => this.send({ method: 'cancel' }));
    this.errorHost = document.createElement('div');
    this.body = document.createElement('div');
    this.body.className = 'tslit-metrics-body';
    this.plotHost = document.createElement('div');
    this.el.replaceChildren(bar, this.progressBar.el, this.errorHost, this.body, this.plotHost);
    this.renderBody(this.body);
  }

  protected updateView(): void {
    const m = this.bound;
    for (const c of this.controls) c.update();
    const facet = String(m.get('facet') ?? '');
    const numeric = ((m.get('facetFields') as FacetField[] | undefined) ?? []).some((f) => f.field === facet && f.kind === 'numeric');
    this.binsControl.el.hidden = !numeric;
    // A failure shows in the error box below, so the bar's own status line only says "Cancelled".
    const status = String(m.get('status') ?? '');
    this.progressBar.update(m.get('progress') as ProgressInfo | null, status === 'failed' ? 'done' : status);
    const error = m.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Metrics failed', error);
    else this.errorHost.replaceChildren();
    this.updateBody(this.body);
    const figure = m.get('figure') as PlotFigure | null;
    if (figure) {
      if (!this.plot) this.plotHost.replaceChildren(this.createPlot().el);
      void this.plot!.render(figure);
    }
    this.el.dataset.selectionCount = String(m.get('selectionCount') ?? 0);
    // Set last: tests wait on it to know the view shows the widget's latest state.
    this.el.dataset.status = String(m.get('status') ?? '');
  }
}
