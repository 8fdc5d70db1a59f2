/**
 * The answers of one run of a gradient method on a model that supplies its gradients, for
 * suppliers that answer with promises (a server, another process).
 *
 * Notes: gradient methods and tfjs tapes are synchronous, so an answer that is not in yet
 * cannot be awaited where it is asked for. The run goes on with a stand-in (uniform
 * probabilities, zero gradients), the question is sent at once, and when the run ends its result
 * is dropped and the run repeated with the answers in hand; the methods are deterministic
 * (seeded noise), so each pass asks only what the previous ones could not know, and the pass
 * that needs no new answer is exact. Nothing throws inside a tape, so no tensor is stranded.
 */
/**
 * What a pass throws when it cannot go on before an answer is in (`embed()` still on its way):
 * the pass is dropped and repeated, so code in between (a registered method's isolation) should
 * pass it on unlogged, as it does an AbortError.
 */
export class AnswerPendingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerPendingError';
  }
}

export class AnswerBook {
  private readonly answers = new Map<string, unknown>();
  private readonly waiting = new Map<string, Promise<unknown>>();
  private deferred: Error | undefined;

  has(key: string): boolean {
    return this.answers.has(key);
  }
  get(key: string): unknown {
    return this.answers.get(key);
  }
  set(key: string, value: unknown): void {
    this.answers.set(key, value);
  }
  /** Sends a question; `answer` should already check the value (its rejection is the error). */
  ask(key: string, answer: Promise<unknown>): void {
    if (this.waiting.has(key)) return;
    answer.catch(() => undefined); // handled in settle(); no unhandled-rejection warning meanwhile
    this.waiting.set(key, answer);
  }
  /** An error that must not be thrown inside a tape: thrown once the run is over. */
  defer(error: Error): void {
    this.deferred ??= error;
  }
  get pending(): number {
    return this.waiting.size;
  }
  /** Throws the first deferred error, if any. */
  throwDeferred(): void {
    if (this.deferred) throw this.deferred;
  }
  /**
   * Waits for every question sent; the first bad answer rejects, and so does `signal` aborting
   * (with `aborted()`): the answers still on their way are then left to arrive unread.
   */
  async settle(signal?: AbortSignal, aborted: () => Error = () => new Error('cancelled')): Promise<void> {
    const entries = [...this.waiting.entries()];
    this.waiting.clear();
    const all = Promise.all(entries.map(([, p]) => p));
    let stop: (() => void) | undefined;
    const cancelled = new Promise<never>((_, reject) => {
      stop = () => reject(aborted());
      signal?.addEventListener('abort', stop, { once: true });
    });
    cancelled.catch(() => undefined);
    try {
      const values = await (signal ? Promise.race([all, cancelled]) : all);
      entries.forEach(([key], i) => this.answers.set(key, values[i]));
    } finally {
      if (stop) signal?.removeEventListener('abort', stop);
    }
  }
}
