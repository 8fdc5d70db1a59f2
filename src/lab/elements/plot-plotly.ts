/**
 * Loads plotly.js on first use, in its own webpack chunk.
 *
 * Why: plotly is ~3.5 MB; the extension's first load must stay small. `tsc` (commonjs)
 * rewrites `import()` into a synchronous `require`, which webpack would bundle into the main
 * chunk, so this uses webpack's `require.ensure`, which tsc leaves as it is and webpack
 * splits into a chunk named `plotly` fetched only when the first plot renders.
 *
 * Notes: only the few plotly functions tslit uses are typed here (the package's own types
 * are large and slow to check).
 */

/** A plotly figure as the kernel sends it: plain JSON (typed arrays allowed in data). */
export interface PlotFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
}

export interface PlotlyImageOptions {
  format: 'png' | 'svg';
  width: number;
  height: number;
  scale?: number;
}

/** A plotly click/hover event's point. */
export interface PlotlyPoint {
  curveNumber: number;
  pointNumber?: number;
  pointNumbers?: number[];
  pointIndex?: number;
  customdata?: unknown;
  data?: { customdata?: unknown };
}

/** The graph div after plotly drew into it. */
export interface PlotlyGraphDiv extends HTMLDivElement {
  on(event: 'plotly_click', handler: (event: { points: PlotlyPoint[] }) => void): void;
  removeAllListeners?(event: string): void;
}

export interface PlotlyApi {
  react(div: HTMLElement, data: unknown[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<PlotlyGraphDiv>;
  toImage(figure: { data: unknown[]; layout: Record<string, unknown> } | HTMLElement, options: PlotlyImageOptions): Promise<string>;
  purge(div: HTMLElement): void;
  Plots: { resize(div: HTMLElement): void };
}

interface WebpackRequire {
  ensure(deps: string[], callback: (require: (id: string) => unknown) => void, onError: (error: unknown) => void, chunkName: string): void;
}

let loading: Promise<PlotlyApi> | null = null;

/** plotly.js, loaded once per page. */
export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= new Promise<PlotlyApi>((resolve, reject) => {
    (require as unknown as WebpackRequire).ensure(
      ['plotly.js-dist-min'],
      function (require) {
        const mod = require('plotly.js-dist-min') as PlotlyApi & { default?: PlotlyApi };
        resolve(mod.default ?? mod);
      },
      (error) => {
        loading = null; // let a later render try again
        reject(error);
      },
      'plotly',
    );
  });
  return loading;
}
