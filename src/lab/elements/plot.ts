/**
 * The shared plot element: draws a plotly figure sent by the kernel, in JupyterLab's theme,
 * with a toolbar of PNG/SVG download buttons, and renders images for export from code.
 *
 * Notes:
 * - Every figure goes through `escapeFigure` before plotly sees it (plotly interprets HTML
 *   in labels; see escape-plotly.ts).
 * - Theme colours are read at each render; a theme switch re-renders (plot-theme.ts).
 * - plotly loads lazily in its own chunk (plot-plotly.ts); until then the element shows
 *   "Loading plot…", and `data-rendered` is set on the host once a figure is drawn (tests
 *   and benches wait on it).
 * - Clicks call `onPointsClick` with the points' trace index, point index and `customdata`
 *   (unescaped); `idsOfPoints` turns string customdata into example ids.
 * - `servePlotExports` answers the kernel's `export` messages for a widget view.
 */
import type { PlotExportRequest, PlotImageFormat } from '../../core/plot-messages';
import { parsePlotExportRequest } from '../../core/plot-messages';
import { errorMessage, renderErrorBox } from './error-box';
import { downloadBlob } from './plot-controls';
import { escapeFigure, unescapePlotlyText } from './escape-plotly';
import { loadPlotly, type PlotFigure, type PlotlyApi, type PlotlyGraphDiv, type PlotlyPoint } from './plot-plotly';
import { readPlotTheme, themedLayout, watchTheme } from './plot-theme';

export type { PlotFigure } from './plot-plotly';

/** A clicked point, as views see it. */
export interface ClickedPoint {
  trace: number;
  /** Index of the point in its trace (for heatmaps: [row, column]). */
  index: number | number[];
  /** The point's customdata, with plotly escaping undone. */
  customdata: unknown;
}

export interface PlotElementOptions {
  /** File name (without extension) offered by the download buttons. */
  filename: () => string;
  /** Called when the person clicks points. */
  onPointsClick?: (points: ClickedPoint[]) => void;
  /** Height in CSS pixels when the layout sets none (default 360). */
  defaultHeight?: number;
}

const DEFAULT_WIDTH = 640;

function unescapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return unescapePlotlyText(value);
  if (Array.isArray(value)) return value.map(unescapeDeep);
  return value;
}

/** Example ids carried by the points' customdata (a string id or a list of ids per point). */
export function idsOfPoints(points: readonly ClickedPoint[]): string[] {
  const ids: string[] = [];
  for (const p of points) {
    if (typeof p.customdata === 'string') ids.push(p.customdata);
    else if (Array.isArray(p.customdata)) for (const id of p.customdata) if (typeof id === 'string') ids.push(id);
  }
  return [...new Set(ids)];
}

