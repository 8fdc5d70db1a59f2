/** Small combinatorics for subset searches. */

/** All k-subsets of [0, n) in lexicographic order, lazily. */
export function* combinations(n: number, k: number): Generator<number[]> {
  if (k > n || k < 1) return;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

/** True when `set` contains every element of one of `found`. */
export function containsAny(set: readonly number[], found: ReadonlyArray<readonly number[]>): boolean {
  return found.some((f) => f.every((x) => set.includes(x)));
}
