/**
 * The project's Tokenizer over a Hugging Face `tokenizer.json` (WordPiece, BPE — byte-level as
 * GPT-2/RoBERTa or not — and Unigram/SentencePiece), built on `@huggingface/tokenizers`.
 *
 * Notes:
 * - The library normalizes, pre-tokenizes and runs the model, but returns token strings only: no
 *   offsets, no word ids. Here its own pipeline is driven step by step (its added-token
 *   splitters, normalizer, pre-tokenizer and model objects) and each step's alignment kept
 *   (`hf/aligned-text.ts`, `hf/locate-pieces.ts`, `hf/model-tokens.ts`), so every token gets the
 *   span in the original text that Python's `tokenizers` gives it (checked on ~30 hostile texts
 *   × 9 tokenizer pipelines against fixtures written by scripts/reference/hf_tokenizers_reference.py;
 *   the known differences are listed in test/model/hf-tokenizer.test.ts).
 * - `word` is the pre-token index, Python's `word_ids`: the pieces of one word share it (an added
 *   token written in the text is a word of its own). Metaspace splits words at every `▁`, as
 *   Rust does (the library does not split there).
 * - As in Python, the pieces of one character (byte-level BPE splitting an emoji into bytes,
 *   byte-fallback `<0x..>`, the `▁` put before a text) share that character's span, the one
 *   exception to spans that never overlap; with RoBERTa's `trim_offsets` a token's span leaves
 *   out its leading space (` world` → `world`), and a token that is only spaces has an empty span.
 * - `encodeIds` frames the pieces with the post-processor's special tokens and, given
 *   `maxLength`, cuts the pieces (never the final special token), as Python's truncation does.
 */
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import type { TextToken, Tokenizer } from '../tokenizer';
import { identity, normalizeAligned, originalRange, slice, type AlignedText, type NormalizerStep } from './hf/aligned-text';
import { locatePieces } from './hf/locate-pieces';
import { modelTokens, type LibraryModel, type ModelType } from './hf/model-tokens';
import { readTokenizerJson, type TokenizerJson } from './hf/read-tokenizer-json';
import { offsetScheme, splitBefore, trimSpan, type OffsetScheme } from './hf/scheme';
import { sections, type AddedTokenInfo } from './hf/sections';
import { decodeByteLevel } from './hf/byte-level';

export interface HfTokenizerOptions {
  /** The padding id, when tokenizer.json names none (no `padding.pad_id`, no [PAD]/<pad> added token). */
  padId?: number;
}

/** The parts of the library's Tokenizer this file drives (public fields and the private splitters). */
interface LibraryInternals {
  normalizer: NormalizerStep | null;
  pre_tokenizer: ((text: string, options?: { section_index?: number }) => string[]) | null;
  model: LibraryModel & { vocab: string[] };
  post_processor: ((tokens: string[], pair: null, addSpecialTokens: boolean) => { tokens: string[] }) | null;
  splitter_unnormalized: { split(text: string): string[] };
  splitter_normalized: { split(text: string): string[] };
  added_tokens_map: Map<string, AddedTokenInfo>;
  added_tokens: AddedTokenInfo[];
}

const PAD_NAMES = ['[PAD]', '<pad>', '<|pad|>', '<|padding|>', '<PAD>'];
const BYTE_FALLBACK = /^<0x[0-9A-Fa-f]{2}>$/;

/** The special tokens the post-processor puts before and after one text. */
function frameOf(lib: LibraryInternals, source: string): { before: number[]; after: number[] } {
  if (lib.post_processor === null) return { before: [], after: [] };
  const marker = '\u0000tslit-text\u0000';
  const framed = lib.post_processor([marker], null, true).tokens;
  const at = framed.indexOf(marker);
  const ids = (tokens: string[]): number[] => tokens.map((t) => {
    const id = lib.model.tokens_to_ids.get(t);
    if (id === undefined) throw new Error(`hfTokenizer: ${source}: the post_processor adds '${t}', which is not in the vocabulary`);
    return id;
  });
  if (at < 0) throw new Error(`hfTokenizer: ${source}: the post_processor does not keep the text ($A) in its template`);
  return { before: ids(framed.slice(0, at)), after: ids(framed.slice(at + 1)) };
}

