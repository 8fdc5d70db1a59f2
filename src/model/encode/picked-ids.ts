/**
 * The ids of `rows` copies of one example where each of its token positions holds what a pick
 * says (EncodedInput.forwardTokens): pick k < tokens is the example's k-th token id, k ≥ tokens
 * the pad id. Every other position (padding, special tokens) keeps the example's id.
 */
export function pickedIds(ids: ArrayLike<number>, positions: readonly number[], tokenIds: readonly number[], padId: number, picks: Int32Array, rows: number, model: string): Int32Array {
  const n = positions.length;
  if (picks.length !== rows * n) throw new Error(`forwardTokens of '${model}': ${picks.length} picks for ${rows} rows of ${n} tokens`);
  const width = ids.length;
  const tiled = new Int32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    tiled.set(ids, r * width);
    for (let k = 0; k < n; k++) {
      const pick = picks[r * n + k];
      tiled[r * width + positions[k]] = pick < n ? tokenIds[pick] : padId;
    }
  }
  return tiled;
}
