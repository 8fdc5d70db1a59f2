/**
 * Tokenization and vocabulary for the text model, exactly as `TextPreprocessing` in
 * `src/model/metadata.ts` describes it: lowercase, then every match of `tokenPattern`.
 *
 * Notes: splitting text and mapping tokens to ids are the model layer's own functions
 * (`src/model/encode/text.ts`), so training and inference cannot drift apart. Ids are
 * `padId` 0 and `oovId` 1 followed by the vocabulary by falling frequency (ties
 * alphabetical), so the vocabulary is a pure function of the training texts.
 */
import type { TextPreprocessing } from '../../src/model/metadata';
import { padIds, tokenize, tokensToIds } from '../../src/model/encode/text';

export const PAD = '<pad>';
export const OOV = '<unk>';

/** Words of letters/digits (with inner apostrophes), and `$` and `!` on their own. */
export const TOKEN_PATTERN = "[a-z0-9]+(?:'[a-z]+)*|[$!]";

export type TokenRule = Pick<TextPreprocessing, 'lowercase' | 'tokenPattern'>;

/** `[PAD, OOV, ...]` holding the `size - 2` most frequent tokens seen at least `minCount` times. */
export function buildVocab(texts: readonly string[], rule: TokenRule, size: number, minCount = 2): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const tok of tokenize(t, rule)) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  const ranked = [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, size - 2)
    .map(([tok]) => tok);
  return [PAD, OOV, ...ranked];
}

/** Token ids of one text, cut to `maxLength` and right-padded with `padId`. */
export function encodeText(text: string, pre: TextPreprocessing, index: ReadonlyMap<string, number>): number[] {
  return padIds(tokensToIds(tokenize(text, pre), index, pre.oovId), pre.maxLength, pre.padId);
}
