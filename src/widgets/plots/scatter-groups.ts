/**
 * Scatter traces of example points coloured by a category field, shared by the scalar plot
 * and the embeddings projector: one marker trace per category (sorted, a fixed palette,
 * example ids as customdata so a click selects), and the selected examples drawn again as
 * open rings on top in a trace named 'selected'.
 *
 * Notes: hover templates hold no data (they are not escaped, see escape-plotly.ts); names,
 * ids and values are escaped by the plot element.
 */
import type { FieldValue } from '../../core/spec';

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export interface ScatterPoint {
  id: string;
  x: number;
  y: number;
  /** The colour field's value (null when missing). */
  colour: FieldValue;
}

/** The traces of `points` (see the module notes); `colorBy` '' puts every point in one trace. */
export function groupedScatter(points: readonly ScatterPoint[], colorBy: string, selected: ReadonlySet<string>, hovertemplate: string): Record<string, unknown>[] {
  const groups = new Map<string, { x: number[]; y: number[]; ids: string[] }>();
  const ring = { x: [] as number[], y: [] as number[], ids: [] as string[] };
  for (const p of points) {
    const key = p.colour === null ? (colorBy ? '(missing)' : 'examples') : String(p.colour);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { x: [], y: [], ids: [] }));
    for (const target of selected.has(p.id) ? [g, ring] : [g]) {
      target.x.push(p.x);
      target.y.push(p.y);
      target.ids.push(p.id);
    }
  }
  const data: Record<string, unknown>[] = [...groups.keys()].sort().map((key, i) => {
    const g = groups.get(key)!;
    return { type: 'scatter', mode: 'markers', name: key, x: g.x, y: g.y, customdata: g.ids, marker: { color: PALETTE[i % PALETTE.length], size: 7, opacity: 0.8 }, hovertemplate };
  });
  if (ring.ids.length > 0) {
    data.push({ type: 'scatter', mode: 'markers', name: 'selected', x: ring.x, y: ring.y, customdata: ring.ids, marker: { size: 14, color: 'rgba(0,0,0,0)', line: { width: 2.5, color: '#d62728' } }, hovertemplate: 'selected %{customdata}<extra></extra>' });
  }
  return data;
}

/** Layout of a scatter with titled axes and a legend titled by the colour field. */
export function scatterLayout(title: string, xTitle: string, yTitle: string, colorBy: string): Record<string, unknown> {
  return {
    title: { text: title },
    xaxis: { title: { text: xTitle }, zeroline: false },
    yaxis: { title: { text: yTitle }, zeroline: false },
    legend: { title: { text: colorBy } },
    hovermode: 'closest',
    margin: { t: 50, r: 20 },
  };
}