class HfTokenizer implements Tokenizer {
  readonly kind = 'subword' as const;
  readonly padId: number;
  readonly unknownId?: number;
  readonly specialIds: ReadonlySet<number>;
  private readonly lib: LibraryInternals;
  private readonly scheme: OffsetScheme;
  private readonly vocab: string[];
  private readonly frame: { before: number[]; after: number[] };
  private readonly caches = new WeakMap<NormalizerStep, Map<string, string>>();
  private readonly prefix: string;

  constructor(json: TokenizerJson, private readonly source: string, private readonly modelType: ModelType, options: HfTokenizerOptions) {
    let library: LibraryTokenizer;
    try {
      library = new LibraryTokenizer(json, {});
    } catch (e) {
      throw new Error(`hfTokenizer: ${source}: ${(e as Error).message}`);
    }
    this.lib = library as unknown as LibraryInternals;
    this.scheme = offsetScheme(json);
    const vocab = this.lib.model.vocab;
    this.vocab = Array.from({ length: vocab.length }, (_, i) => vocab[i] ?? '');
    this.unknownId = this.lib.model.unk_token_id;
    this.prefix = ((json.model as Record<string, unknown>).continuing_subword_prefix as string | undefined) ?? '##';
    this.padId = this.findPadId(json, options);
    const special = this.lib.added_tokens.filter((t) => t.special).map((t) => t.id);
    this.specialIds = new Set([this.padId, ...(this.unknownId !== undefined ? [this.unknownId] : []), ...special]);
    this.frame = frameOf(this.lib, source);
  }

