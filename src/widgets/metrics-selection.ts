/**
 * The session's selection as rows of the evaluated dataset, for the metrics views (a row in
 * the table, marks in the confusion matrix, a curve beside the whole dataset, a line in the
 * threshold panel).
 *
 * Notes: selected ids that are not rows of this dataset (edits, rows of another dataset) have
 * no prediction here; they are counted in `outside` and left out. Rows come back in dataset
 * order, so metrics of the selection do not depend on the order of clicks.
 */
import type { DatasetPredictions } from './metrics-predictions';

export interface SelectedRows {
  indices: Uint32Array;
  /** Selected ids that are not rows of the dataset. */
  outside: number;
}

/** The name of the selection's row / curve in the metrics views. */
export const SELECTION_NAME = 'Selection';

const rowOf = new WeakMap<DatasetPredictions, Map<string, number>>();

/** Rows of `predictions` whose ids are in `selection`, ascending. */
export function selectedRows(predictions: DatasetPredictions, selection: readonly string[]): SelectedRows {
  let index = rowOf.get(predictions);
  if (!index) rowOf.set(predictions, (index = new Map(predictions.ids.map((id, i) => [id, i]))));
  const rows: number[] = [];
  let outside = 0;
  for (const id of selection) {
    const i = index.get(id);
    if (i === undefined) outside++;
    else rows.push(i);
  }
  return { indices: Uint32Array.from(rows).sort(), outside };
}

/** The rows of `indices` that are also in `selected`, in the order of `indices`. */
export function intersectRows(indices: Uint32Array, selected: Uint32Array): Uint32Array {
  if (selected.length === 0) return selected;
  const wanted = new Set(selected);
  return indices.filter((i) => wanted.has(i));
}
