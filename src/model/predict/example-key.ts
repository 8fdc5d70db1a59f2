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

/** SHA-1 (hex) of the example's values for `fields`, in the given field order. */
export function exampleKey(example: Example, fields: readonly string[]): string {
  const hash = createHash('sha1');
  for (const f of fields) {
    hash.update(`k${f.length}:`).update(f);
    feed(hash, example[f]);
  }
  return hash.digest('hex');
}
