/**
 * The plotly figure of a sensitivity profile: the metric drop per layer (mean over repeats,
 * error bars one standard deviation; a drop is how much worse than the unperturbed model,
 * whichever way the metric runs), one bar group per slice; below it, when an example is
 * in focus, the spread of its prediction under each layer's perturbation (one point per
 * repeat) against its unperturbed value.
 */
import type { SensitivityProfile } from '../../explain/sensitivity';
import type { PlotFigureSpec } from '../plots/plot-widget';

/** Colours of the slice traces (All first), in order. */
const SLICE_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export interface SensitivityFigureOptions {
  /** Which output value of the focus example to show (class index; 0 for regression). */
  outputIndex: number;
  /** The focus example's id, for the axis title. */
  focusId?: string;
  /** What the focus value is, e.g. `P(Adelie)` (default the output's name). */
  outputLabel?: string;
}

function perturbationText(p: SensitivityProfile['perturbation']): string {
  if (p.kind === 'gaussian') return `Gaussian noise × ${p.scale} std`;
  if (p.kind === 'zero') return `${Math.round(p.fraction * 100)} % of weights zeroed`;
  return `units ${p.units.join(', ')} ablated`;
}

export function sensitivityFigure(profile: SensitivityProfile, options: SensitivityFigureOptions): PlotFigureSpec {
  const layers = profile.layers.map((l) => l.layer);
  const slices = Object.keys(profile.reference);
  const focus = profile.focusRows.length > 0;
  const data: Record<string, unknown>[] = slices.map((slice, i) => ({
    type: 'bar', name: slice, x: layers,
    y: profile.layers.map((l) => l.slices[slice].drop),
    error_y: { type: 'data', array: profile.layers.map((l) => l.slices[slice].std), visible: true },
    marker: { color: SLICE_COLOURS[i % SLICE_COLOURS.length] },
    customdata: profile.layers.map((l) => [profile.reference[slice], l.slices[slice].mean, l.className, l.weights]),
    hovertemplate: `${slice}<br>%{x} (%{customdata[2]}, %{customdata[3]} weights)<br>${profile.metric}: %{customdata[0]:.4f} → %{customdata[1]:.4f}<br>drop %{y:.4f}<extra></extra>`,
  }));
  const o = options.outputIndex;
  if (focus) {
    const name = profile.outputNames[o] ?? String(o);
    data.push({
      type: 'box', name: `example ${options.focusId ?? profile.focusRows[0]}: ${name}`, xaxis: 'x2', yaxis: 'y2',
      x: profile.layers.flatMap((l) => l.focus[0].map(() => l.layer)),
      y: profile.layers.flatMap((l) => l.focus[0].map((row) => row[o])),
      boxpoints: 'all', jitter: 0.4, pointpos: 0, marker: { color: '#555', size: 5 }, line: { color: '#555' }, fillcolor: 'rgba(0,0,0,0)',
      hovertemplate: `%{x}: ${name} %{y:.4f}<extra></extra>`,
    });
    data.push({
      type: 'scatter', mode: 'markers', name: 'unperturbed', xaxis: 'x2', yaxis: 'y2', x: layers, y: layers.map(() => profile.focusReference[0][o]),
      marker: { symbol: 'line-ew-open', size: 28, color: '#d62728', line: { width: 2 } }, hovertemplate: `unperturbed: %{y:.4f}<extra></extra>`,
    });
  }
  const layout: Record<string, unknown> = {
    title: { text: `${profile.metric} drop per layer (${perturbationText(profile.perturbation)}, ${profile.repeats} repeats)` },
    barmode: 'group',
    xaxis: { title: { text: focus ? '' : 'layer' }, type: 'category', anchor: 'y' },
    yaxis: { title: { text: `${profile.metric} drop` }, domain: focus ? [0.5, 1] : [0, 1], zeroline: true },
    legend: { orientation: 'h', y: -0.15 },
    margin: { t: 50, r: 20 },
    hovermode: 'closest',
  };
  if (focus) {
    layout.xaxis2 = { type: 'category', anchor: 'y2', matches: 'x' };
    const label = options.outputLabel ?? profile.outputNames[o] ?? 'output';
    layout.yaxis2 = { title: { text: options.focusId === undefined ? label : `${label}, example ${options.focusId}` }, domain: [0, 0.36], anchor: 'x2' };
  }
  return { data, layout };
}
