/**
 * The contract of a text model that supplies its own gradients (as LIT's models do with a
 * `TokenEmbeddings` input and a `TokenGradients` output whose `grad_for` names it), and the
 * checks that turn a bad answer into an error naming the model, the field and the row.
 *
 * Notes: the model must accept token embeddings as input, not only text: integrated gradients
 * needs gradients at points on the path from a baseline to the input, and SmoothGrad at noisy
 * copies, which are embeddings no text encodes to.
 */
import type { Example } from '../../../core/spec';

/** One example embedded by the model itself (LIT: the `TokenEmbeddings` field). */
export interface TokenEmbeddingsAnswer {
  /** The tokens the person sees, one per embedding row. */
  tokens: string[];
  /** [tokens][dim]: the input of the model part that `gradients` runs. */
  embeddings: number[][];
  /** Vocabulary ids of the tokens (HotFlip); else looked up in `vocabulary.tokens`. */
  tokenIds?: number[];
  /** [tokens][dim] baseline for integrated gradients; default all zeros. */
  baseline?: number[][];
}

/** The model at a batch of embedding inputs (LIT: its output spec, with `TokenGradients`). */
export interface TokenGradientsAnswer {
  /** [batch][classes]: probabilities (multiclass) or [batch][1]: the score (regression). */
  probabilities: number[][];
  /** [batch][tokens][dim]: d probabilities[row][target] / d embeddings[row]; required when a target was asked for. */
  gradients?: number[][][];
}

type Maybe<T> = T | Promise<T>;

/**
 * What a model supplies so that gradient norm, grad×input, integrated gradients, SmoothGrad
 * and HotFlip can run on it. Answers may be synchronous or promises (a remote server, a
 * Python process); with promises, call the method through `runWithTokenGradients`.
 */
export interface TokenGradientSupply {
  /** Tokenizes and embeds one example. */
  embed(example: Example): Maybe<TokenEmbeddingsAnswer>;
  /**
   * Runs the model from token embeddings [batch][tokens][dim] in the context of `example`
   * (its masks, other fields). With `target` (a class index; 0 for regression), also returns
   * the gradient of that output for every row; without it, only `probabilities` is read.
   */
  gradients(embeddings: number[][][], target: number | undefined, example: Example): Maybe<TokenGradientsAnswer>;
  /** For HotFlip: every vocabulary token and its embedding row [vocab][dim]. */
  vocabulary?: { tokens: readonly string[]; embeddings: readonly number[][] };
}

/** Where a bad answer came from, for the error message. */
interface Where { model: string; call: string }

function fail(where: Where, field: string, row: number | undefined, problem: string): never {
  const at = row === undefined ? '' : `, row ${row}`;
  throw new Error(`model '${where.model}' ${where.call}: field '${field}'${at}: ${problem}`);
}

/** A [rows][cols] array of finite numbers with the given shape (undefined = any, but equal rows). */
function checkMatrix(where: Where, field: string, row: number | undefined, value: unknown, rows: number, cols: number | undefined): number {
  if (!Array.isArray(value)) fail(where, field, row, `should be an array of ${rows} rows, got ${value === undefined ? 'nothing (missing field)' : typeof value}`);
  if (value.length !== rows) fail(where, field, row, `should have ${rows} rows, got ${value.length}`);
  let width = cols;
  value.forEach((r: unknown, i) => {
    const label = row === undefined ? `${field}[${i}]` : `token ${i}`;
    if (!Array.isArray(r)) fail(where, field, row ?? i, `${label} should be an array of numbers, got ${JSON.stringify(r)}`);
    if (width === undefined) width = r.length;
    if (r.length !== width) fail(where, field, row ?? i, `${label} should have ${width} values, got ${r.length}`);
    const bad = r.findIndex((x: unknown) => typeof x !== 'number' || !Number.isFinite(x));
    if (bad >= 0) fail(where, field, row ?? i, `${label}[${bad}] is ${typeof r[bad] === 'number' ? String(r[bad]) : JSON.stringify(r[bad]) ?? 'undefined'}, not a finite number`);
  });
  return width ?? 0;
}

/** Checks `embed`'s answer; returns the embedding width. */
export function checkEmbeddings(model: string, answer: TokenEmbeddingsAnswer): number {
  const where = { model, call: 'embed()' };
  if (answer === null || typeof answer !== 'object') fail(where, 'tokens', undefined, `embed() should return { tokens, embeddings }, got ${JSON.stringify(answer)}`);
  const { tokens } = answer;
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string')) fail(where, 'tokens', undefined, `should be an array of strings, got ${JSON.stringify(tokens)}`);
  if (tokens.length === 0) fail(where, 'tokens', undefined, 'the example has no tokens');
  const dim = checkMatrix(where, 'embeddings', undefined, answer.embeddings, tokens.length, undefined);
  if (answer.baseline !== undefined) checkMatrix(where, 'baseline', undefined, answer.baseline, tokens.length, dim);
  if (answer.tokenIds !== undefined && (!Array.isArray(answer.tokenIds) || answer.tokenIds.length !== tokens.length || !answer.tokenIds.every(Number.isInteger))) {
    fail(where, 'tokenIds', undefined, `should be ${tokens.length} integer ids, got ${JSON.stringify(answer.tokenIds)}`);
  }
  return dim;
}

/** Checks `gradients`' answer for a batch of `rows` inputs of [tokens][dim]. */
export function checkGradients(model: string, answer: TokenGradientsAnswer, target: number | undefined, rows: number, tokens: number, dim: number, classes: number): void {
  const where = { model, call: `gradients(target ${target ?? 'none'})` };
  if (answer === null || typeof answer !== 'object') fail(where, 'probabilities', undefined, `gradients() should return { probabilities, gradients }, got ${JSON.stringify(answer)}`);
  checkMatrix(where, 'probabilities', undefined, answer.probabilities, rows, classes);
  if (target === undefined) return;
  const g = answer.gradients;
  if (!Array.isArray(g)) fail(where, 'gradients', undefined, `missing: a target was asked for, so [${rows}][${tokens}][${dim}] gradients are required, got ${g === undefined ? 'nothing' : typeof g}`);
  if (g.length !== rows) fail(where, 'gradients', undefined, `should have ${rows} rows (one per input), got ${g.length}`);
  g.forEach((r, i) => checkMatrix(where, 'gradients', i, r, tokens, dim));
}
