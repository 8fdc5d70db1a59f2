/**
 * The plotly figure of a TCAV result: for each concept, one bar per class with its mean TCAV
 * score over the runs (error bars one standard deviation), faded when the t-test against
 * random concepts is not significant; the random concepts' mean score and p are in the hover.
 */
import type { TcavResult } from '../../explain/tcav';
import type { PlotFigureSpec } from '../plots/plot-widget';

const CLASS_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
};

export function tcavFigure(result: TcavResult): PlotFigureSpec {
  const concepts = result.concepts.map((c) => c.concept);
  const classes = result.concepts[0]?.classes.map((c) => c.className) ?? [];
  const data: Record<string, unknown>[] = classes.map((name, k) => {
    const rows = result.concepts.map((c) => c.classes[k]);
    return {
      type: 'bar', name: `class ${name}`, x: concepts, y: rows.map((r) => r.score),
      error_y: { type: 'data', array: rows.map((r) => std(r.scores)), visible: true },
      marker: { color: CLASS_COLOURS[k % CLASS_COLOURS.length], opacity: rows.map((r) => (r.significant ? 1 : 0.3)) },
      text: rows.map((r) => (r.significant ? '*' : '')), textposition: 'outside',
      customdata: rows.map((r, i) => [r.p, mean(r.randomScores), r.significant ? 'significant' : 'not significant', result.concepts[i].cavAccuracy]),
      hovertemplate: `%{x}, class ${name}<br>TCAV score %{y:.3f} (random %{customdata[1]:.3f})<br>p = %{customdata[0]:.3g}: %{customdata[2]}<br>CAV accuracy %{customdata[3]:.2f}<extra></extra>`,
    };
  });
  return {
    data,
    layout: {
      title: { text: `TCAV at layer ${result.layer} (${result.runs} runs; * p < ${result.alpha}; faded: not significant)` },
      barmode: 'group',
      xaxis: { title: { text: 'concept' }, type: 'category' },
      yaxis: { title: { text: 'TCAV score' }, range: [0, 1.1] },
      legend: { orientation: 'h', y: -0.2 },
      margin: { t: 50, r: 20 },
      hovermode: 'closest',
    },
  };
}
