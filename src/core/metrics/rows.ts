/** Resolving which rows a metric reads, and checking slice indices. */

/**
 * The rows of a slice as indices into arrays of length `n`.
 *
 * Notes: a slice is a set, so a repeated index is an error (it would count a row twice).
 * Without `indices` this returns `0..n-1`; allocating that once per call costs far
 * less than the sorts that dominate the metrics, and keeps each hot loop free of branches.
 */
export function sliceRows(n: number, indices?: Uint32Array): Uint32Array {
  if (indices === undefined) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const seen = new Uint8Array(n);
  for (let j = 0; j < indices.length; j++) {
    const r = indices[j];
    if (r >= n) throw new RangeError(`indices[${j}] = ${r} is outside the ${n} rows`);
    if (seen[r]) throw new RangeError(`indices[${j}] = ${r} repeats a row already in the slice`);
    seen[r] = 1;
  }
  return indices;
}
