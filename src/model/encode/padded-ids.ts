/**
 * Token ids of a batch right-padded to its longest row, with the 0/1 attention mask: the feed
 * every runtime that reads ids needs (onnxruntime, transformers.js). int64 or int32, as the
 * model's input declares; written straight into the typed arrays.
 */
export interface PaddedIds<A extends BigInt64Array | Int32Array> {
  ids: A;
  mask: A;
  dims: [number, number];
}

export function paddedIds(rows: readonly (readonly number[])[], padId: number, type: 'int64'): PaddedIds<BigInt64Array>;
export function paddedIds(rows: readonly (readonly number[])[], padId: number, type: 'int32'): PaddedIds<Int32Array>;
export function paddedIds(rows: readonly (readonly number[])[], padId: number, type: 'int64' | 'int32'): PaddedIds<BigInt64Array | Int32Array> {
  const width = rows.reduce((m, r) => Math.max(m, r.length), 1);
  const n = rows.length * width;
  if (type === 'int64') {
    const ids = new BigInt64Array(n).fill(BigInt(padId));
    const mask = new BigInt64Array(n);
    rows.forEach((r, i) => r.forEach((id, j) => { ids[i * width + j] = BigInt(id); mask[i * width + j] = 1n; }));
    return { ids, mask, dims: [rows.length, width] };
  }
  const ids = new Int32Array(n).fill(padId);
  const mask = new Int32Array(n);
  rows.forEach((r, i) => r.forEach((id, j) => { ids[i * width + j] = id; mask[i * width + j] = 1; }));
  return { ids, mask, dims: [rows.length, width] };
}
