/**
 * A static SVG picture of a plotly figure, drawn without plotly or a browser: the picture a
 * saved notebook shows where the live view cannot run (nbconvert HTML, GitHub, nbviewer),
 * made by the kernel at display time and by the lab extension when the notebook is saved.
 * It draws the common traces — bars, lines/markers, heatmaps — plainly; the live view
 * (plotly in JupyterLab, or `tslit export`) stays the real picture.
 *
 * Notes: every string from the figure is escaped for XML; numbers are checked finite; traces
 * of other types are listed by name under the plot instead of being drawn.
 */
import { STATIC_NOTE, xmlEscape } from './escape';

/** A plotly figure as plain JSON: traces and layout (the plot widgets' `figure` state). */
export interface StaticFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const WIDTH = 640;

type Trace = Record<string, unknown>;
const numbers = (v: unknown): number[] => (Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<unknown>, Number) : []);
const labels = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>, String) : []);

function titleOf(layout: Record<string, unknown> | undefined): string {
  const t = layout?.title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return '';
}

function colourOf(trace: Trace, k: number): string {
  const c = (trace.marker as { color?: unknown } | undefined)?.color ?? (trace.line as { color?: unknown } | undefined)?.color;
  return typeof c === 'string' && /^(#[0-9a-fA-F]{3,8}|rgba?\([\d.,\s]+\)|[a-z]+)$/.test(c) ? c : PALETTE[k % PALETTE.length];
}

/** Bars and lines on shared axes: categories (or numbers) along x, values up y. */
function xyPanel(traces: Trace[], x0: number, y0: number, w: number, h: number): string {
  const xs = traces.map((t) => labels(t.x ?? numbers(t.y).map((_, i) => i)));
  const categorical = xs.some((list) => list.some((v) => !Number.isFinite(Number(v))));
  const categories = categorical ? [...new Set(xs.flat())] : [];
  const xNums = xs.flat().map(Number);
  const [xMin, xMax] = categorical ? [-0.5, categories.length - 0.5] : [Math.min(...xNums), Math.max(...xNums)];
  const ys = traces.flatMap((t) => numbers(t.y)).filter(Number.isFinite);
  const hasBars = traces.some((t) => t.type === 'bar');
  const yMin = Math.min(...ys, hasBars ? 0 : Infinity);
  const yMax = Math.max(...ys, hasBars ? 0 : -Infinity);
  if (!ys.length || !Number.isFinite(yMin + yMax + xMin + xMax)) return '';
  const sx = (v: number) => x0 + ((v - xMin) / (xMax - xMin || 1)) * w;
  const sy = (v: number) => y0 + h - ((v - yMin) / (yMax - yMin || 1)) * h;
  const xPos = (v: string) => (categorical ? categories.indexOf(v) : Number(v));
  const parts = [`<line x1="${x0}" y1="${sy(Math.max(yMin, Math.min(0, yMax)))}" x2="${x0 + w}" y2="${sy(Math.max(yMin, Math.min(0, yMax)))}" stroke="#999"/>`];
  parts.push(`<text x="${x0 - 4}" y="${y0 + 10}" text-anchor="end" font-size="10">${yMax.toPrecision(3)}</text>`, `<text x="${x0 - 4}" y="${y0 + h}" text-anchor="end" font-size="10">${yMin.toPrecision(3)}</text>`);
  const bars = traces.filter((t) => t.type === 'bar');
  const slot = categorical || bars.length ? (w / Math.max(1, categorical ? categories.length : numbers(bars[0]?.y).length)) * 0.8 : 0;
  traces.forEach((t, k) => {
    const colour = colourOf(t, k);
    const y = numbers(t.y);
    const x = xs[k];
    if (t.type === 'bar') {
      const b = bars.indexOf(t);
      const bw = slot / bars.length;
      y.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        const cx = sx(xPos(x[i])) - slot / 2 + b * bw;
        const top = Math.min(sy(v), sy(0));
        parts.push(`<rect x="${cx.toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(bw, 0.5).toFixed(1)}" height="${Math.abs(sy(v) - sy(0)).toFixed(1)}" fill="${xmlEscape(colour)}"/>`);
      });
    } else {
      const pts = y.map((v, i) => [sx(xPos(x[i])), sy(v)] as const).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
      const mode = typeof t.mode === 'string' ? t.mode : 'lines+markers';
      if (mode.includes('lines')) parts.push(`<polyline fill="none" stroke="${xmlEscape(colour)}" stroke-width="1.5" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
      if (mode.includes('markers')) for (const [a, b] of pts) parts.push(`<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="2.5" fill="${xmlEscape(colour)}"/>`);
    }
  });
  if (categorical && categories.length <= 40) {
    categories.forEach((c, i) => parts.push(`<text x="${sx(i)}" y="${y0 + h + 12}" text-anchor="end" font-size="9" transform="rotate(-45 ${sx(i)} ${y0 + h + 12})">${xmlEscape(c.slice(0, 24))}</text>`));
  }
  return parts.join('');
}

/** One heatmap in a box, grey for values ≥ 0 only, blue/red around 0 otherwise. */
function heatmapPanel(trace: Trace, x0: number, y0: number, w: number, h: number): string {
  const z = Array.isArray(trace.z) ? (trace.z as unknown[]).map(numbers) : [];
  const rows = z.length;
  const cols = Math.max(0, ...z.map((r) => r.length));
  if (!rows || !cols) return '';
  const all = z.flat().filter(Number.isFinite);
  const lo = Math.min(...all);
  const peak = Math.max(...all.map(Math.abs)) || 1;
  const side = Math.min(w / cols, h / rows);
  const out: string[] = [];
  z.forEach((row, r) => row.forEach((v, c) => {
    if (!Number.isFinite(v)) return;
    let fill: string;
    if (lo >= 0) {
      const g = Math.round(255 * (1 - v / peak));
      fill = `rgb(${g},${g},${g})`;
    } else {
      const a = Math.min(1, Math.abs(v) / peak);
      fill = v >= 0 ? `rgba(214,39,40,${a.toFixed(2)})` : `rgba(31,119,180,${a.toFixed(2)})`;
    }
    out.push(`<rect x="${(x0 + c * side).toFixed(1)}" y="${(y0 + r * side).toFixed(1)}" width="${side.toFixed(2)}" height="${side.toFixed(2)}" fill="${fill}"/>`);
  }));
  return out.join('');
}

/** The figure as a standalone SVG document (a plain drawing, not plotly's). */
export function staticFigureSvg(figure: StaticFigure): string {
  const layout = figure.layout ?? {};
  const height = typeof layout.height === 'number' && layout.height > 100 ? Math.min(layout.height, 800) : 360;
  const title = titleOf(layout);
  const traces = figure.data.filter((t) => t.visible !== false);
  const heatmaps = traces.filter((t) => t.type === 'heatmap');
  const xy = traces.filter((t) => t.type === 'bar' || t.type === 'scatter' || t.type === undefined);
  const skipped = traces.filter((t) => !heatmaps.includes(t) && !xy.includes(t));
  const top = title ? 34 : 10;
  const bottom = 60;
  const body: string[] = [];
  if (heatmaps.length) {
    const w = (WIDTH - 20) / heatmaps.length;
    heatmaps.forEach((t, k) => body.push(heatmapPanel(t, 10 + k * w + 4, top, w - 8, height - top - bottom)));
  } else if (xy.length) {
    body.push(xyPanel(xy, 60, top, WIDTH - 80, height - top - bottom));
  }
  const names = xy.filter((t) => typeof t.name === 'string').map((t, k) => `<tspan fill="${xmlEscape(colourOf(t, k))}">■</tspan> ${xmlEscape(String(t.name))}`);
  const notes = [...(names.length > 1 ? [names.join('  ')] : []), ...(skipped.length ? [`not drawn here: ${skipped.length} ${xmlEscape(skipped.map((t) => String(t.type)).join(', '))} trace(s)`] : [])];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="tslit-static-plot" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    title ? `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${xmlEscape(title)}</text>` : '',
    ...body,
    ...notes.map((n, i) => `<text x="10" y="${height - 8 - 14 * (notes.length - 1 - i)}" font-size="10" fill="#555">${n}</text>`),
    '</svg>',
  ].join('');
}

/** The figure as an HTML block: the inline SVG, marked as a static picture. */
export function staticFigureHtml(figure: StaticFigure): string {
  return `<div class="tslit-static" title="${STATIC_NOTE}">${staticFigureSvg(figure)}</div>`;
}
