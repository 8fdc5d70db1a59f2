/**
 * Horizontal bars for class probabilities, one row per class: label, bar, percentage.
 *
 * Notes: rows are rebuilt on every call (a handful of classes); labels use textContent.
 */
export interface BarsInput {
  classes: readonly string[];
  probabilities: ArrayLike<number>;
  /** The class drawn highlighted. */
  predicted: string;
}

export function renderProbabilityBars(host: HTMLElement, input: BarsInput): void {
  const { classes, probabilities, predicted } = input;
  if (probabilities.length !== 0 && probabilities.length !== classes.length) {
    throw new Error(`probabilities has ${probabilities.length} values but classes has ${classes.length} names`);
  }
  const rows: HTMLElement[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    const row = document.createElement('div');
    row.className = 'tslit-bar-row';
    if (classes[i] === predicted) row.classList.add('tslit-bar-predicted');
    row.dataset.class = classes[i];
    const label = document.createElement('span');
    label.className = 'tslit-bar-label';
    label.textContent = classes[i];
    const track = document.createElement('span');
    track.className = 'tslit-bar-track';
    const fill = document.createElement('span');
    fill.className = 'tslit-bar-fill';
    fill.style.width = `${Math.max(0, Math.min(1, p)) * 100}%`;
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'tslit-bar-value';
    value.textContent = Number.isFinite(p) ? `${(p * 100).toFixed(1)}%` : String(p);
    row.append(label, track, value);
    rows.push(row);
  }
  host.replaceChildren(...rows);
}
