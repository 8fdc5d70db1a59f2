/**
 * Stable example ids.
 *
 * - `'index'` (default): row i of the loaded dataset has id `String(i)`. Slices are index
 *   lists into the same dataset, so ids never change under slicing; `take()` copies the ids of
 *   the rows it takes, so a subset keeps its parent's ids.
 * - `{ field }`: the values of an id column (must be present and unique; numbers become
 *   their decimal string).
 * - `'hash'`: a 64-bit FNV-1a hash of the row's content (16 hex digits), so the same example
 *   gets the same id in any dataset; identical rows get `~2`, `~3`, ... suffixes in row order.
 * - Generated rows get `gen-0`, `gen-1`, ... in the order they were added.
 */
import type { Example } from '../../core/spec';

export type IdOption = 'index' | 'hash' | { field: string };

/** FNV-1a, two 32-bit lanes with different offsets, over the UTF-16 code units of `text`. */
export function contentHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (a >>> 13)) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** A canonical text of an example: fields in the given order, typed arrays as plain arrays. */
export function canonicalExample(example: Example, fields: readonly string[]): string {
  return JSON.stringify(fields.map((f) => {
    const v = example[f];
    return v instanceof Float32Array ? Array.from(v) : v;
  }));
}

/** Makes hash ids unique by suffixing repeats in order. */
export function dedupeIds(hashes: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return hashes.map((h) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h : `${h}~${n}`;
  });
}
