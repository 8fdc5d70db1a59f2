/**
 * Running a job over examples in batches, with cancellation between batches and progress.
 */

/** The error a cancelled job rejects with (name 'AbortError', as fetch and DOM APIs use). */
export class AbortError extends Error {
  constructor(message = 'prediction cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** Throws {@link AbortError} if the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason = signal.reason as unknown;
    throw new AbortError(reason instanceof Error ? `prediction cancelled: ${reason.message}` : 'prediction cancelled');
  }
}

/** Lets other tasks (an abort, a widget message) run between batches. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Checks a batch size: a positive integer. */
export function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  return batchSize;
}

export interface BatchJob<T, R> {
  items: readonly T[];
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Runs one batch; `offset` is the index of its first item in `items` (for error messages). */
  run: (batch: readonly T[], offset: number) => Promise<R[]>;
}

/** Runs `run` over consecutive batches; results in input order. */
export async function runInBatches<T, R>(job: BatchJob<T, R>): Promise<R[]> {
  const size = checkBatchSize(job.batchSize);
  const out: R[] = [];
  for (let start = 0; start < job.items.length; start += size) {
    throwIfAborted(job.signal);
    const batch = job.items.slice(start, start + size);
    const results = await job.run(batch, start);
    if (results.length !== batch.length) {
      throw new Error(`a batch of ${batch.length} examples returned ${results.length} predictions`);
    }
    for (const r of results) out.push(r);
    job.onProgress?.(out.length, job.items.length);
    if (start + size < job.items.length) await yieldToEventLoop();
  }
  throwIfAborted(job.signal);
  return out;
}
