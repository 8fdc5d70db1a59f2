/**
 * Ascending sort of finite doubles by LSD radix sort on their bit patterns.
 *
 * Notes: the metrics of a 500,000-row slice are dominated by sorting its scores; the native
 * typed-array sort takes ~40-90 ms there, this ~5-15 ms. Bit patterns are mapped so that
 * unsigned order equals numeric order (negative: flip all bits; otherwise set the sign bit).
 * When every value is exactly a float32 (as tfjs outputs are), 32-bit keys halve the work.
 * Passes whose digit is the same for every key are skipped. With 64-bit keys -0 sorts just
 * before +0, which the callers treat as equal; 32-bit keys map -0 to +0.
 */

/** 64-bit keys: four 16-bit digits. 32-bit keys: three 11-bit digits (small, cache-friendly counts). */
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_BITS_32 = 11;
const BUCKETS_32 = 1 << DIGIT_BITS_32;

/** Sorts `values` ascending in place and returns it; values must not be NaN. */
export function radixSortAscending(values: Float64Array): Float64Array {
  if (values.length < 2) return values;
  let float32Exact = true;
  for (let i = 0; i < values.length; i++) {
    if (Math.fround(values[i]) !== values[i]) { float32Exact = false; break; }
  }
  if (float32Exact) sortAsFloat32(values); else sortAsFloat64(values);
  return values;
}

function sortAsFloat32(values: Float64Array): void {
  const keys = new Uint32Array(Float32Array.from(values).buffer);
  for (let i = 0; i < keys.length; i++) keys[i] = orderedKey32(keys[i]);
  values.set(floatsOfKeys32(radixSortKeys32(keys)));
}

/** Float32 bits to a key whose unsigned order is the numeric order (-0 and +0 share a key). */
export function orderedKey32(bits: number): number {
  if (bits === 0x80000000) return 0x80000000; // -0 as +0
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

/** The float32 values of keys made by `orderedKey32`, as doubles. */
export function floatsOfKeys32(keys: ArrayLike<number>): Float64Array {
  const bits = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    bits[i] = k & 0x80000000 ? k & 0x7fffffff : ~k;
  }
  return Float64Array.from(new Float32Array(bits.buffer));
}

/** Sorts 32-bit unsigned keys ascending; returns the sorted array (`keys` or a new one). */
export function radixSortKeys32(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  if (n < 2) return keys;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS_32);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS_32) {
    if (!countDigits(keys, shift, counts)) continue;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      spare[counts[(k >>> shift) & (BUCKETS_32 - 1)]++] = k;
    }
    [keys, spare] = [spare, keys];
  }
  return keys;
}

function sortAsFloat64(values: Float64Array): void {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const [l, h] = littleEndian ? [0, 1] : [1, 0];
  for (let i = 0; i < n; i++) {
    const a = words[2 * i + l], b = words[2 * i + h];
    if (b & 0x80000000) { lo[i] = ~a; hi[i] = ~b; } else { lo[i] = a; hi[i] = b | 0x80000000; }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const digitsOf = pass < 2 ? lo : hi;
    const shift = (pass % 2) * DIGIT_BITS;
    if (!countDigits(digitsOf, shift, counts)) continue;
    for (let i = 0; i < n; i++) {
      const at = counts[(digitsOf[i] >>> shift) & (BUCKETS - 1)]++;
      lo2[at] = lo[i];
      hi2[at] = hi[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const a = lo[i], b = hi[i];
    if (b & 0x80000000) { words[2 * i + l] = a; words[2 * i + h] = b & 0x7fffffff; } else { words[2 * i + l] = ~a; words[2 * i + h] = ~b; }
  }
}

/**
 * Fills `counts` with each digit's starting offset (exclusive prefix sums); returns false
 * when one digit holds every key, so the pass would not move anything.
 */
function countDigits(keys: Uint32Array, shift: number, counts: Uint32Array): boolean {
  if (keys.length === 0) return false;
  counts.fill(0);
  const mask = counts.length - 1;
  for (let i = 0; i < keys.length; i++) counts[(keys[i] >>> shift) & mask]++;
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d];
    if (c === keys.length) return false;
    counts[d] = sum;
    sum += c;
  }
  return true;
}

/**
 * The stable ascending order of `values` (a permutation of row positions), by LSD radix sort
 * of (key, position) pairs; values must not be NaN. Used to sort a whole score column once so
 * that any later slice is measured by one linear walk instead of a sort.
 */
export function radixOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let float32Exact = true;
  for (let i = 0; i < n; i++) {
    if (Math.fround(values[i]) !== values[i]) { float32Exact = false; break; }
  }
  const digitWords: Uint32Array[] = [];
  if (float32Exact) {
    const keys = new Uint32Array(Float32Array.from(values).buffer);
    for (let i = 0; i < n; i++) keys[i] = orderedKey32(keys[i]);
    digitWords.push(keys);
  } else {
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    const lo = new Uint32Array(n), hi = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const a = words[2 * i + (littleEndian ? 0 : 1)], b = words[2 * i + (littleEndian ? 1 : 0)];
      if (b & 0x80000000) { lo[i] = ~a; hi[i] = ~b; } else { lo[i] = a; hi[i] = b | 0x80000000; }
    }
    digitWords.push(lo, hi);
  }
  const bits = float32Exact ? DIGIT_BITS_32 : DIGIT_BITS;
  const counts = new Uint32Array(1 << bits);
  let spare = new Uint32Array(n);
  // every key word travels with the order, so each pass reads sequentially
  let words = digitWords;
  let spareWords = digitWords.map(() => new Uint32Array(n));
  for (let w = 0; w < words.length; w++) {
    for (let shift = 0; shift < 32; shift += bits) {
      const digits = words[w];
      if (!countDigits(digits, shift, counts)) continue;
      const mask = counts.length - 1;
      for (let i = 0; i < n; i++) {
        const at = counts[(digits[i] >>> shift) & mask]++;
        spare[at] = order[i];
        for (let v = w; v < words.length; v++) spareWords[v][at] = words[v][i];
      }
      [order, spare] = [spare, order];
      [words, spareWords] = [spareWords, words];
    }
  }
  return order;
}
