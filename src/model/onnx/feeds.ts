/**
 * Examples as onnxruntime tensors: token ids padded to the batch's longest text (with the
 * tokenizer's pad id, and a 0/1 mask when the model takes one), or feature rows.
 */
import type { Example } from '../../core/spec';
import type { OnnxTabularOptions, OnnxTextOptions } from './options';
import type { OnnxBindings } from './bind';
import type { Ort, OrtTensor } from './session';
import { paddedIds, type PaddedIds } from '../encode/padded-ids';

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
  const input = b.input!;
  const pad = options.tokenizer.padId;
  // One grid per integer type: ids and mask usually share it.
  const grids = new Map<string, PaddedIds<BigInt64Array> | PaddedIds<Int32Array>>();
  const tensors = (type: string, mask: boolean): OrtTensor => {
    const wide = type === 'int64';
    let g = grids.get(wide ? 'int64' : 'int32');
    if (g === undefined) grids.set(wide ? 'int64' : 'int32', (g = wide ? paddedIds(ids, pad, 'int64') : paddedIds(ids, pad, 'int32')));
    const data = mask ? g.mask : g.ids;
    return data instanceof BigInt64Array ? new ort.Tensor('int64', data, g.dims) : new ort.Tensor('int32', data, g.dims);
  };
  const feeds: Record<string, OrtTensor> = { [input.name]: tensors(input.type, false) };
  if (b.mask) feeds[b.mask.name] = tensors(b.mask.type, true);
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
