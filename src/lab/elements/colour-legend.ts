/**
 * The legend of the signed salience colour scale: a gradient strip from −max (blue) through 0
 * (white) to +max (red), with the numbers under it and a caption.
 */
import { cssColour, legendStops } from '../../core/colour-scale';

export function renderColourLegend(host: HTMLElement, domain: number, caption: string): void {
  const stops = legendStops(domain, 7);
  const strip = document.createElement('div');
  strip.className = 'tslit-legend-strip';
  strip.style.background = `linear-gradient(to right, ${stops.map((s) => cssColour(s.colour)).join(', ')})`;
  const ticks = document.createElement('div');
  ticks.className = 'tslit-legend-ticks';
  for (const v of [-domain, 0, domain]) {
    const t = document.createElement('span');
    t.textContent = formatScore(v);
    ticks.append(t);
  }
  const label = document.createElement('div');
  label.className = 'tslit-legend-caption';
  label.textContent = caption;
  host.replaceChildren(strip, ticks, label);
  host.dataset.domain = String(domain);
}

/** A score in at most 3 significant digits (exponent form for tiny or huge values). */
export function formatScore(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(3)).toString();
}
