/**
 * Examples as onnxruntime tensors: token ids padded to the batch's longest text (with the
 * tokenizer's pad id, and a 0/1 mask when the model takes one), or feature rows.
 */
import type { Example } from '../../core/spec';
import type { OnnxTabularOptions, OnnxTextOptions } from './options';
import type { OnnxBindings } from './bind';
import type { Ort, OrtTensor } from './session';

/** [rows, longest] ids (or the 0/1 mask) written straight into the tensor's typed array. */
function idTensor(ort: Ort, type: string, ids: readonly number[][], longest: number, pad: number, mask: boolean): OrtTensor {
  const dims = [ids.length, longest];
  const wide = type === 'int64';
  const data = wide ? new BigInt64Array(ids.length * longest) : new Int32Array(ids.length * longest);
  const fill = mask ? 0 : pad;
  ids.forEach((r, i) => {
    const base = i * longest;
    for (let p = 0; p < longest; p++) {
      const v = p < r.length ? (mask ? 1 : r[p]) : fill;
      if (wide) (data as BigInt64Array)[base + p] = BigInt(v);
      else (data as Int32Array)[base + p] = v;
    }
  });
  return wide ? new ort.Tensor('int64', data as BigInt64Array, dims) : new ort.Tensor('int32', data as Int32Array, dims);
}

/** Ids of each text, cut to `maxLength`, checked against the embedding's rows. */
export function textIds(model: string, options: OnnxTextOptions, batch: readonly Example[], offset: number): number[][] {
  const field = options.textField ?? 'text';
  return batch.map((e, i) => {
    const ids = options.tokenizer.encodeIds(String(e[field]), options.maxLength);
    const rows = options.embeddingRows;
    const bad = rows === undefined ? undefined : ids.find((id) => id >= rows || id < 0);
    if (bad !== undefined) throw new Error(`ONNX model '${model}', row ${offset + i}, field '${field}': token id ${bad} is beyond the embedding's ${rows} rows`);
    return ids;
  });
}

/** [batch, longest] ids (and mask), right-padded; an all-empty batch is one pad wide. */
export function textFeeds(ort: Ort, b: OnnxBindings, options: OnnxTextOptions, ids: readonly number[][]): Record<string, OrtTensor> {
  const longest = ids.reduce((m, r) => Math.max(m, r.length), 1);
  const pad = options.tokenizer.padId;
  const input = b.input!;
  const feeds: Record<string, OrtTensor> = { [input.name]: idTensor(ort, input.type, ids, longest, pad, false) };
  if (b.mask) feeds[b.mask.name] = idTensor(ort, b.mask.type, ids, longest, pad, true);
  return feeds;
}

/** [batch, features] from the scalar fields, in the options' order. */
export function tabularFeeds(ort: Ort, b: OnnxBindings, options: OnnxTabularOptions, batch: readonly Example[]): Record<string, OrtTensor> {
  const input = b.input!;
  const n = options.features.length;
  const data = input.type === 'float64' ? new Float64Array(batch.length * n) : new Float32Array(batch.length * n);
  batch.forEach((e, i) => options.features.forEach((f, j) => { data[i * n + j] = Number(e[f]); }));
  return { [input.name]: new ort.Tensor(input.type === 'float64' ? 'float64' : 'float32', data, [batch.length, n]) };
}
