/**
 * A stable content key for an example, over only the fields the model reads, so that the
 * prediction cache hits for equal content regardless of object identity or key order.
 */
import { createHash } from 'crypto';
import type { Example, FieldValue } from '../../core/spec';

/** Appends a typed, length-prefixed encoding of one value (no ambiguity between types). */
function feed(hash: ReturnType<typeof createHash>, value: FieldValue | undefined): void {
  if (value === undefined) hash.update('u;');
  else if (value === null) hash.update('n;');
  else if (typeof value === 'string') hash.update(`s${value.length}:`).update(value);
  else if (typeof value === 'number') hash.update(`d${Object.is(value, -0) ? '0' : String(value)};`);
  else if (typeof value === 'boolean') hash.update(value ? 'T;' : 'F;');
  else if (value instanceof Float32Array) {
    hash.update(`f${value.length}:`).update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else {
    // number[] and string[]: numbers as float64 bytes keep 0.1+0.2 and 0.3 apart.
    hash.update(`a${value.length}:`);
    for (const v of value) feed(hash, v as FieldValue);
  }
}

const float = new Float64Array(1);
const halves = new Uint16Array(float.buffer);

/**
 * A number as `d` and its float64 bits in four UTF-16 code units: exact (0.1+0.2 and 0.3 stay
 * apart) and several times faster than `String(value)`, which ran the shortest-round-trip
 * conversion per cell and was the largest client cost of a 100,000-row remote prediction.
 * -0 is keyed as 0 and every NaN alike, as `feed` does.
 */
function numberChars(value: number): string {
  // Always five characters, so a key is never ambiguous; NaN stored as the one canonical NaN.
  float[0] = Number.isNaN(value) ? NaN : value === 0 ? 0 : value;
  return `d${String.fromCharCode(halves[0], halves[1], halves[2], halves[3])}`;
}

/** Longest plain key kept as it is; longer content is hashed. */
const PLAIN_KEY_LIMIT = 256;

/**
 * The same typed encoding as `feed`, as a string, for an example of scalars only (tabular
 * rows, short texts); undefined when a field holds an array or the encoding grows long.
 * Why: a SHA-1 per row was the largest client-side cost of a 100,000-row remote prediction.
 */
function plainKey(example: Example, fields: readonly string[]): string | undefined {
  let key = 'p:';
  for (const f of fields) {
    const value = example[f];
    key += `k${f.length}:${f}`;
    if (value === undefined) key += 'u;';
    else if (value === null) key += 'n;';
    else if (typeof value === 'string') key += `s${value.length}:${value}`;
    else if (typeof value === 'number') key += numberChars(value);
    else if (typeof value === 'boolean') key += value ? 'T;' : 'F;';
    else return undefined;
    if (key.length > PLAIN_KEY_LIMIT) return undefined;
  }
  return key;
}

/**
 * A content key of the example's values for `fields`, in the given field order: the typed
 * encoding itself when short and scalar (prefixed `p:`), else its SHA-1 in hex (40 characters,
 * so the two kinds never collide).
 */
export function exampleKey(example: Example, fields: readonly string[]): string {
  const plain = plainKey(example, fields);
  if (plain !== undefined) return plain;
  const hash = createHash('sha1');
  for (const f of fields) {
    hash.update(`k${f.length}:`).update(f);
    feed(hash, example[f]);
  }
  return hash.digest('hex');
}