/** The bytes of a plotly image data URL (base64 PNG or URL-encoded SVG). */
export function dataUrlBytes(url: string): Uint8Array {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error(`plotly returned no data URL (got ${url.slice(0, 40)}…)`);
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  if (head.endsWith(';base64')) {
    const binary = atob(body);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new TextEncoder().encode(decodeURIComponent(body));
}

export class PlotElement {
  /** The element to put into a view: toolbar + graph. */
  readonly el: HTMLDivElement;
  private readonly graph: HTMLDivElement;
  private readonly toolbar: HTMLDivElement;
  private figure: PlotFigure | null = null;
  private plotly: PlotlyApi | null = null;
  private renderCount = 0;
  private readonly stopWatchingTheme: () => void;
  private readonly resizeObserver: ResizeObserver | null;
  private clickBound = false;
  private disposed = false;

  constructor(private readonly options: PlotElementOptions) {
    this.el = document.createElement('div');
    this.el.className = 'tslit-plot';
    this.toolbar = document.createElement('div');
    this.toolbar.className = 'tslit-plot-toolbar';
    this.toolbar.setAttribute('role', 'toolbar');
    for (const format of ['png', 'svg'] as const) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = `tslit-button tslit-plot-download tslit-plot-download-${format}`;
      button.textContent = format.toUpperCase();
      button.title = `Download as ${format.toUpperCase()}`;
      button.addEventListener('click', () => void this.download(format));
      this.toolbar.append(button);
    }
    this.graph = document.createElement('div');
    this.graph.className = 'tslit-plot-graph';
    this.graph.textContent = 'Loading plot…';
    this.el.append(this.toolbar, this.graph);
    this.stopWatchingTheme = watchTheme(() => {
      // The new theme's variables may land a frame after the attribute: render now and once more.
      void this.redraw();
      requestAnimationFrame(() => void this.redraw());
    });
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.resize());
    this.resizeObserver?.observe(this.el);
  }

  /** Draws `figure` (escaped and themed); resolves once it is on screen. */
  async render(figure: PlotFigure): Promise<void> {
    this.figure = figure;
    await this.redraw();
  }

  /** The figure as plotly gets it: escaped, themed, sized. */
  preparedFigure(size?: { width?: number; height?: number }): { data: unknown[]; layout: Record<string, unknown> } {
    if (!this.figure) throw new Error('no figure to draw yet');
    const safe = escapeFigure(this.figure);
    const layout = themedLayout(safe.layout ?? {}, readPlotTheme(this.el.ownerDocument));
    if (size?.width) layout.width = size.width;
    if (size?.height) layout.height = size.height;
    if (layout.height === undefined) layout.height = this.options.defaultHeight ?? 360;
    return { data: safe.data, layout };
  }

  private async redraw(): Promise<void> {
    if (!this.figure || this.disposed) return;
    const count = ++this.renderCount;
    try {
      const plotly = (this.plotly ??= await loadPlotly());
      if (count !== this.renderCount || this.disposed) return; // a newer render is under way
      if (!this.graph.classList.contains('js-plotly-plot')) this.graph.textContent = '';
      const { data, layout } = this.preparedFigure();
      const gd = await plotly.react(this.graph, data, { autosize: true, ...layout }, { displaylogo: false, responsive: true, displayModeBar: false });
      this.bindClicks(gd);
      this.el.dataset.rendered = String(count);
      this.el.dataset.theme = readPlotTheme(this.el.ownerDocument).light ? 'light' : 'dark';
    } catch (err) {
      renderErrorBox(this.graph, 'Plot could not render', errorMessage(err));
    }
  }

  private bindClicks(gd: PlotlyGraphDiv): void {
    if (this.clickBound || !this.options.onPointsClick) return;
    this.clickBound = true;
    gd.on('plotly_click', (event) => {
      const points = (event.points ?? []).map((p: PlotlyPoint) => ({
        trace: p.curveNumber,
        index: (p.pointIndex ?? p.pointNumber ?? -1) as number | number[],
        customdata: unescapeDeep(p.customdata),
      }));
      this.options.onPointsClick?.(points);
    });
  }

  private resize(): void {
    if (this.plotly && this.el.dataset.rendered && this.graph.isConnected) this.plotly.Plots.resize(this.graph);
  }

  /** Renders the current figure as an image file's bytes. */
  async toImage(format: PlotImageFormat, size: { width?: number; height?: number; scale?: number } = {}): Promise<Uint8Array> {
    const plotly = (this.plotly ??= await loadPlotly());
    // Default size: the figure's own layout size, else the size shown in the view.
    const own = this.preparedFigure().layout.width;
    const width = size.width ?? (typeof own === 'number' ? own : this.graph.clientWidth || DEFAULT_WIDTH);
    const figure = this.preparedFigure({ width, height: size.height });
    const url = await plotly.toImage(figure, { format, width, height: Number(figure.layout.height), scale: size.scale ?? 1 });
    return dataUrlBytes(url);
  }

  /** Saves the image through the browser's download (the toolbar buttons). */
  async download(format: PlotImageFormat): Promise<void> {
    try {
      const bytes = await this.toImage(format);
      downloadBlob(new Blob([bytes], { type: format === 'png' ? 'image/png' : 'image/svg+xml' }), `${this.options.filename()}.${format}`);
    } catch (err) {
      renderErrorBox(this.graph, `${format.toUpperCase()} download failed`, errorMessage(err));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopWatchingTheme();
    this.resizeObserver?.disconnect();
    if (this.plotly) this.plotly.purge(this.graph);
  }
}

/** What `servePlotExports` needs from a widget view. */
export interface ExportingView {
  model: { on(event: 'msg:custom', cb: (content: unknown, buffers: unknown[]) => void, context?: unknown): void; off(event: 'msg:custom', cb?: unknown, context?: unknown): void };
  send(content: object, buffers?: ArrayBuffer[] | ArrayBufferView[]): void;
}

/**
 * Answers the kernel's `export` requests for `view` with images of `plot()` (the plot the
 * view currently shows, or null when it has none); returns a function that stops.
 */
export function servePlotExports(view: ExportingView, plot: () => PlotElement | null): () => void {
  const handler = (content: unknown): void => {
    const request = parsePlotExportRequest(content);
    if (!request) return;
    view.send({ method: 'export_ack', requestId: request.requestId });
    void answerExport(view, plot(), request);
  };
  view.model.on('msg:custom', handler);
  return () => view.model.off('msg:custom', handler);
}

async function answerExport(view: ExportingView, plot: PlotElement | null, request: PlotExportRequest): Promise<void> {
  try {
    if (!plot) throw new Error('this view shows no plot');
    const bytes = await plot.toImage(request.format, request);
    view.send({ method: 'exported', requestId: request.requestId, format: request.format }, [bytes]);
  } catch (err) {
    view.send({ method: 'export_error', requestId: request.requestId, message: errorMessage(err) });
  }
}
