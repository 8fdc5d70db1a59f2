/** Resolving which rows a metric reads, and checking slice indices. */

/**
 * The rows of a slice as indices into arrays of length `n`.
 *
 * Notes: without `indices` this returns `0..n-1`; allocating that once per call costs far
 * less than the sorts that dominate the metrics, and keeps each hot loop free of branches.
 */
export function sliceRows(n: number, indices?: Uint32Array): Uint32Array {
  if (indices === undefined) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  for (let j = 0; j < indices.length; j++) {
    if (indices[j] >= n) {
      throw new RangeError(`indices[${j}] = ${indices[j]} is outside the ${n} rows`);
    }
  }
  return indices;
}
