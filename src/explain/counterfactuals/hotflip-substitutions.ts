/**
 * Which vocabulary entries HotFlip may write at a position, and the text each one writes.
 *
 * Notes: a subword tokenizer's pieces are of two kinds: word-start pieces (`the`, `Ġthe`,
 * `▁the`) and continuations (`##ing`). A continuation written where a word starts, or a
 * word-start piece written inside a word, gives text the model would read differently ("hel" +
 * "cat" → "helcat"). So positions are of two classes, each with its own allowed entries, and
 * the text written is the tokenizer's `surface()` of the entry, not its vocabulary string.
 * Without a subword tokenizer every position is of one class and entries are written as they are.
 */
import type { Tokenizer } from '../../model/tokenizer';
import type { Span } from './text-spans';

/** Letters and digits with inner apostrophes: entries HotFlip writes into running text. */
export const WORD = /^[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*$/u;

export interface Substitutions {
  /** Per class, indexed by vocabulary id: may the entry be written there. */
  allowed: ReadonlyArray<readonly boolean[]>;
  /** The class of each token position (index into `allowed`). */
  classes: readonly number[];
  /** The text entry `id` writes over `span` at a position of class `cls`. */
  text(id: number, cls: number, span: Span, source: string): string;
}

const WORD_START = 0;
const INSIDE_WORD = 1;

/** Every position alike; entries that are words (and not excluded) are written verbatim. */
export function plainSubstitutions(vocab: readonly string[], positions: number, excluded: ReadonlySet<string>): Substitutions {
  const allowed = vocab.map((w) => WORD.test(w) && !excluded.has(w));
  return { allowed: [allowed], classes: new Array<number>(positions).fill(0), text: (id) => vocab[id] };
}

/**
 * Word-start and inside-word positions of a subword tokenizer's tokens (`words[i]` is token
 * i's word index, `undefined` for a position with no token of the text, e.g. [CLS]).
 */
export function subwordSubstitutions(tokenizer: Tokenizer, vocab: readonly string[], words: ReadonlyArray<number | undefined>, excluded: ReadonlySet<string>): Substitutions {
  const allowedAs = (position: 'word-start' | 'inside-word'): boolean[] =>
    vocab.map((w, id) => {
      if (excluded.has(w) || tokenizer.specialIds.has(id)) return false;
      const s = tokenizer.surface(id, position);
      return s !== undefined && WORD.test(s.trimStart());
    });
  const classes = words.map((w, i) => (i > 0 && w !== undefined && words[i - 1] === w ? INSIDE_WORD : WORD_START));
  return {
    allowed: [allowedAs('word-start'), allowedAs('inside-word')],
    classes,
    text: (id, cls, span, source) => {
      const s = tokenizer.surface(id, cls === INSIDE_WORD ? 'inside-word' : 'word-start') ?? vocab[id];
      // A byte-level or SentencePiece word start carries its space (` the`); the span starts after the text's own space.
      const spaced = span.start === 0 || /\s/u.test(source[span.start - 1]);
      return spaced ? s.trimStart() : s;
    },
  };
}
