/**
 * Salience tokens laid out on the text they came from: what the salience view and its static
 * picture both draw.
 *
 * Notes: the kernel sends, beside the token labels and scores, `tokenSpans`: three integers per
 * token (start, end, word), character offsets into the original text and the index of the word
 * the token belongs to (tokens of one word share it), -1s for a token the text does not hold
 * (a [CLS], a [SEP]). With them, the text between tokens is shown as it is, and the pieces of a
 * word can be read as one word whose score is the sum of theirs. Without them (an older kernel,
 * a method whose labels are not the model's tokens) the labels are shown one after another,
 * separated by spaces, as before.
 */

/** Where one token sits: character offsets into the text and its word, or -1s for none. */
export interface TokenPlacement { start: number; end: number; word: number }

/** One label of a shown token or word, with its score. */
export interface TokenPart { label: string; score: number }

/** A run of the text as it is, or a token (or a word of several tokens) with its score. */
export type TextPiece =
  | { kind: 'text'; text: string }
  | { kind: 'token'; text: string; score: number; parts: TokenPart[]; inText: boolean };

/** The placements in `flat` (start, end, word per token), or undefined when they do not fit `count` tokens or `text`. */
export function readTokenSpans(flat: ArrayLike<number> | undefined, count: number, text: string): TokenPlacement[] | undefined {
  if (flat === undefined || flat.length === 0 || flat.length !== 3 * count) return undefined;
  const out: TokenPlacement[] = [];
  let cursor = 0;
  for (let i = 0; i < count; i++) {
    const start = Number(flat[3 * i]);
    const end = Number(flat[3 * i + 1]);
    const word = Number(flat[3 * i + 2]);
    if (start < 0) { out.push({ start: -1, end: -1, word: -1 }); continue; }
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < cursor || end < start || end > text.length) return undefined;
    cursor = end;
    out.push({ start, end, word });
  }
  return out;
}

/** `tokenSpans` for placements: the flat form the kernel sends. */
export function flatTokenSpans(placements: readonly TokenPlacement[]): Int32Array {
  const flat = new Int32Array(3 * placements.length);
  placements.forEach((p, i) => flat.set([p.start, p.end, p.word], 3 * i));
  return flat;
}

/** True when some word is made of more than one token (so grouping into words changes something). */
export function hasMultiPieceWords(placements: readonly TokenPlacement[] | undefined): boolean {
  if (placements === undefined) return false;
  return placements.some((p, i) => i > 0 && p.word >= 0 && placements[i - 1].word === p.word);
}

/**
 * The pieces to draw: with placements, the text cut at the tokens (the text between them kept,
 * a token outside the text drawn where it comes in order, the text after the last token kept);
 * `groupWords` joins consecutive tokens of one word into one piece scored by their sum. Without
 * placements, the labels separated by spaces.
 */
export function layoutTokens(text: string, labels: readonly string[], scores: ArrayLike<number>, placements: readonly TokenPlacement[] | undefined, groupWords: boolean): TextPiece[] {
  const part = (i: number): TokenPart => ({ label: labels[i], score: Number(scores[i]) });
  if (placements === undefined) {
    return labels.flatMap((label, i): TextPiece[] => [
      ...(i > 0 ? [{ kind: 'text' as const, text: ' ' }] : []),
      { kind: 'token', text: label, score: Number(scores[i]), parts: [part(i)], inText: false },
    ]);
  }
  const out: TextPiece[] = [];
  let cursor = 0;
  let open: { piece: Extract<TextPiece, { kind: 'token' }>; word: number; start: number } | undefined;
  placements.forEach((p, i) => {
    if (p.start < 0) {
      open = undefined;
      out.push({ kind: 'token', text: labels[i], score: Number(scores[i]), parts: [part(i)], inText: false });
      return;
    }
    if (groupWords && open !== undefined && open.word === p.word && p.start === cursor) {
      open.piece.parts.push(part(i));
      open.piece.score += Number(scores[i]);
      open.piece.text = text.slice(open.start, p.end);
      cursor = p.end;
      return;
    }
    if (p.start > cursor) out.push({ kind: 'text', text: text.slice(cursor, p.start) });
    const piece: Extract<TextPiece, { kind: 'token' }> = { kind: 'token', text: text.slice(p.start, p.end), score: Number(scores[i]), parts: [part(i)], inText: true };
    out.push(piece);
    open = { piece, word: p.word, start: p.start };
    cursor = p.end;
  });
  if (cursor < text.length) out.push({ kind: 'text', text: text.slice(cursor) });
  return out;
}
