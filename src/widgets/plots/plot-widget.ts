/**
 * A base for widgets whose view draws a plotly figure: `exportPlot(file)` and point-click
 * selection come with it. `plotWidget(figure)` shows any plotly figure (plain JSON).
 *
 * Notes: the view (`PlotView`, src/lab/views/plot-view.ts) draws `state.figure` with the
 * shared plot element. A click on points whose `customdata` are example ids sends
 * `{method:'select', ids}`; the widget passes them to `onSelectIds` — by default the
 * session's selection when a session is given.
 */
import { Widget, type WidgetSpec } from '../../kernel/widget';
import { parsePlotViewMessage } from '../../core/plot-messages';
import { exportPlot, type ExportPlotOptions } from './plot-export';
import type { Session } from '../session';
import { staticFigureHtml } from '../../core/static/figure';
import type { MimeBundle } from '../../kernel/context';

/** A plotly figure as plain JSON: traces and layout. */
export interface PlotFigureSpec {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
}

export interface PlotWidgetState {
  figure: PlotFigureSpec | null;
  /** Default file name of the toolbar's downloads (no extension). */
  filename: string;
  error: string | null;
}

export abstract class PlotWidgetBase<S extends PlotWidgetState> extends Widget<S> {
  protected constructor(spec: WidgetSpec, initial: S, protected readonly session?: Session) {
    super(spec, initial);
    this.onCustom((content) => {
      const message = parsePlotViewMessage(content);
      if (message?.method === 'select') this.onSelectIds(message.ids);
    });
  }

  /** Writes the view's picture to `file` (.png or .svg, relative to the notebook); resolves with the absolute path. */
  exportPlot(file: string, options: ExportPlotOptions = {}): Promise<string> {
    return exportPlot(this, file, options);
  }

  /** A plain SVG of the figure for readers without the live view (src/core/static/figure.ts). */
  protected override staticFallback(): MimeBundle {
    return this.state.figure ? { 'text/html': staticFigureHtml(this.state.figure) } : {};
  }

  /** Points with these ids were clicked in the view. */
  protected onSelectIds(ids: string[]): void {
    this.session?.select(ids, { source: this });
  }
}

export interface PlotWidgetOptions {
  filename?: string;
  /** Clicks on points with id customdata select those examples here. */
  session?: Session;
}

/** Shows a plotly figure given by code. */
export class PlotWidget extends PlotWidgetBase<PlotWidgetState> {
  constructor(figure: PlotFigureSpec, options: PlotWidgetOptions = {}) {
    checkFigure(figure);
    super({ modelName: 'PlotModel', viewName: 'PlotView' }, { figure, filename: options.filename ?? 'plot', error: null }, options.session);
  }

  get figure(): PlotFigureSpec | null {
    return this.state.figure;
  }

  set figure(figure: PlotFigureSpec | null) {
    if (figure) checkFigure(figure);
    this.set({ figure });
  }
}

/** Throws a clear error unless `figure` has a `data` array of trace objects. */
export function checkFigure(figure: PlotFigureSpec): void {
  if (figure === null || typeof figure !== 'object' || !Array.isArray(figure.data)) throw new Error('plot figure must be an object with a `data` array of traces');
  figure.data.forEach((trace, i) => {
    if (trace === null || typeof trace !== 'object' || Array.isArray(trace)) throw new Error(`plot figure data[${i}] must be a trace object`);
  });
  if (figure.layout !== undefined && (figure.layout === null || typeof figure.layout !== 'object')) throw new Error('plot figure layout must be an object');
}

/** A widget showing `figure`; display it or make it a cell's last value. */
export function plotWidget(figure: PlotFigureSpec, options: PlotWidgetOptions = {}): PlotWidget {
  return new PlotWidget(figure, options);
}
