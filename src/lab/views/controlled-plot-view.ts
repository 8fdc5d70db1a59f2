/**
 * What the partial dependence, scalar plot and embeddings views share in the browser: a row
 * of controls bound to widget state, the progress bar with Cancel, the error box, notes,
 * and the shared plot element (export, downloads, click-to-select).
 *
 * Notes: the figure is redrawn only when the kernel sends a new one (progress updates
 * arrive many times a second and must not re-render thousands of points). `data-status` on
 * the view mirrors `jobStatus`, `data-figure` counts figures drawn; tests wait on both.
 */
import { renderErrorBox } from '../elements/error-box';
import type { PlotFigure } from '../elements/plot';
import type { BoundModel, Control } from '../elements/plot-controls';
import { ensurePlotStyles } from '../elements/plot-styles';
import { ProgressBar, type ProgressInfo } from '../elements/progress-bar';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { PlotViewBase } from './plot-view';

/** Model defaults shared by the three widget models. */
export function controlledDefaults(model: string, view: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    _model_name: model, _model_module: MODULE_NAME, _model_module_version: MODULE_VERSION,
    _view_name: view, _view_module: MODULE_NAME, _view_module_version: MODULE_VERSION,
    figure: null, filename: 'plot', error: null, progress: null, jobStatus: 'idle', notes: [],
    ...extra,
  };
}

/** [value, label] pairs of the string list in `key`. */
export function listOptions(m: BoundModel, key: string): () => [string, string][] {
  return () => ((m.get(key) as string[] | undefined) ?? []).map((n): [string, string] => [n, n]);
}

/** A checkbox bound to boolean `key`. */
export function checkboxControl(m: BoundModel, key: string, text: string): Control {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.addEventListener('change', () => {
    m.set(key, box.checked);
    m.save_changes();
  });
  const label = document.createElement('label');
  label.className = `tslit-control-${key}`;
  const span = document.createElement('span');
  span.textContent = text;
  label.append(box, span);
  return { el: label, update: () => { box.checked = Boolean(m.get(key)); } };
}

export abstract class ControlledPlotView extends PlotViewBase {
  private controls: Control[] = [];
  private progressBar!: ProgressBar;
  private errorHost!: HTMLElement;
  private notesHost!: HTMLElement;
  private drawn: unknown = null;
  private figures = 0;

  protected abstract readonly viewClass: string;
  protected abstract readonly errorTitle: string;
  protected abstract buildControls(m: BoundModel): Control[];

  protected get bound(): BoundModel {
    return this.model as unknown as BoundModel;
  }

  protected renderView(): void {
    ensurePlotStyles(this.el.ownerDocument);
    this.el.classList.add('tslit-view', 'tslit-wide', this.viewClass);
    this.controls = this.buildControls(this.bound);
    const bar = document.createElement('div');
    bar.className = 'tslit-controls';
    bar.append(...this.controls.map((c) => c.el));
    this.progressBar = new ProgressBar(() => this.send({ method: 'cancel' }));
    this.errorHost = document.createElement('div');
    this.notesHost = document.createElement('div');
    this.notesHost.className = 'tslit-note tslit-notes';
    this.el.replaceChildren(bar, this.progressBar.el, this.errorHost, this.createPlot(420).el, this.notesHost);
  }

  protected updateView(): void {
    const m = this.bound;
    for (const c of this.controls) c.update();
    this.progressBar.update(m.get('progress') as ProgressInfo | null, String(m.get('jobStatus') ?? 'idle'));
    const error = m.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, this.errorTitle, error);
    else this.errorHost.replaceChildren();
    this.notesHost.textContent = ((m.get('notes') as string[] | undefined) ?? []).join(' · ');
    const figure = m.get('figure') as PlotFigure | null;
    // No "Loading plot…" box for a figure that is not coming (a job still running or cancelled).
    if (this.plot) this.plot.el.hidden = !figure;
    if (figure && figure !== this.drawn) {
      this.drawn = figure;
      this.el.dataset.figure = String(++this.figures);
      void this.plot?.render(figure);
    }
    this.el.dataset.status = String(m.get('jobStatus') ?? 'idle');
  }
}
