/**
 * Validity bitmaps in Arrow's layout: bit i (least significant first) set means row i holds a
 * value, clear means it is missing. One bit per row keeps a 1,000,000-row column's mask at
 * 125 kB; columns without missing values carry no bitmap at all (`null`).
 */
export type Validity = Uint8Array | null;

export function bitmapBytes(length: number): number {
  return (length + 7) >>> 3;
}

export function isPresent(validity: Validity, i: number): boolean {
  return validity === null || (validity[i >>> 3] & (1 << (i & 7))) !== 0;
}

export function setBit(bitmap: Uint8Array, i: number): void {
  bitmap[i >>> 3] |= 1 << (i & 7);
}

export function clearBit(bitmap: Uint8Array, i: number): void {
  bitmap[i >>> 3] &= ~(1 << (i & 7));
}

/** A bitmap of `length` rows, all present. */
export function allPresent(length: number): Uint8Array {
  const bitmap = new Uint8Array(bitmapBytes(length)).fill(0xff);
  return bitmap;
}

/** Number of missing rows among the first `length`. */
export function countMissing(validity: Validity, length: number): number {
  if (validity === null) return 0;
  let missing = 0;
  for (let i = 0; i < length; i++) if (!isPresent(validity, i)) missing++;
  return missing;
}

/** The bitmap of `indices` taken from `validity`, or null when every taken row is present. */
export function takeValidity(validity: Validity, indices: ArrayLike<number>): Validity {
  if (validity === null) return null;
  let out: Uint8Array | null = null;
  for (let k = 0; k < indices.length; k++) {
    if (!isPresent(validity, indices[k])) {
      out ??= allPresent(indices.length);
      clearBit(out, k);
    }
  }
  return out;
}

/** The bitmap of `a` followed by `b`, or null when both are all present. */
export function concatValidity(a: Validity, aLength: number, b: Validity, bLength: number): Validity {
  if (a === null && b === null) return null;
  const out = allPresent(aLength + bLength);
  for (let i = 0; i < aLength; i++) if (!isPresent(a, i)) clearBit(out, i);
  for (let i = 0; i < bLength; i++) if (!isPresent(b, i)) clearBit(out, aLength + i);
  return out;
}
