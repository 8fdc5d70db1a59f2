/**
 * The part every adapter shares: input validation up front, the prediction cache keyed by
 * example content, batching, cancellation and progress.
 *
 * Notes: subclasses implement only {@link BatchedAdapter.predictBatch}. Examples whose
 * content is already cached (or repeated within the call) are predicted once.
 */
import '../tfjs-fixes'; // tfjs-layers corrections every model needs (masked merges)
import type { Example, Prediction, Spec } from '../../core/spec';
import type { ModelAdapter, PredictOptions } from '../adapter';
import { exampleKey } from '../predict/example-key';
import { PredictionCache } from '../predict/prediction-cache';
import { checkBatchSize, runInBatches } from '../predict/batches';
import { validateExamples } from '../predict/spec-check';

export interface AdapterOptions {
  /** Shown to the person; defaults to the model's name. */
  name?: string;
  /** Examples per model call (default 64). */
  batchSize?: number;
  /** Predictions kept in the cache (default 10,000; 0 disables it). */
  cacheSize?: number;
}

export const DEFAULT_BATCH_SIZE = 64;

export abstract class BatchedAdapter implements ModelAdapter {
  readonly name: string;
  readonly batchSize: number;
  readonly cache: PredictionCache;

  constructor(name: string, options: AdapterOptions = {}) {
    this.name = options.name ?? name;
    this.batchSize = checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.cache = new PredictionCache(options.cacheSize ?? 10000);
  }

  abstract inputSpec(): Spec;
  abstract outputSpec(): Spec;

  /**
   * Predicts one batch of already validated examples. `offset` is the row index of the first
   * one, for error messages. Must dispose every tensor it makes.
   */
  protected abstract predictBatch(batch: readonly Example[], offset: number): Promise<Prediction[]>;

  async predict(examples: readonly Example[], options: PredictOptions = {}): Promise<Prediction[]> {
    const spec = this.inputSpec();
    validateExamples(spec, examples);
    if (this.cache.capacity === 0 || options.bypassCache === true) {
      // No cache: no content keys to hash, every row predicted in order.
      return runInBatches({
        items: examples, batchSize: options.batchSize ?? this.batchSize, signal: options.signal, onProgress: options.onProgress,
        run: (batch, offset) => this.predictBatch(batch, offset),
      });
    }
    const fields = Object.keys(spec).sort();
    const keys = examples.map((e) => exampleKey(e, fields));
    const results: Array<Prediction | undefined> = keys.map((k) => this.cache.get(k));
    // Unique uncached keys, each predicted once, remembering the first row it came from.
    const firstRow = new Map<string, number>();
    keys.forEach((k, i) => {
      if (results[i] === undefined && !firstRow.has(k)) firstRow.set(k, i);
    });
    const todo = [...firstRow.values()];
    const cachedCount = examples.length - todo.length;
    const fresh = await runInBatches({
      items: todo,
      batchSize: options.batchSize ?? this.batchSize,
      signal: options.signal,
      onProgress: options.onProgress && ((done) => options.onProgress?.(cachedCount + done, examples.length)),
      run: (rows) => this.predictRows(examples, rows),
    });
    const byKey = new Map<string, Prediction>();
    todo.forEach((row, j) => {
      this.cache.set(keys[row], fresh[j]);
      byKey.set(keys[row], fresh[j]);
    });
    if (options.onProgress && todo.length === 0) options.onProgress(examples.length, examples.length);
    return keys.map((k, i) => results[i] ?? (byKey.get(k) as Prediction));
  }

  /** Predicts the given rows; consecutive rows keep their real index in errors. */
  private predictRows(examples: readonly Example[], rows: readonly number[]): Promise<Prediction[]> {
    const contiguous = rows.every((r, j) => r === rows[0] + j);
    const batch = rows.map((r) => examples[r]);
    return this.predictBatch(batch, contiguous ? rows[0] : 0).catch((e: Error) => {
      if (!contiguous) e.message = `${e.message} (in a batch of rows ${rows[0]}..${rows[rows.length - 1]})`;
      throw e;
    });
  }
}
