/**
 * The model's tokens of one pre-token, each with the range of the pre-token's UTF-16 units it
 * covers: WordPiece (`##` pieces, or one unknown token for the whole word), BPE (merges,
 * byte fallback `<0x..>`, unknown pieces, fused when the model says so) and Unigram (the
 * library's Viterbi pieces, which are the text itself).
 *
 * Notes: the library's models answer with token strings only; the ranges follow from how each
 * model cuts a word. For BPE the merges are asked of the library (`bpe`) and the vocabulary
 * look-up it does afterwards is done here, so that an unknown or byte-fallback token keeps the
 * piece of text it came from (a byte token gets its whole character, as in Rust's tokenizers).
 */

export type ModelType = 'WordPiece' | 'BPE' | 'Unigram';

/** The model objects of `@huggingface/tokenizers`, as far as this file reads them. */
export interface LibraryModel {
  (tokens: string[]): string[];
  config: { continuing_subword_prefix?: string; fuse_unk?: boolean; byte_fallback?: boolean; ignore_merges?: boolean; end_of_word_suffix?: string | null; continuing_subword_suffix?: string | null };
  tokens_to_ids: Map<string, number>;
  unk_token_id?: number;
  unk_token?: string;
  bpe?: (token: string) => string[];
}

export interface ModelToken { id: number; a: number; b: number }

/** The id of `token`, or the unknown id (undefined when the model has none). */
function idOf(model: LibraryModel, token: string): number | undefined {
  return model.tokens_to_ids.get(token) ?? model.unk_token_id;
}

function wordPiece(model: LibraryModel, piece: string): ModelToken[] {
  const tokens = model([piece]);
  const unk = model.unk_token_id;
  if (tokens.length === 1 && tokens[0] === model.unk_token && unk !== undefined) return [{ id: unk, a: 0, b: piece.length }];
  const prefix = model.config.continuing_subword_prefix ?? '##';
  let at = 0;
  return tokens.flatMap((t, i) => {
    const length = i > 0 && t.startsWith(prefix) ? t.length - prefix.length : t.length;
    const id = idOf(model, t);
    const out = id === undefined ? [] : [{ id, a: at, b: at + length }];
    at += length;
    return out;
  });
}

function unigram(model: LibraryModel, piece: string): ModelToken[] {
  let at = 0;
  return model([piece]).flatMap((t) => {
    const id = idOf(model, t);
    const out = id === undefined ? [] : [{ id, a: at, b: at + t.length }];
    at += t.length;
    return out;
  });
}

/** Byte tokens of `text` (a BPE piece the vocabulary lacks), each spanning its character; undefined if one is missing. */
function byteTokens(model: LibraryModel, text: string, at: number): ModelToken[] | undefined {
  const encoder = new TextEncoder();
  const out: ModelToken[] = [];
  for (let i = 0; i < text.length;) {
    const n = (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    for (const byte of encoder.encode(text.slice(i, i + n))) {
      const id = model.tokens_to_ids.get(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (id === undefined) return undefined;
      out.push({ id, a: at + i, b: at + i + n });
    }
    i += n;
  }
  return out;
}

function bpe(model: LibraryModel, piece: string): ModelToken[] {
  const direct = model.tokens_to_ids.get(piece);
  if (model.config.ignore_merges && direct !== undefined) return [{ id: direct, a: 0, b: piece.length }];
  const merged = (model.bpe as (t: string) => string[])(piece);
  const suffix = model.config.end_of_word_suffix ?? '';
  const continuing = model.config.continuing_subword_suffix ?? '';
  const out: ModelToken[] = [];
  let at = 0;
  merged.forEach((t, i) => {
    const last = i === merged.length - 1;
    const strip = last ? (suffix && t.endsWith(suffix) ? suffix.length : 0) : continuing && t.endsWith(continuing) ? continuing.length : 0;
    const length = t.length - strip;
    const id = model.tokens_to_ids.get(t);
    const bytes = id === undefined && model.config.byte_fallback ? byteTokens(model, t.slice(0, length), at) : undefined;
    if (id !== undefined) out.push({ id, a: at, b: at + length });
    else if (bytes !== undefined) out.push(...bytes);
    else if (model.unk_token_id !== undefined) {
      const previous = out[out.length - 1];
      if (model.config.fuse_unk && previous !== undefined && previous.id === model.unk_token_id && previous.b === at) previous.b = at + length;
      else out.push({ id: model.unk_token_id, a: at, b: at + length });
    }
    at += length;
  });
  return out;
}

/** The tokens of one pre-token with their ranges in it. */
export function modelTokens(type: ModelType, model: LibraryModel, piece: string): ModelToken[] {
  if (piece.length === 0) return [];
  switch (type) {
    case 'WordPiece':
      return wordPiece(model, piece);
    case 'Unigram':
      return unigram(model, piece);
    case 'BPE':
      return bpe(model, piece);
  }
}
