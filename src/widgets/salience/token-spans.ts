/**
 * Where each salience label sits in the original text, for the view to draw tokens at their
 * character spans and group subword pieces into words (`core/token-layout`).
 *
 * Notes: labels come in two shapes. Gradient methods label the ids the model read (vocabulary
 * entries, special tokens such as [CLS] included); black-box methods label the model's words
 * (the text of each word span). With the model's tokenizer the first are matched in order to
 * its tokens (a label that matches none must be a special entry: it gets no span), the second
 * to its word spans. Without a tokenizer each label is found in the text, left to right, as a
 * whole word, case-insensitive. When neither fits, nothing is placed and the view shows the
 * labels as before.
 */
import { flatTokenSpans, type TokenPlacement } from '../../core/token-layout';
import { locateTokens, modelWordSpans } from '../../explain/counterfactuals/text-spans';
import type { Tokenizer } from '../../model/tokenizer';

const NONE: TokenPlacement = { start: -1, end: -1, word: -1 };

/** Labels matched in order to the tokenizer's tokens; undefined unless every unmatched label is a special entry and some matched. */
function asPieces(tokenizer: Tokenizer, text: string, labels: readonly string[]): TokenPlacement[] | undefined {
  const tokens = tokenizer.tokenize(text);
  const vocab = tokenizer.vocabulary();
  const special = new Set([...tokenizer.specialIds].map((id) => vocab[id]));
  let j = 0;
  const out: TokenPlacement[] = [];
  for (const label of labels) {
    const t = tokens[j];
    if (t !== undefined && label === (vocab[t.id] ?? t.token)) {
      out.push({ start: t.start, end: t.end, word: t.word });
      j++;
    } else if (special.has(label)) out.push(NONE);
    else return undefined;
  }
  return j > 0 ? out : undefined;
}

/** Labels equal, one for one, to the model's word spans. */
function asWords(tokenizer: Tokenizer, text: string, labels: readonly string[]): TokenPlacement[] | undefined {
  const words = modelWordSpans(tokenizer, text);
  if (words.length !== labels.length || words.some((w, i) => w.text !== labels[i])) return undefined;
  return words.map((w, i) => ({ start: w.start, end: w.end, word: i }));
}

/** Placements of `labels` in `text` as flat (start, end, word) triples; empty when they cannot be placed. */
export function tokenSpansOf(tokenizer: Tokenizer | undefined, text: string, labels: readonly string[]): Int32Array {
  if (labels.length === 0 || text === '') return new Int32Array(0);
  if (tokenizer !== undefined) {
    const placed = asPieces(tokenizer, text, labels) ?? asWords(tokenizer, text, labels);
    return placed ? flatTokenSpans(placed) : new Int32Array(0);
  }
  const found = locateTokens(text, labels);
  if (found.every((s) => s === undefined)) return new Int32Array(0);
  return flatTokenSpans(found.map((s, i) => (s === undefined ? NONE : { start: s.start, end: s.end, word: i })));
}
