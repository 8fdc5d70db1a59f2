/**
 * Long table computations as resumable steps: a generator yields its progress now and then;
 * `runSync` runs it at once, `runSliced` in ~10 ms slices with `setImmediate` between them
 * (so the kernel reads Cancel and other messages meanwhile) and stops with an AbortError
 * when aborted.
 */
import { abortError, yieldToEventLoop } from '../progress';

/** Where a long computation is: `done` of `total` in the phase called `label`. */
export interface StepProgress {
  label: string;
  done: number;
  total: number;
}

/** A computation that yields its progress now and then and returns T at the end. */
export type Steps<T> = Generator<StepProgress, T, void>;

/** Rows handled between two yields. */
export const CHUNK = 1 << 16;

/** Runs `steps` to the end at once. */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SlicedOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
  /** Longest stretch without yielding to the event loop (default 10 ms). */
  sliceMs?: number;
}

/** Runs `steps` in slices, yielding to the event loop between them; rejects with an AbortError on abort. */
export async function runSliced<T>(steps: Steps<T>, options: SlicedOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  // The first slice runs on a later turn: the message that started the job is answered first.
  await yieldToEventLoop();
  let start = Date.now();
  for (;;) {
    if (options.signal?.aborted) throw abortError();
    const r = steps.next();
    if (r.done) return r.value;
    if (Date.now() - start >= sliceMs) {
      options.onProgress?.(r.value);
      await yieldToEventLoop();
      start = Date.now();
    }
  }
}
