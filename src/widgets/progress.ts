/**
 * Long jobs of a widget (predicting a whole dataset, a PDP sweep, a UMAP layout) with their
 * progress in widget state and a Cancel that works while they run.
 *
 * Notes:
 * - The widget's state carries `progress: {done,total,label} | null` and `jobStatus`
 *   ('idle' | 'running' | 'done' | 'cancelled' | 'error'); the view shows a progress bar with
 *   a Cancel button (src/lab/elements/progress-bar.ts) that sends `{method:'cancel'}`.
 * - Cancel aborts the job's AbortSignal; the job must pass it on (model `predict`, `umap`)
 *   or check it between batches. A new job on the same widget cancels the older one
 *   (latest wins); the older one's result is reported as cancelled.
 * - Progress is published at most every `intervalMs` (default 100 ms) plus once at the end,
 *   so a fast job does not flood the comm.
 * - `runBatched` yields to the event loop (`setImmediate`) between batches: while a job
 *   runs, the kernel keeps reading messages, so Cancel arrives and other cells execute.
 */
import type { Widget } from '../kernel/widget';

export interface ProgressInfo {
  done: number;
  total: number;
  label: string;
}

export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** The state fields a widget with jobs has. */
export interface ProgressFields {
  progress: ProgressInfo | null;
  jobStatus: JobStatus;
}

/** What a job gets: the signal to honour and a way to report progress. */
export interface JobContext {
  signal: AbortSignal;
  /** Reports progress; `label` (optional) renames the phase, e.g. 'Predicting' then 'UMAP'. */
  report(done: number, total: number, label?: string): void;
}

export type JobOutcome<T> = { status: 'done'; value: T } | { status: 'cancelled' } | { status: 'error'; error: unknown };

/** Whether `e` is a cancellation (the model layer's AbortError, umap's, or DOM's). */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || /cancelled|aborted/i.test(e.message));
}

/** True when `content` is the view's `{method:'cancel'}`. */
export function isCancelMessage(content: unknown): boolean {
  return content !== null && typeof content === 'object' && (content as { method?: unknown }).method === 'cancel';
}

/** Runs one job at a time for `widget`, publishing progress and honouring Cancel. */
export class ProgressJobs<S extends ProgressFields> {
  private running: AbortController | null = null;
  private readonly stop: () => void;

  constructor(private readonly widget: Widget<S>, private readonly intervalMs = 100) {
    this.stop = widget.onCustom((content) => {
      if (isCancelMessage(content)) this.cancel();
    });
  }

  /** Whether a job is running now. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Cancels the running job, if any. */
  cancel(): void {
    this.running?.abort(new Error('cancelled'));
  }

  /** Runs `job`, cancelling any older one; resolves with how it ended (never rejects). */
  async run<T>(label: string, job: (ctx: JobContext) => Promise<T>): Promise<JobOutcome<T>> {
    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    const set = (patch: Partial<ProgressFields>) => {
      if (this.running === controller) this.widget.set(patch as Partial<S>);
    };
    let last = 0;
    let latest: ProgressInfo = { done: 0, total: 0, label };
    set({ progress: latest, jobStatus: 'running' });
    let phase = label;
    const report = (done: number, total: number, newLabel?: string): void => {
      const renamed = newLabel !== undefined && newLabel !== phase;
      if (newLabel !== undefined) phase = newLabel;
      latest = { done, total, label: phase };
      const now = Date.now();
      if (renamed || now - last >= this.intervalMs || done >= total) {
        last = now;
        set({ progress: latest });
      }
    };
    try {
      const value = await job({ signal: controller.signal, report });
      if (controller.signal.aborted) throw new Error('cancelled');
      set({ progress: null, jobStatus: 'done' });
      return { status: 'done', value };
    } catch (error) {
      if (controller.signal.aborted || isAbort(error)) {
        set({ progress: null, jobStatus: 'cancelled' });
        return { status: 'cancelled' };
      }
      set({ progress: null, jobStatus: 'error' });
      return { status: 'error', error };
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  dispose(): void {
    this.cancel();
    this.stop();
  }
}

export interface BatchedOptions {
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Maps `fn` over `items` batch by batch, yielding to the event loop between batches and
 * stopping with an AbortError when `signal` aborts; results keep the input order.
 */
export async function runBatched<I, O>(items: readonly I[], fn: (batch: readonly I[], offset: number) => O[] | Promise<O[]>, options: BatchedOptions): Promise<O[]> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error(`runBatched: batchSize must be a positive integer, got ${options.batchSize}`);
  const out: O[] = [];
  for (let offset = 0; offset < items.length; offset += options.batchSize) {
    if (options.signal?.aborted) throw abortError();
    const batch = items.slice(offset, offset + options.batchSize);
    const results = await fn(batch, offset);
    if (results.length !== batch.length) throw new Error(`runBatched: batch at ${offset} gave ${results.length} results for ${batch.length} items`);
    out.push(...results);
    options.onProgress?.(offset + batch.length, items.length);
    await yieldToEventLoop();
  }
  if (options.signal?.aborted) throw abortError();
  return out;
}

/** Lets the kernel read its messages (Cancel, other cells) before the next step of a job. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The AbortError a job throws when its signal aborted between steps. */
export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}
