/**
 * Signed horizontal bars, one per tabular feature: negative scores grow left of the centre
 * line, positive ones right, coloured by the shared diverging scale.
 *
 * Notes: plain DOM (no plotly) so a handful of features draw at once; labels are text nodes.
 * The rows sit in one grid, each a subgrid of it, so every row's centre line (zero) sits at
 * the same x whatever its label's width.
 */
import { cssColour, divergingColour } from '../../core/colour-scale';
import { formatScore } from './colour-legend';

export function renderSalienceBars(host: HTMLElement, labels: readonly string[], scores: ArrayLike<number>, domain: number): void {
  if (scores.length !== labels.length) throw new Error(`salience has ${scores.length} scores for ${labels.length} features`);
  const rows: HTMLElement[] = [];
  labels.forEach((label, i) => {
    const v = scores[i];
    const row = document.createElement('div');
    row.className = 'tslit-sal-bar-row';
    row.dataset.feature = label;
    const name = document.createElement('span');
    name.className = 'tslit-sal-bar-label';
    name.textContent = label;
    const track = document.createElement('span');
    track.className = 'tslit-sal-bar-track';
    const fill = document.createElement('span');
    fill.className = 'tslit-sal-bar-fill';
    const frac = domain > 0 && Number.isFinite(v) ? Math.min(1, Math.abs(v) / domain) : 0;
    fill.style.width = `${frac * 50}%`;
    fill.style.left = v < 0 ? `${50 - frac * 50}%` : '50%';
    fill.style.backgroundColor = cssColour(divergingColour(v, domain));
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'tslit-sal-bar-value';
    value.textContent = formatScore(v);
    row.append(name, track, value);
    rows.push(row);
  });
  const grid = document.createElement('div');
  grid.className = 'tslit-sal-bars';
  grid.append(...rows);
  host.replaceChildren(grid);
}
