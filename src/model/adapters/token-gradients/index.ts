/**
 * Models that supply their own gradients: `withTokenGradients(model, { embed, gradients,
 * vocabulary? })` gives the gradient methods a model they can run; `runWithTokenGradients`
 * runs one method when the answers are promises.
 */
import type { ModelAdapter } from '../../adapter';
import { AnswerBook } from './answer-book';
import type { TokenGradientSupply } from './contract';
import { TokenGradientModel } from './token-gradient-model';

export type { TokenEmbeddingsAnswer, TokenGradientsAnswer, TokenGradientSupply } from './contract';
export { TokenGradientModel } from './token-gradient-model';

/** `model` (any adapter: a predict function, a remote model) with gradients from `supply`. */
export function withTokenGradients(model: ModelAdapter, supply: TokenGradientSupply): TokenGradientModel {
  return new TokenGradientModel(model, supply);
}

/**
 * Runs a gradient method (`(m) => integratedGradients(m, example)`, `(m) => hotflip(m, example)`)
 * on a model whose supplier answers with promises: passes repeat until one needs no new answer
 * (see `AnswerBook`). At most `maxPasses` passes (default 32).
 */
export async function runWithTokenGradients<T>(model: TokenGradientModel, run: (m: TokenGradientModel) => T | Promise<T>, maxPasses = 32): Promise<T> {
  const book = new AnswerBook();
  const view = model.withBook(book);
  for (let pass = 1; ; pass++) {
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
    if (pass >= maxPasses) throw new Error(`model '${model.name}': the method still asked new gradients after ${maxPasses} passes (is it deterministic? give a seed)`);
    await book.settle();
  }
}
