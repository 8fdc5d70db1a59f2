/**
 * The browser side of plot widgets: `PlotViewBase` (for any view that shows one plot from
 * its widget) and `PlotView`, which draws the widget's `figure` state.
 *
 * Notes: the base serves the kernel's export requests (`exportPlot` from code), offers the
 * toolbar downloads, forwards clicks on points with example-id customdata as
 * `{method:'select', ids}`, and shows the `error` state in an error box.
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { renderErrorBox } from '../elements/error-box';
import { idsOfPoints, PlotElement, servePlotExports, type ClickedPoint, type PlotFigure } from '../elements/plot';
import { ensurePlotStyles } from '../elements/plot-styles';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

export abstract class PlotViewBase extends SafeDOMWidgetView {
  protected plot: PlotElement | null = null;
  private stopServing: (() => void) | null = null;

  /** A plot element wired to this view (export, downloads, clicks); create once in renderView. */
  protected createPlot(defaultHeight?: number): PlotElement {
    ensurePlotStyles(this.el.ownerDocument);
    const plot = new PlotElement({
      filename: () => String(this.model.get('filename') || 'plot'),
      onPointsClick: (points) => this.onPointsClick(points),
      defaultHeight,
    });
    this.plot = plot;
    this.stopServing ??= servePlotExports(this, () => this.plot);
    return plot;
  }

  /** Default: select the clicked points' example ids in the kernel. */
  protected onPointsClick(points: ClickedPoint[]): void {
    const ids = idsOfPoints(points);
    if (ids.length > 0) this.send({ method: 'select', ids });
  }

  override remove(): void {
    this.stopServing?.();
    this.plot?.dispose();
    super.remove();
  }
}

export class PlotModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'PlotModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'PlotView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      figure: null,
      filename: 'plot',
      error: null,
    };
  }
}

export class PlotView extends PlotViewBase {
  private errorHost!: HTMLElement;

  protected renderView(): void {
    this.el.classList.add('tslit-view', 'tslit-plot-view', 'tslit-wide');
    this.errorHost = document.createElement('div');
    this.el.replaceChildren(this.errorHost, this.createPlot().el);
  }

  protected updateView(): void {
    const error = this.model.get('error') as string | null;
    if (error) renderErrorBox(this.errorHost, 'Plot failed', error);
    else this.errorHost.replaceChildren();
    const figure = this.model.get('figure') as PlotFigure | null;
    if (figure) void this.plot?.render(figure);
  }
}
