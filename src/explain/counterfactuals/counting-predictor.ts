/**
 * Predicts candidate batches and counts the calls, so every generator can report how many
 * model calls it made and how many examples a one-at-a-time search would have predicted.
 */
import type { Example, Prediction } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import type { PredictionBudget } from './types';

export const DEFAULT_BATCH_SIZE = 128;

export class CountingPredictor {
  calls = 0;
  predicted = 0;
  readonly batchSize: number;
  private readonly maxPredictions: number;

  constructor(private readonly model: ModelAdapter, private readonly budget: PredictionBudget = {}) {
    const b = budget.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(b) || b < 1) throw new Error(`batchSize must be a positive integer, got ${b}`);
    this.batchSize = b;
    this.maxPredictions = budget.maxPredictions ?? Infinity;
  }

  /** Examples still allowed by the budget. */
  get remaining(): number {
    return Math.max(0, this.maxPredictions - this.predicted);
  }

  /** One `predict` call for all of `examples` (callers keep batches at most `batchSize`). */
  async predictBatch(examples: readonly Example[]): Promise<Prediction[]> {
    if (examples.length === 0) return [];
    this.budget.signal?.throwIfAborted();
    this.calls += 1;
    this.predicted += examples.length;
    const preds = await this.model.predict(examples, { batchSize: examples.length, signal: this.budget.signal });
    if (preds.length !== examples.length) {
      throw new Error(`model "${this.model.name}" returned ${preds.length} predictions for ${examples.length} examples`);
    }
    return preds;
  }

  /** Predicts any number of examples in batches of `batchSize`, ignoring the budget. */
  async predictAll(examples: readonly Example[]): Promise<Prediction[]> {
    const out: Prediction[] = [];
    for (let i = 0; i < examples.length; i += this.batchSize) {
      out.push(...(await this.predictBatch(examples.slice(i, i + this.batchSize))));
    }
    return out;
  }
}
