/**
 * The search both token methods share: try candidate sets size by size, verify them in batched
 * predictions, skip supersets of a flip already found, stop at the budget.
 */
import type { Example, Prediction } from '../../core/spec';
import { containsAny } from './combinations';
import type { CountingPredictor } from './counting-predictor';
import type { Judge } from './goal';

export interface SubsetHit { set: number[]; example: Example; prediction: Prediction }

export interface SubsetSearch {
  /** Set sizes to try, ascending. */
  sizes: readonly number[];
  /** Candidate sets of one size, best first. */
  candidates(size: number): Iterable<number[]>;
  build(set: readonly number[]): Example;
  /** Stop once this many flips are found. */
  maxResults: number;
  /** Stop after the first size that produced a flip (minimal sets only). */
  stopAtFirstSize: boolean;
}

export interface SubsetSearchOutcome { hits: SubsetHit[]; budgetExhausted: boolean }

export async function searchSubsets(search: SubsetSearch, predictor: CountingPredictor, judge: Judge): Promise<SubsetSearchOutcome> {
  const hits: SubsetHit[] = [];
  const flipped = (): number[][] => hits.map((h) => h.set);
  for (const size of search.sizes) {
    const it = search.candidates(size)[Symbol.iterator]();
    let done = false;
    while (!done) {
      const room = Math.min(predictor.batchSize, predictor.remaining);
      if (room === 0) return { hits, budgetExhausted: true };
      const batch: number[][] = [];
      while (batch.length < room) {
        const next = it.next();
        if (next.done) { done = true; break; }
        if (!containsAny(next.value, flipped())) batch.push(next.value);
      }
      if (batch.length === 0) break;
      const examples = batch.map((s) => search.build(s));
      const preds = await predictor.predictBatch(examples);
      preds.forEach((p, i) => {
        if (judge.reached(p) && !containsAny(batch[i], flipped())) hits.push({ set: batch[i], example: examples[i], prediction: p });
      });
      if (hits.length >= search.maxResults) return { hits: hits.slice(0, search.maxResults), budgetExhausted: false };
    }
    if (search.stopAtFirstSize && hits.length > 0) break;
  }
  return { hits, budgetExhausted: false };
}
