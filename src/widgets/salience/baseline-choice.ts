/**
 * The salience widget's tabular baseline: the person's choice (training medians, a row by id,
 * a background sample) turned into the explain layer's baseline option, and the baseline a
 * result was computed against turned into what the view shows.
 *
 * Notes: 'median' reads the medians and modes from the model's tslit.json; a model whose file
 * does not record them gets the medians of the session's dataset instead (the view says so),
 * since in a view there is always a dataset to take them from. A background is an evenly
 * spaced sample of the dataset (rows of a sorted file would otherwise all be alike).
 */
import { SALIENCE_BASELINES, type SalienceBaselineKind, type SalienceBaselineShown } from '../../core/salience-baseline';
import type { Example } from '../../core/spec';
import type { BaselineUsed, SalienceMethod, TabularBaseline } from '../../explain/salience';
import { isDifferentiable, type ModelAdapter } from '../../model/adapter';
import { inputKindOf } from './params';

/** Where the widget finds the rows a baseline needs. */
export interface BaselineSources {
  datasetName: string;
  /** Rows to take medians and modes from (a spread sample of the dataset). */
  medianRows(): Example[];
  /** The background sample. */
  background(): Example[];
  /** A session example by id. */
  row(id: string): Example;
}

/** What the explain layer gets, and how the view words its origin. */
export interface WidgetBaseline {
  choice: TabularBaseline;
  origin: string;
}

const USES_BASELINE: readonly string[] = ['integrated_gradients', 'grad_x_input'] satisfies readonly SalienceMethod[];

/** The baselines offered for a model: all three for a tabular model with gradients, none otherwise. */
export function baselinesOffered(model: ModelAdapter): SalienceBaselineKind[] {
  return isDifferentiable(model) && inputKindOf(model) === 'tabular' ? [...SALIENCE_BASELINES] : [];
}

/** The explain layer's baseline for this method and model, or undefined where the method takes none. */
export function baselineFor(model: ModelAdapter, method: string, kind: SalienceBaselineKind = 'median', rowId = '', sources: BaselineSources): WidgetBaseline | undefined {
  if (!USES_BASELINE.includes(method) || baselinesOffered(model).length === 0) return undefined;
  if (kind === 'row') {
    if (rowId === '') throw new Error('salience: baseline "row" needs a row: give baselineRow, the id of an example of the session');
    let row: Example;
    try {
      row = sources.row(rowId);
    } catch (e) {
      throw new Error(`salience: baseline row: ${(e as Error).message}`);
    }
    return { choice: { row }, origin: `row '${rowId}'` };
  }
  if (kind === 'background') {
    const rows = sources.background();
    return { choice: { background: rows, samples: rows.length }, origin: `${rows.length} rows of dataset '${sources.datasetName}'` };
  }
  const stored = isDifferentiable(model) ? model.medianRow?.() : undefined;
  if (stored !== undefined) return { choice: 'median', origin: 'training medians and modes (tslit.json)' };
  const rows = sources.medianRows();
  return { choice: { median: rows }, origin: `medians and modes of dataset '${sources.datasetName}' (${rows.length} rows; tslit.json records none)` };
}

/** The baseline as the view shows it; null when the result used none of the widget's. */
export function shownBaseline(used: BaselineUsed | undefined, chosen: WidgetBaseline | undefined): SalienceBaselineShown | null {
  if (!used || !chosen || (used.kind !== 'median' && used.kind !== 'row' && used.kind !== 'background')) return null;
  const values = used.values
    ? Object.fromEntries(Object.entries(used.values).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'))
    : null;
  return { kind: used.kind, origin: chosen.origin, values, rows: used.rows?.length ?? 1 };
}

/** `n` rows spread evenly over `size` (all when n ≥ size), as indices. */
export function spreadIndices(size: number, n: number): number[] {
  if (n >= size) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.floor((i * size) / n));
}
