/**
 * Models that supply their own gradients: `withTokenGradients(model, { embed, gradients,
 * vocabulary? })` gives the gradient methods a model they can run; `runWithTokenGradients`
 * runs one method when the answers are promises; `runWithModelGradients` runs any method on
 * any model (the widgets' path: a supplier's promises are awaited, other models run as ever).
 */
import type { ModelAdapter } from '../../adapter';
import { AbortError } from '../../predict/batches';
import { AnswerBook } from './answer-book';
import type { TokenGradientSupply } from './contract';
import { TokenGradientModel } from './token-gradient-model';

export type { TokenEmbeddingsAnswer, TokenGradientsAnswer, TokenGradientSupply } from './contract';
export { TokenGradientModel } from './token-gradient-model';
export { AnswerPendingError } from './answer-book';

/** `model` (any adapter: a predict function, a remote model) with gradients from `supply`. */
export function withTokenGradients(model: ModelAdapter, supply: TokenGradientSupply): TokenGradientModel {
  return new TokenGradientModel(model, supply);
}

export interface TokenGradientRunOptions {
  /** Most passes before giving up (default 32). */
  maxPasses?: number;
  /** Aborting stops the run between passes and while it waits for answers (an AbortError). */
  signal?: AbortSignal;
}

/**
 * Runs a gradient method (`(m) => integratedGradients(m, example)`, `(m) => hotflip(m, example)`)
 * on a model whose supplier answers with promises: passes repeat until one needs no new answer
 * (see `AnswerBook`). With synchronous answers the first pass is the last.
 */
export async function runWithTokenGradients<T>(model: TokenGradientModel, run: (m: TokenGradientModel) => T | Promise<T>, options: TokenGradientRunOptions = {}): Promise<T> {
  const { maxPasses = 32, signal } = options;
  const cancelled = (): Error => new AbortError(`model '${model.name}': gradients cancelled`);
  const throwIfAborted = (): void => {
    if (signal?.aborted) throw cancelled();
  };
  const book = new AnswerBook();
  const view = model.withBook(book);
  for (let pass = 1; ; pass++) {
    throwIfAborted();
    let result: T | undefined;
    let error: unknown;
    let failed = false;
    try {
      result = await run(view);
    } catch (e) {
      error = e;
      failed = true;
    }
    book.throwDeferred();
    if (book.pending === 0) {
      if (failed) throw error;
      return result as T;
    }
    throwIfAborted();
    if (pass >= maxPasses) throw new Error(`model '${model.name}': the method still asked new gradients after ${maxPasses} passes (is it deterministic? give a seed)`);
    await book.settle(signal, cancelled);
  }
}

/**
 * Runs `run(model)`, whatever gradient method (or black-box method, or user code) it calls: on a
 * model that supplies its own gradients through `runWithTokenGradients`, so a supplier that
 * answers with promises works where the answers are awaited (the views); on any other model
 * directly, as before.
 *
 * Notes: with a promise supplier `run` may be called more than once (see `AnswerBook`); only
 * the last call's result is returned.
 */
export async function runWithModelGradients<T>(model: ModelAdapter, run: (m: ModelAdapter) => T | Promise<T>, signal?: AbortSignal): Promise<T> {
  if (model instanceof TokenGradientModel) return runWithTokenGradients(model, run, { signal });
  return run(model);
}
