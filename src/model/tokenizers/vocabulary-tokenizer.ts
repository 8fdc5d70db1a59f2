/**
 * Tokenizers over a fixed vocabulary whose tokens are matches of a pattern: words (the model's
 * word vocabulary) and characters. Each token keeps its character span in the original text.
 */
import type { TextToken, Tokenizer, TokenizerKind } from '../tokenizer';
import { vocabIndex } from '../encode/text';

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
    this.pattern = new RegExp(pattern, 'gu');
  }

  tokenize(text: string): TextToken[] {
    if (typeof text !== 'string') throw new Error(`tokenizer: expected text, got ${text === null ? 'null' : typeof text}`);
    const out: TextToken[] = [];
    for (const m of text.matchAll(this.pattern)) {
      if (m[0].length === 0) continue;
      const token = this.options.lowercase ? m[0].toLowerCase() : m[0];
      const id = this.index.get(token) ?? this.unknownId;
      if (id === undefined) continue;
      const start = m.index ?? 0;
      out.push({ token, id, start, end: start + m[0].length, word: out.length });
    }
    return out;
  }

  encodeIds(text: string, maxLength?: number): number[] {
    const ids = this.tokenize(text).map((t) => t.id);
    return maxLength === undefined ? ids : ids.slice(0, maxLength);
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
