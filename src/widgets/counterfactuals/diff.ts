/**
 * The word-level diff behind the counterfactuals list's highlighting: a text result cut into
 * words and spaces, each marked 'same', 'added' (changed or inserted) or 'removed' (a word of
 * the original that is gone), so the view highlights with text nodes and never parses HTML.
 */

/** A piece of a text result: a word or the space between words. */
export interface TextSegment {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

/** Word-level diff of `after` against `before`: segments of `after`, with removed words of `before` in place. */
export function diffWords(before: string, after: string): TextSegment[] {
  const a = before.split(/(\s+)/).filter((t) => t !== '');
  const b = after.split(/(\s+)/).filter((t) => t !== '');
  const isSpace = (t: string) => /^\s+$/.test(t);
  const aw = a.filter((t) => !isSpace(t));
  const n = aw.length;
  const bIdx = b.map((t, i) => (isSpace(t) ? -1 : i)).filter((i) => i >= 0);
  const m = bIdx.length;
  // LCS table over words (texts here are a few hundred words at most).
  const L = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = aw[i] === b[bIdx[j]] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const kindOf = new Map<number, 'same' | 'added'>();
  const removedBefore = new Map<number, string[]>(); // position in b (word index j) → removed words before it
  let i = 0;
  let j = 0;
  const pushRemoved = (at: number, word: string) => {
    const list = removedBefore.get(at) ?? [];
    list.push(word);
    removedBefore.set(at, list);
  };
  while (i < n && j < m) {
    if (aw[i] === b[bIdx[j]]) {
      kindOf.set(bIdx[j], 'same');
      i++;
      j++;
    } else if (L[i + 1][j] >= L[i][j + 1]) {
      pushRemoved(j, aw[i]);
      i++;
    } else {
      kindOf.set(bIdx[j], 'added');
      j++;
    }
  }
  for (; i < n; i++) pushRemoved(m, aw[i]);
  for (; j < m; j++) kindOf.set(bIdx[j], 'added');
  const out: TextSegment[] = [];
  let word = 0;
  const flushRemoved = (at: number) => {
    for (const r of removedBefore.get(at) ?? []) out.push({ text: r, kind: 'removed' }, { text: ' ', kind: 'removed' });
  };
  b.forEach((t, k) => {
    if (isSpace(t)) {
      out.push({ text: t, kind: 'same' });
      return;
    }
    flushRemoved(word);
    out.push({ text: t, kind: kindOf.get(k) ?? 'same' });
    word++;
  });
  flushRemoved(m);
  return out;
}
