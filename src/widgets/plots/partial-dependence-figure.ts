/**
 * The plotly figure of a PDP/ICE result: ICE curves as thin translucent lines (one trace,
 * curves separated by gaps, each point carrying its example id so a click selects it), the
 * selected examples' curves highlighted, and the PDP as a thick line on top.
 */
import type { PartialDependenceResult } from '../../explain/partial-dependence';
import type { PlotFigureSpec } from './plot-widget';

export interface PdpFigureOptions {
  /** Index into `result.outputs` of the curve shown. */
  outputIndex: number;
  /** Label of the y axis (e.g. `P(Adelie)`). */
  yLabel: string;
  /** Example id of each ICE row. */
  ids: readonly string[];
  showIce: boolean;
  /** Ids whose ICE curves are highlighted. */
  selected?: readonly string[];
}

export const PDP_COLOUR = '#1f77b4';
export const ICE_COLOUR = 'rgba(127,127,127,0.35)';
export const SELECTED_COLOUR = '#ff7f0e';

/** x, y and customdata of the ICE curves of `rows`, with a null between curves. */
function iceLines(result: PartialDependenceResult, o: number, rows: readonly number[], ids: readonly string[]) {
  const G = result.grid.length;
  const x: (number | string | null)[] = [];
  const y: (number | null)[] = [];
  const customdata: (string | null)[] = [];
  for (const r of rows) {
    for (let g = 0; g < G; g++) {
      x.push(result.grid[g]);
      y.push(result.individual[o][r * G + g]);
      customdata.push(ids[r]);
    }
    x.push(null);
    y.push(null);
    customdata.push(null);
  }
  return { x, y, customdata };
}

export function pdpFigure(result: PartialDependenceResult, options: PdpFigureOptions): PlotFigureSpec {
  const o = options.outputIndex;
  if (!(o >= 0 && o < result.outputs.length)) throw new Error(`pdpFigure: output index ${o} is outside 0..${result.outputs.length - 1}`);
  if (options.ids.length !== result.rows) throw new Error(`pdpFigure: ${options.ids.length} ids for ${result.rows} ICE rows`);
  const data: Record<string, unknown>[] = [];
  const all = Array.from({ length: result.rows }, (_, r) => r);
  if (options.showIce) {
    data.push({
      type: 'scatter', mode: 'lines', name: 'ICE (one per example)', ...iceLines(result, o, all, options.ids),
      line: { color: ICE_COLOUR, width: 1 }, hovertemplate: 'example %{customdata}<br>%{x}: %{y:.4f}<extra></extra>',
    });
  }
  const wanted = new Set(options.selected ?? []);
  const selectedRows = all.filter((r) => wanted.has(options.ids[r]));
  if (selectedRows.length > 0) {
    data.push({
      type: 'scatter', mode: 'lines+markers', name: 'selected', ...iceLines(result, o, selectedRows, options.ids),
      line: { color: SELECTED_COLOUR, width: 2.5 }, marker: { size: 5 }, hovertemplate: 'example %{customdata}<br>%{x}: %{y:.4f}<extra></extra>',
    });
  }
  data.push({
    type: 'scatter', mode: 'lines+markers', name: `PDP (mean of ${result.rows})`, x: [...result.grid], y: Array.from(result.average[o]),
    line: { color: PDP_COLOUR, width: 4 }, marker: { size: 6 }, hovertemplate: 'mean at %{x}: %{y:.4f}<extra></extra>',
  });
  return {
    data,
    layout: {
      title: { text: `Partial dependence of ${options.yLabel} on ${result.feature}` },
      xaxis: { title: { text: result.feature }, type: result.featureKind === 'categorical' ? 'category' : 'linear' },
      yaxis: { title: { text: options.yLabel } },
      hovermode: 'closest',
      legend: { orientation: 'h', y: -0.2 },
      margin: { t: 50, r: 20 },
    },
  };
}
