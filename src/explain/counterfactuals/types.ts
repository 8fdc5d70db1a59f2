/**
 * Result shapes shared by every counterfactual generator.
 *
 * Notes: a generator never mutates the example it was given; each counterfactual carries the
 * model's prediction for it (as returned by `ModelAdapter.predict`), so a caller can show it
 * side by side with the original without predicting again.
 */
import type { Example, Prediction } from '../../core/spec';

/** One substituted, removed (`to === ''`) or moved token of a text field. */
export interface TokenChange {
  /** Position of the token in the original text's word list. */
  index: number;
  from: string;
  to: string;
  /** The text field the token belongs to. */
  field?: string;
}

export interface Counterfactual {
  example: Example;
  prediction: Prediction;
  changed: { fields: string[]; tokens?: TokenChange[] };
  /** Text: number of tokens changed. Tabular: scaled L1/L2 (or the custom) distance. */
  distance: number;
  /** For counterfactuals taken from a dataset: the row they came from. */
  row?: number;
}

export interface CounterfactualResult {
  examples: Counterfactual[];
  /** Number of `model.predict` calls made. */
  calls: number;
  /** Number of examples those calls predicted (what a one-at-a-time search would have called). */
  predicted: number;
  /** Why `examples` is empty (or shorter than asked), in words a person can act on. */
  reason?: string;
}

/**
 * The smallest thing a dataset must offer to be searched: the columnar Dataset of
 * `src/model/dataset/` plugs in as it is (`size`, `row(i)`), and so do `{length, row(i)}` and a
 * plain array of examples.
 */
export type ExampleSource =
  | { readonly size: number; row(index: number): Example }
  | { readonly length: number; row(index: number): Example };

export type TabularData = readonly Example[] | ExampleSource;

/** Number of rows of either kind of data. */
export function rowCount(data: TabularData): number {
  if (Array.isArray(data)) return (data as readonly Example[]).length;
  const source = data as ExampleSource;
  return 'size' in source ? source.size : source.length;
}

/** Reads row `i` of either kind of data. */
export function rowOf(data: TabularData, index: number): Example {
  return Array.isArray(data) ? (data as readonly Example[])[index] : (data as ExampleSource).row(index);
}

/** Options every generator that calls the model accepts. */
export interface PredictionBudget {
  /** Candidates per `predict` call (default 128). 1 reproduces a one-at-a-time search. */
  batchSize?: number;
  /** Stop after this many predicted examples (the search returns what it found so far). */
  maxPredictions?: number;
  /** Aborts between batches. */
  signal?: AbortSignal;
}
