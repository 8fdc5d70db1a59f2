/**
 * The deterministic train / held-out split shared by the training scripts, the tests and the
 * notebooks: an example is held out when a hash of its stable id falls below `fraction`.
 *
 * Notes: a rule on the id (rather than a shuffled list) keeps the split stable when rows are
 * added, removed or reordered, and anyone can re-derive it with one import.
 */

/** The fraction of examples held out by every example model. */
export const HELD_OUT_FRACTION = 0.2;

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * MurmurHash3's 32-bit finalizer. FNV-1a alone barely moves the high bits between ids that
 * differ in their last character ('row-1', 'row-2', ...), so its raw value is far from uniform.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A well-spread hash of `salt:id` in [0, 1). */
export function unitHash(id: string, salt: string): number {
  return fmix32(fnv1a(`${salt}:${id}`)) / 4294967296;
}

/** True when the example with this id belongs to the held-out set of the model named `salt`. */
export function isHeldOut(id: string, salt: string, fraction = HELD_OUT_FRACTION): boolean {
  return unitHash(id, salt) < fraction;
}

/** Splits rows by their `id` into training and held-out rows, keeping the input order in each. */
export function splitById<T extends { id: string }>(
  rows: readonly T[],
  salt: string,
  fraction = HELD_OUT_FRACTION,
): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const row of rows) (isHeldOut(row.id, salt, fraction) ? heldOut : train).push(row);
  return { train, heldOut };
}
