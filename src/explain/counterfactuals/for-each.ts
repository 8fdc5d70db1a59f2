/** Runs one generator over several examples, in order, and adds up the model calls. */
import type { Example } from '../../core/spec';
import type { CounterfactualResult } from './types';

export interface ManyResults {
  /** One result per example, in input order. */
  results: CounterfactualResult[];
  calls: number;
  predicted: number;
}

/**
 * Notes: sequential on purpose: each generator already batches its own candidates, and one
 * example at a time keeps peak memory at that of one search.
 */
export async function forEachExample(examples: readonly Example[], generate: (example: Example, index: number) => Promise<CounterfactualResult>): Promise<ManyResults> {
  const results: CounterfactualResult[] = [];
  for (let i = 0; i < examples.length; i++) results.push(await generate(examples[i], i));
  return {
    results,
    calls: results.reduce((a, r) => a + r.calls, 0),
    predicted: results.reduce((a, r) => a + r.predicted, 0),
  };
}
