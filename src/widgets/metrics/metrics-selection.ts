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

/** Per predictions: id → row, and the rows of the last selection asked for (selections are replaced, never mutated). */
const cache = new WeakMap<DatasetPredictions, { rowOf: Map<string, number>; selection?: readonly string[]; rows?: SelectedRows }>();

/** Rows of `predictions` whose ids are in `selection`, ascending. */
export function selectedRows(predictions: DatasetPredictions, selection: readonly string[]): SelectedRows {
  let entry = cache.get(predictions);
  if (!entry) cache.set(predictions, (entry = { rowOf: new Map(predictions.ids.map((id, i) => [id, i])) }));
  if (entry.selection === selection && entry.rows) return entry.rows;
  const rows: number[] = [];
  let outside = 0;
  for (const id of selection) {
    const i = entry.rowOf.get(id);
    if (i === undefined) outside++;
    else rows.push(i);
  }
  entry.selection = selection;
  entry.rows = { indices: Uint32Array.from(rows).sort(), outside };
  return entry.rows;
}

/** The rows of `indices` that are also in `selected`, in the order of `indices`. */
export function intersectRows(indices: Uint32Array, selected: Uint32Array): Uint32Array {
  if (selected.length === 0) return selected;
  const wanted = new Set(selected);
  return indices.filter((i) => wanted.has(i));
}
