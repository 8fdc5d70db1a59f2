/**
 * Where each pre-token (the library's word-level pieces) sits in the normalized text it was
 * cut from: for every UTF-16 unit of the piece, the range of normalized units it stands for.
 *
 * Notes: `@huggingface/tokenizers` returns pre-tokens as bare strings. They are found again
 * left to right: a byte-level piece (`Ġhello`) by its UTF-8 bytes, a Metaspace piece (`▁hello`)
 * with `▁` standing for a space, any other piece as it is; characters the pre-tokenizer dropped
 * (whitespace) are skipped. A space or `▁` the pre-tokenizer added in front of the first piece
 * (add_prefix_space, prepend_scheme) is in no text: as in Rust's tokenizers it is aligned to the
 * character after it. A piece that cannot be found (a pre-tokenizer that rewrites text) gets an
 * empty range where the search stood, rather than a wrong one.
 */
import { bytesOf } from './byte-level';

export interface PieceScheme {
  /** Pieces are written in GPT-2's byte alphabet. */
  byteLevel: boolean;
  /** Metaspace's replacement character (`▁`), standing for a space. */
  replacement?: string;
}

/** Per piece unit, normalized units [from, to). */
export interface LocatedPiece { from: number[]; to: number[] }

interface Utf8Map { bytes: number[]; unitOf: number[]; unitEnd: number[] }

function utf8Map(text: string): Utf8Map {
  const encoder = new TextEncoder();
  const m: Utf8Map = { bytes: [], unitOf: [], unitEnd: [] };
  for (let i = 0; i < text.length;) {
    const n = (text.codePointAt(i) as number) > 0xffff ? 2 : 1;
    for (const b of encoder.encode(text.slice(i, i + n))) {
      m.bytes.push(b);
      m.unitOf.push(i);
      m.unitEnd.push(i + n);
    }
    i += n;
  }
  return m;
}

/** Fills the units no text stands for (-1) with the first real unit's range, else an empty range at `at`. */
function fillVirtual(from: number[], to: number[], at: number): LocatedPiece {
  const real = from.findIndex((f) => f >= 0);
  const f = real >= 0 ? from[real] : at;
  const t = real >= 0 ? to[real] : at;
  return { from: from.map((x) => (x < 0 ? f : x)), to: to.map((x, k) => (from[k] < 0 ? t : x)) };
}

/** Locates pieces of `text` in order; `prefixAllowed`: the first piece may begin with an added space / `▁`. */
export function locatePieces(text: string, pieces: readonly string[], scheme: PieceScheme, prefixAllowed: boolean): LocatedPiece[] {
  return scheme.byteLevel ? locateBytes(text, pieces, prefixAllowed) : locateUnits(text, pieces, scheme.replacement, prefixAllowed);
}

function locateUnits(text: string, pieces: readonly string[], replacement: string | undefined, prefixAllowed: boolean): LocatedPiece[] {
  let cursor = 0;
  const same = (p: string, t: string | undefined): boolean => p === t || (p === replacement && t === ' ');
  const matchAt = (piece: string, skip: number, at: number): boolean => {
    if (at + piece.length - skip > text.length) return false;
    for (let k = skip; k < piece.length; k++) if (!same(piece[k], text[at + k - skip])) return false;
    return true;
  };
  return pieces.map((piece, index) => {
    const canPrefix = prefixAllowed && index === 0 && (piece[0] === replacement || piece[0] === ' ');
    for (let at = cursor; at <= text.length; at++) {
      const skip = matchAt(piece, 0, at) ? 0 : canPrefix && matchAt(piece, 1, at) ? 1 : -1;
      if (skip < 0) continue;
      const from = Array.from({ length: piece.length }, (_, k) => (k < skip ? -1 : at + k - skip));
      cursor = at + piece.length - skip;
      return fillVirtual(from, from.map((f) => f + 1), at);
    }
    return fillVirtual(new Array<number>(piece.length).fill(-1), new Array<number>(piece.length).fill(-1), cursor);
  });
}

function locateBytes(text: string, pieces: readonly string[], prefixAllowed: boolean): LocatedPiece[] {
  const m = utf8Map(text);
  let cursor = 0;
  const matchAt = (bytes: number[], skip: number, at: number): boolean => {
    if (at + bytes.length - skip > m.bytes.length) return false;
    for (let k = skip; k < bytes.length; k++) if (bytes[k] !== m.bytes[at + k - skip]) return false;
    return true;
  };
  const unitAt = (byte: number): number => (byte < m.unitOf.length ? m.unitOf[byte] : text.length);
  return pieces.map((piece, index) => {
    const bytes = bytesOf(piece);
    if (bytes === undefined || bytes.length !== piece.length) return fillVirtual(new Array<number>(piece.length).fill(-1), new Array<number>(piece.length).fill(-1), unitAt(cursor));
    const canPrefix = prefixAllowed && index === 0 && bytes[0] === 0x20;
    for (let at = cursor; at <= m.bytes.length; at++) {
      const skip = matchAt(bytes, 0, at) ? 0 : canPrefix && matchAt(bytes, 1, at) ? 1 : -1;
      if (skip < 0) continue;
      const from = bytes.map((_, k) => (k < skip ? -1 : m.unitOf[at + k - skip]));
      const to = bytes.map((_, k) => (k < skip ? -1 : m.unitEnd[at + k - skip]));
      cursor = at + bytes.length - skip;
      return fillVirtual(from, to, unitAt(at));
    }
    return fillVirtual(new Array<number>(piece.length).fill(-1), new Array<number>(piece.length).fill(-1), unitAt(cursor));
  });
}
