/**
 * The string arithmetic of Keras's StringLookup and TextVectorization, as pure functions:
 * standardizing, splitting, n-grams, the vocabulary lookup and the bag-of-words encodings.
 * Checked against Keras 3 in test/convert/keras-string-layers.test.ts.
 */

/** Keras's `DEFAULT_STRIP_REGEX`. */
const STRIP_PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

export type OutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count' | 'tf_idf';
export const OUTPUT_MODES: readonly OutputMode[] = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];
/** The modes that reduce a row of tokens to one vector of the vocabulary's size. */
export const BAG_MODES: ReadonlySet<OutputMode> = new Set(['multi_hot', 'count', 'tf_idf']);

export type SplitMode = 'whitespace' | 'character' | null;
export const STANDARDIZE_MODES: readonly string[] = ['lower_and_strip_punctuation', 'lower', 'strip_punctuation'];

/** Keras's `standardize` options on one text. */
export function standardize(text: string, how: string | null): string {
  if (how === null) return text;
  const lower = how.includes('lower') ? text.toLowerCase() : text;
  return how.includes('strip_punctuation') ? lower.replace(STRIP_PUNCTUATION, '') : lower;
}

/** Keras's `split`: on whitespace (no empty tokens), into Unicode code points, or not at all (the whole text one token). */
export function splitText(text: string, how: SplitMode): string[] {
  if (how === null) return [text];
  if (how === 'character') return Array.from(text);
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** Keras's `ngrams` option as the widths tf.strings.ngrams makes: n → 1..n, a list → those widths, none → [1]. */
export function ngramWidths(ngrams: unknown): number[] {
  if (ngrams === null || ngrams === undefined) return [1];
  if (typeof ngrams === 'number' && Number.isInteger(ngrams) && ngrams >= 1) return Array.from({ length: ngrams }, (_, i) => i + 1);
  if (Array.isArray(ngrams) && ngrams.length > 0 && ngrams.every((n) => Number.isInteger(n) && n >= 1)) return ngrams as number[];
  throw new Error(`ngrams ${JSON.stringify(ngrams)}: expected a positive integer or a list of them`);
}

/** tf.strings.ngrams(tokens, widths, separator ' '): every n-gram of the first width, then of the next; a width longer than the row gives none. */
export function ngramsOf(tokens: readonly string[], widths: readonly number[]): string[] {
  if (widths.length === 1 && widths[0] === 1) return [...tokens];
  return widths.flatMap((n) => Array.from({ length: Math.max(0, tokens.length - n + 1) }, (_, i) => tokens.slice(i, i + n).join(' ')));
}

/** Maps tokens to vocabulary indices as Keras's IndexLookup does with one OOV index. */
export interface TokenIndex {
  /** The index of a token; -1 for a mask token outside 'int' mode (dropped from a bag). */
  (token: string): number;
}

/**
 * `vocabulary` as get_vocabulary() lists it. In 'int' mode a mask token is index 0 (and in the
 * vocabulary); in the other modes the vocabulary holds no mask and mask tokens are dropped.
 * An unknown token takes the OOV token's index.
 */
export function tokenIndex(vocabulary: readonly string[], mode: OutputMode, maskToken: string | null, oovToken: string): TokenIndex {
  const index = new Map<string, number>();
  vocabulary.forEach((t, i) => {
    if (!index.has(t)) index.set(t, i);
  });
  const oov = index.get(oovToken) ?? (maskToken !== null && mode === 'int' ? 1 : 0);
  return (token) => {
    if (maskToken !== null && token === maskToken) return mode === 'int' ? 0 : -1;
    return index.get(token) ?? oov;
  };
}

/**
 * Keras's multi_hot / count / tf_idf of one row's indices into `out` (length `depth`): presence,
 * counts, or counts × `idf`. Indices below 0 (masked) are left out.
 */
export function encodeBag(ids: readonly number[], mode: OutputMode, out: Float32Array, idf?: ArrayLike<number>): void {
  for (const id of ids) {
    if (id < 0) continue;
    out[id] = mode === 'multi_hot' ? 1 : out[id] + 1;
  }
  if (mode === 'tf_idf' && idf) for (let i = 0; i < out.length; i++) out[i] *= idf[i];
}
