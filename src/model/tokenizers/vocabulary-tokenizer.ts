/**
 * Tokenizers over a fixed vocabulary whose tokens are matches of a pattern: words (the model's
 * word vocabulary) and characters. Each token keeps its character span in the original text.
 */
import type { TextToken, Tokenizer, TokenizerKind } from '../tokenizer';
import { tokenRegExp, vocabIndex } from '../encode/text';

export interface VocabularyTokenizerOptions {
  /** Index = id. */
  vocabulary: readonly string[];
  /** The padding entry's id (default 0). */
  padId?: number;
  /** The unknown entry's id; tokens not in the vocabulary get it (without one they are dropped). */
  unknownId?: number;
  /** Other ids never offered as substitutions ([CLS], <mask> …). */
  specialIds?: readonly number[];
  /** Lowercase before looking tokens up (default false). */
  lowercase?: boolean;
}

function checkId(name: string, id: number | undefined, size: number): void {
  if (id !== undefined && (!Number.isInteger(id) || id < 0 || id >= size)) throw new Error(`tokenizer: ${name} ${id} is not an id of the vocabulary of ${size}`);
}

/**
 * `text.toLowerCase()` with, when lowercasing changed the length ('İ' → 'i̇'), the original
 * offset of every position of the result (one entry more, for the end).
 */
function lowercased(text: string): { source: string; origin?: number[] } {
  const whole = text.toLowerCase();
  if (whole.length === text.length) return { source: whole };
  let source = '';
  const origin: number[] = [];
  let at = 0;
  for (const ch of text) {
    const low = ch.toLowerCase();
    for (let k = 0; k < low.length; k++) origin.push(at);
    source += low;
    at += ch.length;
  }
  origin.push(at);
  return { source, origin };
}

class PatternTokenizer implements Tokenizer {
  readonly padId: number;
  readonly unknownId?: number;
  readonly specialIds: ReadonlySet<number>;
  private readonly index: Map<string, number>;
  private readonly pattern: RegExp;

  constructor(readonly kind: TokenizerKind, pattern: string, private readonly options: VocabularyTokenizerOptions) {
    const size = options.vocabulary?.length ?? 0;
    if (size === 0) throw new Error('tokenizer: the vocabulary is empty');
    this.padId = options.padId ?? 0;
    checkId('padId', this.padId, size);
    checkId('unknownId', options.unknownId, size);
    for (const id of options.specialIds ?? []) checkId('special id', id, size);
    this.unknownId = options.unknownId;
    this.specialIds = new Set([this.padId, ...(options.unknownId !== undefined ? [options.unknownId] : []), ...(options.specialIds ?? [])]);
    this.index = vocabIndex(options.vocabulary);
    // Word patterns read as tslit.json's tokenPattern always was (`u` only with \p{…}); characters as code points.
    this.pattern = kind === 'character' ? new RegExp(pattern, 'gu') : tokenRegExp(pattern);
  }

  tokenize(text: string): TextToken[] {
    return [...this.tokens(text)];
  }

  /** Stops matching at `maxLength` ids: a model reading 128 ids of a 50,000-character mail reads 128 tokens. */
  encodeIds(text: string, maxLength?: number): number[] {
    if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength >= 0)) throw new Error(`tokenizer: maxLength must be a whole number ≥ 0, got ${maxLength}`);
    const ids: number[] = [];
    if (maxLength === 0) return ids;
    for (const t of this.tokens(text)) {
      ids.push(t.id);
      if (ids.length === maxLength) break;
    }
    return ids;
  }

  private *tokens(text: string): Generator<TextToken> {
    if (typeof text !== 'string') throw new Error(`tokenizer: expected text, got ${text === null ? 'null' : typeof text}`);
    // The pattern matches the lowercased text (as training's tokenize() does), spans are offsets into the original.
    const { source, origin } = this.options.lowercase ? lowercased(text) : { source: text, origin: undefined };
    let word = 0;
    for (const m of source.matchAll(this.pattern)) {
      if (m[0].length === 0) continue;
      const token = m[0];
      const id = this.index.get(token) ?? this.unknownId;
      if (id === undefined) continue;
      const at = m.index ?? 0;
      const start = origin ? origin[at] : at;
      const end = origin ? origin[at + m[0].length] : at + m[0].length;
      yield { token, id, start, end, word: word++ };
    }
  }

  vocabulary(): readonly string[] {
    return this.options.vocabulary;
  }

  surface(id: number): string | undefined {
    if (this.specialIds.has(id)) return undefined;
    return this.options.vocabulary[id];
  }
}

/** Words as the pattern matches them (default: runs of letters and digits, with inner apostrophes). */
export function wordTokenizer(options: VocabularyTokenizerOptions & { pattern?: string }): Tokenizer {
  return new PatternTokenizer('word', options.pattern ?? "[\\p{L}\\p{N}]+(?:['’][\\p{L}\\p{N}]+)*", options);
}

/** One token per character (code point), spaces included when the vocabulary has them. */
export function characterTokenizer(options: VocabularyTokenizerOptions): Tokenizer {
  return new PatternTokenizer('character', '[\\s\\S]', { ...options });
}
