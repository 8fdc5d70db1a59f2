/**
 * The diff behind the counterfactuals list's highlighting: a text result cut into the model's
 * words and the text between them, each marked 'same', 'added' (changed or inserted) or
 * 'removed' (a word of the original that is gone), so the view highlights with text nodes and
 * never parses HTML.
 *
 * Notes: words are what `split` returns (by default runs of non-space characters; the widget
 * passes the model's tokenizer, so a character model's edits show as characters and a subword
 * model's as whole words). The text between words is never compared: it is shown as `after`
 * has it. An LCS over more than {@link MAX_CELLS} word pairs falls back to whitespace words.
 */
import { wordSpans, type Span } from '../../explain/counterfactuals/text-spans';

/** A piece of a text result: a word or the text between words. */
export interface TextSegment {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

/** Words of a text with their character spans. */
export type WordSplit = (text: string) => Span[];

export const whitespaceWords: WordSplit = (text) => wordSpans(text, /\S+/u);

/** Largest LCS table (a character model's 2,000-character texts). */
const MAX_CELLS = 4_000_000;

/** Longest-common-subsequence table of two word lists: L[i][j] for the suffixes a[i..], b[j..]. */
function lcsTable(a: readonly string[], b: readonly string[]): Uint16Array[] {
  const L = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  return L;
}

/**
 * Diff of `after` against `before`: segments of `after` (its words and the text between them),
 * with removed words of `before` in place. A removed word is followed by a removed space unless
 * the words cover both texts whole (a character model's characters).
 */
export function diffWords(before: string, after: string, split: WordSplit = whitespaceWords): TextSegment[] {
  let aSpans = split(before);
  let bSpans = split(after);
  if ((aSpans.length + 1) * (bSpans.length + 1) > MAX_CELLS) {
    split = whitespaceWords;
    aSpans = split(before);
    bSpans = split(after);
  }
  const aw = aSpans.map((s) => s.text);
  const bw = bSpans.map((s) => s.text);
  const n = aw.length;
  const m = bw.length;
  const L = lcsTable(aw, bw);
  const added = new Array<boolean>(m).fill(false);
  const removedBefore = new Map<number, string[]>(); // word index j of `after` → removed words before it
  const pushRemoved = (at: number, word: string) => removedBefore.set(at, [...(removedBefore.get(at) ?? []), word]);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (aw[i] === bw[j]) { i++; j++; }
    else if (L[i + 1][j] >= L[i][j + 1]) pushRemoved(j, aw[i++]);
    else added[j++] = true;
  }
  for (; i < n; i++) pushRemoved(m, aw[i]);
  for (; j < m; j++) added[j] = true;
  const covered = (text: string, spans: readonly Span[]): boolean => spans.reduce((len, sp) => len + sp.end - sp.start, 0) === text.length;
  const spaced = !(covered(before, aSpans) && covered(after, bSpans));
  const out: TextSegment[] = [];
  const flushRemoved = (at: number) => {
    for (const r of removedBefore.get(at) ?? []) out.push({ text: r, kind: 'removed' }, ...(spaced ? [{ text: ' ', kind: 'removed' as const }] : []));
  };
  const gap = (from: number, to: number) => { if (to > from) out.push({ text: after.slice(from, to), kind: 'same' }); };
  let cursor = 0;
  bSpans.forEach((s, k) => {
    gap(cursor, s.start);
    flushRemoved(k);
    out.push({ text: s.text, kind: added[k] ? 'added' : 'same' });
    cursor = s.end;
  });
  gap(cursor, after.length);
  flushRemoved(m);
  return out;
}
