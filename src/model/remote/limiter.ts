/**
 * Bounds the requests to a server: at most `concurrency` in flight, and at most `maxQps`
 * started per second (a token bucket holding one second's worth).
 */
import { AbortError } from '../predict/batches';

export class RequestLimiter {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private tokens: number;
  private refilledAt = Date.now();

  constructor(readonly concurrency: number, readonly maxQps?: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
    if (maxQps !== undefined && !(maxQps > 0 && Number.isFinite(maxQps))) throw new Error(`maxQps must be a positive number, got ${maxQps}`);
    this.tokens = maxQps ?? 0;
  }

  /** Runs `fn` when a slot (and a rate token) is free. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      await this.takeToken(signal);
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => { signal?.removeEventListener('abort', onAbort); this.inFlight++; resolve(); };
      const onAbort = () => { const i = this.waiting.indexOf(go); if (i >= 0) this.waiting.splice(i, 1); reject(new AbortError()); };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  private async takeToken(signal?: AbortSignal): Promise<void> {
    const qps = this.maxQps;
    if (qps === undefined) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(qps, this.tokens + ((now - this.refilledAt) / 1000) * qps);
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const wait = ((1 - this.tokens) / qps) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(1, wait)));
      if (signal?.aborted) throw new AbortError();
    }
  }
}