  private findPadId(json: TokenizerJson, options: HfTokenizerOptions): number {
    const check = (id: number, where: string): number => {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocab.length) throw new Error(`hfTokenizer: ${this.source}: ${where} ${id} is not an id of the vocabulary of ${this.vocab.length}`);
      return id;
    };
    if (options.padId !== undefined) return check(options.padId, 'options.padId');
    const padding = json.padding as { pad_id?: number } | null | undefined;
    if (padding && typeof padding.pad_id === 'number') return check(padding.pad_id, 'padding.pad_id');
    for (const name of PAD_NAMES) {
      const id = this.lib.model.tokens_to_ids.get(name);
      if (id !== undefined) return id;
    }
    throw new Error(`hfTokenizer: ${this.source}: names no padding token (no padding.pad_id, no ${PAD_NAMES.join(' / ')} token); pass options.padId`);
  }

  tokenize(text: string): TextToken[] {
    if (typeof text !== 'string') throw new Error(`tokenizer: expected text, got ${text === null ? 'null' : typeof text}`);
    const out: TextToken[] = [];
    const lib = this.lib;
    let word = -1;
    const added = (token: AddedTokenInfo, start: number, end: number): void => {
      out.push({ token: token.content, id: token.id, start, end, word: ++word });
    };
    sections(text, lib.splitter_unnormalized, lib.added_tokens_map).forEach((section, sectionIndex) => {
      if (section.text.length === 0) return;
      const token = lib.added_tokens_map.get(section.text);
      if (token !== undefined) return added(token, section.start, section.start + section.text.length);
      const normalized = normalizeAligned(lib.normalizer, identity(section.text, section.start), this.caches);
      for (const sub of sections(normalized.text, lib.splitter_normalized, lib.added_tokens_map)) {
        if (sub.text.length === 0) continue;
        const subToken = lib.added_tokens_map.get(sub.text);
        const [start, end] = originalRange(normalized, sub.start, sub.start + sub.text.length, section.start);
        if (subToken !== undefined) added(subToken, start, end);
        else word = this.pieces(slice(normalized, sub.start, sub.start + sub.text.length), sectionIndex, word, out);
      }
    });
    if (this.scheme.trimOffsets) {
      out.forEach((t, i) => ([t.start, t.end] = trimSpan(t.token, t.start, t.end, i === 0, this.scheme.trimKeepsPrefix)));
    }
    return out;
  }

  /** Pre-tokenizes one normalized section and appends its tokens; returns the last word index. */
  private pieces(sub: AlignedText, sectionIndex: number, word: number, out: TextToken[]): number {
    const { scheme, lib } = this;
    let pieces = lib.pre_tokenizer !== null ? lib.pre_tokenizer(sub.text, { section_index: sectionIndex }) : [sub.text];
    if (scheme.splitAtReplacement && scheme.replacement) pieces = pieces.flatMap((p) => splitBefore(p, scheme.replacement as string));
    const located = locatePieces(sub.text, pieces, scheme, scheme.prefixes);
    pieces.forEach((piece, p) => {
      const tokens = modelTokens(this.modelType, lib.model, piece);
      if (tokens.length === 0) return;
      word++;
      const { from, to } = located[p];
      for (const t of tokens) {
        let a = Infinity;
        let b = -Infinity;
        for (let k = t.a; k < t.b; k++) {
          a = Math.min(a, from[k]);
          b = Math.max(b, to[k]);
        }
        if (!Number.isFinite(a)) a = b = from[t.a] ?? sub.text.length;
        const [start, end] = originalRange(sub, a, b, sub.from[0] ?? 0);
        out.push({ token: this.vocab[t.id], id: t.id, start, end, word });
      }
    });
    return word;
  }

  encodeIds(text: string, maxLength?: number): number[] {
    const { before, after } = this.frame;
    const ids = this.tokenize(text).map((t) => t.id);
    if (maxLength === undefined) return [...before, ...ids, ...after];
    const room = maxLength - before.length - after.length;
    if (!Number.isInteger(maxLength) || room < 1) {
      throw new Error(`tokenizer ${this.source}: maxLength ${maxLength} leaves no room for text between the ${before.length + after.length} special tokens`);
    }
    return [...before, ...ids.slice(0, room), ...after];
  }

  vocabulary(): readonly string[] {
    return this.vocab;
  }

  surface(id: number, position: 'word-start' | 'inside-word'): string | undefined {
    const entry = this.vocab[id];
    if (entry === undefined || entry === '' || this.specialIds.has(id) || BYTE_FALLBACK.test(entry)) return undefined;
    const added = this.lib.added_tokens_map.get(entry);
    if (added !== undefined && added.id === id) return position === 'word-start' ? entry : undefined;
    let text: string | undefined = entry;
    if (this.modelType === 'WordPiece') {
      const continues = entry.startsWith(this.prefix) && entry.length > this.prefix.length;
      if (continues !== (position === 'inside-word')) return undefined;
      return continues ? entry.slice(this.prefix.length) : entry;
    }
    if (this.scheme.byteLevel) text = decodeByteLevel(entry);
    else if (this.scheme.replacement) text = entry.split(this.scheme.replacement).join(' ');
    if (text === undefined || text.length === 0) return undefined;
    const startsWithSpace = /^\s/u.test(text);
    if (position === 'inside-word') return startsWithSpace ? undefined : text;
    // A span that leaves out its leading space (trim_offsets) is replaced by text without it.
    return this.scheme.trimOffsets && text.startsWith(' ') ? text.slice(1) || undefined : text;
  }
}

/**
 * A Hugging Face tokenizer.json (the parsed object, a path to it, or a folder holding it) as
 * the project's Tokenizer. Throws naming the file (or the object) and the field when the file is
 * missing, is not JSON, or lacks what a WordPiece / BPE / Unigram tokenizer needs.
 */
export function hfTokenizer(jsonOrPath: string | TokenizerJson, options: HfTokenizerOptions = {}): Tokenizer {
  const { json, source, modelType } = readTokenizerJson(jsonOrPath);
  return new HfTokenizer(json, source, modelType, options);
}
