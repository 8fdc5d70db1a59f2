/**
 * What a tokenizer.json's pre-tokenizer and post-processor do to offsets, read from their
 * configuration: byte-level pieces, Metaspace's `▁` (and whether it splits words at it), a
 * prefix space or `▁` put before the text, and the trimming of spaces from byte-level offsets
 * (RoBERTa's `trim_offsets`).
 */
import type { PieceScheme } from './locate-pieces';

export interface OffsetScheme extends PieceScheme {
  /** Metaspace with `split`: every `▁` starts a word (Rust splits there; the library does not). */
  splitAtReplacement: boolean;
  /** The pre-tokenizer may put a space / `▁` before the first piece that no text stands for. */
  prefixes: boolean;
  /** Spaces are trimmed from the offsets of byte-level tokens. */
  trimOffsets: boolean;
  /** With trimOffsets: the first token's one leading space is the added prefix, kept. */
  trimKeepsPrefix: boolean;
}

type Config = Record<string, unknown> | null | undefined;

/** Every component of a (possibly nested Sequence) configuration. */
function components(config: Config, key: 'pretokenizers' | 'processors'): Array<Record<string, unknown>> {
  if (config === null || config === undefined || typeof config !== 'object') return [];
  if (config.type === 'Sequence') return ((config[key] as Config[] | undefined) ?? []).flatMap((c) => components(c, key));
  return [config];
}

export function offsetScheme(json: Record<string, unknown>): OffsetScheme {
  const pre = components(json.pre_tokenizer as Config, 'pretokenizers');
  const post = components(json.post_processor as Config, 'processors');
  const byteLevel = pre.find((c) => c.type === 'ByteLevel');
  const metaspace = pre.find((c) => c.type === 'Metaspace');
  const trimming = post.find((c) => (c.type === 'ByteLevel' && c.trim_offsets === true) || (c.type === 'RobertaProcessing' && c.trim_offsets !== false));
  const metaspacePrepends = metaspace !== undefined && (metaspace.prepend_scheme ?? (metaspace.add_prefix_space === false ? 'never' : 'always')) !== 'never';
  return {
    byteLevel: byteLevel !== undefined,
    replacement: metaspace !== undefined ? ((metaspace.replacement as string | undefined) ?? '▁') : undefined,
    splitAtReplacement: metaspace !== undefined && metaspace.split !== false,
    prefixes: (byteLevel !== undefined && byteLevel.add_prefix_space === true) || metaspacePrepends,
    trimOffsets: trimming !== undefined && byteLevel !== undefined,
    trimKeepsPrefix: trimming !== undefined && trimming.add_prefix_space === true,
  };
}

/** Cuts a piece before each `▁` (which starts the next piece), as Rust's Metaspace with split does. */
export function splitBefore(piece: string, replacement: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < piece.length; i++) {
    if (piece.startsWith(replacement, i)) {
      out.push(piece.slice(start, i));
      start = i;
    }
  }
  out.push(piece.slice(start));
  return out.filter((p) => p.length > 0);
}

const SPACE_CHAR = 'Ġ';

/** Rust's byte-level `process_offsets`: leading / trailing spaces (`Ġ` or whitespace) of the token left out of its span. */
export function trimSpan(token: string, start: number, end: number, first: boolean, keepPrefix: boolean): [number, number] {
  const isSpace = (c: string): boolean => c === SPACE_CHAR || /\s/u.test(c);
  const chars = [...token];
  let leading = 0;
  while (leading < chars.length && isSpace(chars[leading])) leading++;
  let trailing = 0;
  while (trailing < chars.length && isSpace(chars[chars.length - 1 - trailing])) trailing++;
  if (leading > 0) {
    if ((first || start === 0) && keepPrefix && leading === 1) leading = 0;
    start = Math.min(start + leading, end);
  }
  if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
  return [start, end];
}
