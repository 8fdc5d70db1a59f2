/**
 * Text preprocessing as the text model was trained with it (tslit.json `text` section):
 * tokenize, map to ids, pad or truncate to the model's fixed length.
 *
 * Notes: training scripts should import {@link tokenize} and {@link tokensToIds} so that
 * training and inference split text the same way.
 */
import type { TextPreprocessing } from '../metadata';

/** The token RegExp: `tokenPattern` with the global flag (and `u` when it uses `\p{...}`). */
export function tokenRegExp(pattern: string): RegExp {
  return new RegExp(pattern, /\\[pP]\{/.test(pattern) ? 'gu' : 'g');
}

/** Splits text into tokens: every match of the token pattern, after lowercasing if asked. */
export function tokenize(text: string, pre: Pick<TextPreprocessing, 'lowercase' | 'tokenPattern'>): string[] {
  const source = pre.lowercase ? text.toLowerCase() : text;
  return Array.from(source.matchAll(tokenRegExp(pre.tokenPattern)), (m) => m[0]).filter((t) => t.length > 0);
}

/** A token → id lookup for a vocabulary (first occurrence wins). */
export function vocabIndex(vocab: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  vocab.forEach((t, i) => { if (!index.has(t)) index.set(t, i); });
  return index;
}

/** Maps tokens to ids; unknown tokens get `oovId`. */
export function tokensToIds(tokens: readonly string[], index: ReadonlyMap<string, number>, oovId: number): number[] {
  return tokens.map((t) => index.get(t) ?? oovId);
}

/** Truncates to `maxLength` or pads with `padId` up to it. */
export function padIds(ids: readonly number[], maxLength: number, padId: number): number[] {
  const out = ids.slice(0, maxLength);
  while (out.length < maxLength) out.push(padId);
  return out;
}

/** Checks the text section of tslit.json for consistency; throws naming what is wrong. */
export function checkTextPreprocessing(pre: TextPreprocessing): void {
  const n = pre.vocab?.length ?? 0;
  if (n === 0) throw new Error('tslit.json text.vocab is empty');
  for (const key of ['padId', 'oovId'] as const) {
    const v = pre[key];
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new Error(`tslit.json text.${key} = ${v} is not an index into the vocabulary of ${n}`);
  }
  if (!Number.isInteger(pre.maxLength) || pre.maxLength < 1) throw new Error(`tslit.json text.maxLength = ${pre.maxLength} must be a positive integer`);
  try {
    tokenRegExp(pre.tokenPattern);
  } catch (e) {
    throw new Error(`tslit.json text.tokenPattern is not a valid RegExp: ${(e as Error).message}`);
  }
  if (typeof pre.field !== 'string' || typeof pre.embeddingLayer !== 'string') throw new Error('tslit.json text needs field and embeddingLayer names');
}
