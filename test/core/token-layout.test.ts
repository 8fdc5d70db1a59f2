/** Salience tokens laid out on their text (src/core/token-layout.ts): spans read, text kept between tokens, pieces grouped into words. */
import { flatTokenSpans, hasMultiPieceWords, layoutTokens, readTokenSpans, type TextPiece } from '../../src/core/token-layout';

const show = (pieces: TextPiece[]): string[] => pieces.map((p) => (p.kind === 'text' ? `"${p.text}"` : `[${p.text}${p.inText ? '' : '*'} ${p.score}]`));

// "Hello, worldwide!" as a subword tokenizer reads it with a [CLS]: hel ##lo , wor ##ldw ##ide !
const TEXT = 'Hello, worldwide!';
const LABELS = ['[CLS]', 'hel', '##lo', ',', 'wor', '##ldw', '##ide', '!'];
const SCORES = [0.5, 1, 2, -1, 0.25, 0.25, 0.5, 0];
const SPANS = flatTokenSpans([
  { start: -1, end: -1, word: -1 },
  { start: 0, end: 3, word: 0 }, { start: 3, end: 5, word: 0 }, { start: 5, end: 6, word: 1 },
  { start: 7, end: 10, word: 2 }, { start: 10, end: 13, word: 2 }, { start: 13, end: 16, word: 2 }, { start: 16, end: 17, word: 3 },
]);

test('pieces at their spans: the text between them kept, a token outside the text in its place', () => {
  const placed = readTokenSpans(SPANS, LABELS.length, TEXT);
  expect(show(layoutTokens(TEXT, LABELS, SCORES, placed, false))).toEqual([
    '[[CLS]* 0.5]', '[Hel 1]', '[lo 2]', '[, -1]', '" "', '[wor 0.25]', '[ldw 0.25]', '[ide 0.5]', '[! 0]',
  ]);
  expect(hasMultiPieceWords(placed)).toBe(true);
});

test('grouped into words: a word is its characters in the text, scored by the sum of its pieces, the pieces kept', () => {
  const pieces = layoutTokens(TEXT, LABELS, SCORES, readTokenSpans(SPANS, LABELS.length, TEXT), true);
  expect(show(pieces)).toEqual(['[[CLS]* 0.5]', '[Hello 3]', '[, -1]', '" "', '[worldwide 1]', '[! 0]']);
  const word = pieces[4] as Extract<TextPiece, { kind: 'token' }>;
  expect(word.parts).toEqual([{ label: 'wor', score: 0.25 }, { label: '##ldw', score: 0.25 }, { label: '##ide', score: 0.5 }]);
  // The text drawn is the input, character for character (besides the [CLS] chip).
  expect(pieces.filter((p) => p.kind === 'text' || p.inText).map((p) => p.text).join('')).toBe(TEXT);
});

test('a character model: every character a token and a word of its own, so grouping changes nothing; the text after the last token kept', () => {
  const text = 'ab c\n';
  const placed = readTokenSpans(flatTokenSpans([0, 1, 2, 3].map((i) => ({ start: i, end: i + 1, word: i }))), 4, text);
  expect(hasMultiPieceWords(placed)).toBe(false);
  const pieces = layoutTokens(text, ['a', 'b', ' ', 'c'], [1, 2, 3, 4], placed, true);
  expect(show(pieces)).toEqual(['[a 1]', '[b 2]', '[  3]', '[c 4]', '"\n"']);
});

test('without spans, or spans that do not fit the labels or the text, the labels are shown separated by spaces', () => {
  const old = ['[a* 1]', '" "', '[b* 2]'];
  expect(show(layoutTokens('a b', ['a', 'b'], [1, 2], readTokenSpans(new Int32Array(0), 2, 'a b'), true))).toEqual(old);
  expect(readTokenSpans(undefined, 2, 'a b')).toBeUndefined();
  expect(readTokenSpans([0, 1, 0], 2, 'a b')).toBeUndefined(); // 3 numbers for 2 tokens
  expect(readTokenSpans([0, 1, 0, 2, 9, 1], 2, 'a b')).toBeUndefined(); // past the end of the text
  expect(readTokenSpans([2, 3, 0, 0, 1, 1], 2, 'a b')).toBeUndefined(); // out of order
  expect(readTokenSpans([0, 1, 0, 2, 3, 1], 2, 'a b')).toEqual([{ start: 0, end: 1, word: 0 }, { start: 2, end: 3, word: 1 }]);
});
