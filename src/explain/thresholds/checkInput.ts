/** Checks of threshold-tuning input: every error names the field and the row or group. */
import type { Groups, ThresholdInput } from './types';

/** LIT's candidate thresholds: 0, 0.01, ..., 1 (as `k / 100`). */
export function litThresholdGrid(): Float64Array {
  return Float64Array.from({ length: 101 }, (_, k) => k / 100);
}

/** Input with defaults filled in, checked. */
export interface CheckedInput {
  scores: ArrayLike<number>;
  labels: Int32Array;
  costRatio: number;
  candidates: Float64Array;
  groups: Groups;
  allRows: Uint32Array;
}

/** Validates the input and fills in defaults (cost ratio 1, LIT's grid, no groups). */
export function checkInput(input: ThresholdInput): CheckedInput {
  const { scores, labels } = input;
  if (scores.length !== labels.length) {
    throw new RangeError(`scores has ${scores.length} rows but labels has ${labels.length}`);
  }
  for (let r = 0; r < labels.length; r++) {
    if (labels[r] !== 0 && labels[r] !== 1) throw new RangeError(`labels[${r}] = ${labels[r]}; expected 0 or 1`);
    if (!Number.isFinite(scores[r])) throw new RangeError(`scores[${r}] is ${scores[r]}; expected a finite number`);
  }
  const costRatio = input.costRatio ?? 1;
  if (!(Number.isFinite(costRatio) && costRatio >= 0)) throw new RangeError(`costRatio must be a finite number >= 0, got ${costRatio}`);
  const candidates = input.candidates ?? litThresholdGrid();
  if (candidates.length === 0) throw new RangeError('candidates is empty');
  for (let i = 0; i < candidates.length; i++) {
    if (Number.isNaN(candidates[i]) || (i > 0 && !(candidates[i] > candidates[i - 1]))) {
      throw new RangeError(`candidates[${i}] = ${candidates[i]}; candidates must be strictly increasing numbers`);
    }
  }
  const groups = input.groups ?? {};
  checkGroups(groups, labels.length);
  const allRows = Uint32Array.from({ length: labels.length }, (_, i) => i);
  return { scores, labels, costRatio, candidates, groups, allRows };
}

function checkGroups(groups: Groups, n: number): void {
  const owner = new Int32Array(n).fill(-1);
  const names = Object.keys(groups);
  names.forEach((name, g) => {
    const rows = groups[name];
    if (rows.length === 0) throw new RangeError(`group '${name}' is empty`);
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j];
      if (r >= n) throw new RangeError(`group '${name}' row ${r} is outside the ${n} rows`);
      if (owner[r] !== -1) throw new RangeError(`row ${r} is in both group '${names[owner[r]]}' and group '${name}'; groups must be disjoint`);
      owner[r] = g;
    }
  });
}
