/**
 * Building batches of perturbed encoded inputs and reading F for each, chunk by chunk.
 *
 * Notes: a text model that reads token ids (`EncodedInput.forwardTokens`) is run from ids: a
 * hidden token becomes the pad id ('pad'), or the kept tokens slide left and pad ids fill the end
 * ('remove'), so the model's own masks see the token gone — a masked GRU skips it. Otherwise the
 * perturbations happen in embedding space, the pad embedding in the hidden token's row (one
 * `gather` builds a chunk), which is the same for a model without masks.
 */
import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel, EncodedInput } from '../../model/adapter';
import { selectTarget } from './target';
import type { ResolvedTarget } from './types';

export type TokenMask = 'pad' | 'remove';

/** F for `total` perturbed rows; `makeChunk(start, size)` builds rows [start, start+size) as [size, ...inner]. */
export function forwardInChunks(
  model: DifferentiableModel,
  total: number,
  makeChunk: (start: number, size: number) => tf.Tensor,
  target: ResolvedTarget,
  chunkSize: number,
): Float32Array {
  return targetsInChunks(total, (start, size) => model.forward(makeChunk(start, size)), target, chunkSize);
}

/** F for `total` rows, `outputsOf(start, size)` giving the model's outputs for rows [start, start+size). */
function targetsInChunks(total: number, outputsOf: (start: number, size: number) => tf.Tensor, target: ResolvedTarget, chunkSize: number): Float32Array {
  const out = new Float32Array(total);
  for (let start = 0; start < total; start += chunkSize) {
    const size = Math.min(chunkSize, total - start);
    const f = tf.tidy(() => selectTarget(outputsOf(start, size), target));
    out.set(f.dataSync() as Float32Array, start);
    f.dispose();
  }
  return out;
}

/**
 * Gather indices [masks.length, T] into the table [x rows; pad rows] for token masks
 * (1 = keep). Pad rows are read from the encoded baseline, which for text is the pad embedding.
 */
export function tokenMaskIndices(masks: readonly Uint8Array[], tokens: number, mode: TokenMask): Int32Array {
  const idx = new Int32Array(masks.length * tokens);
  masks.forEach((mask, r) => {
    const base = r * tokens;
    if (mode === 'pad') {
      for (let i = 0; i < tokens; i++) idx[base + i] = mask[i] ? i : tokens + i;
    } else {
      let slot = 0;
      for (let i = 0; i < tokens; i++) if (mask[i]) idx[base + slot++] = i;
      for (let j = slot; j < tokens; j++) idx[base + j] = tokens + j;
    }
  });
  return idx;
}

/** F for each token mask, in batches through `forward`. */
export function evaluateTokenMasks(
  model: DifferentiableModel,
  enc: EncodedInput,
  masks: readonly Uint8Array[],
  mode: TokenMask,
  target: ResolvedTarget,
  chunkSize: number,
): Float32Array {
  const tokens = enc.labels.length;
  const forwardTokens = enc.forwardTokens;
  if (forwardTokens) {
    const picks = tokenMaskIndices(masks, tokens, mode);
    return targetsInChunks(masks.length, (start, size) => forwardTokens(picks.subarray(start * tokens, (start + size) * tokens), size), target, chunkSize);
  }
  const dim = enc.input.size / tokens;
  const table = tf.tidy(() => tf.concat([enc.input.reshape([tokens, dim]), enc.baseline.reshape([tokens, dim])], 0));
  try {
    const idx = tokenMaskIndices(masks, tokens, mode);
    return forwardInChunks(
      model,
      masks.length,
      (start, size) => tf.gather(table, tf.tensor2d(idx.subarray(start * tokens, (start + size) * tokens), [size, tokens], 'int32')),
      target,
      chunkSize,
    );
  } finally {
    table.dispose();
  }
}

/** F for rows given as one flat Float32Array of `rows * rowSize` values, shaped [rows, ...inner]. */
export function evaluateRows(
  model: DifferentiableModel,
  data: Float32Array,
  inner: readonly number[],
  target: ResolvedTarget,
  chunkSize: number,
): Float32Array {
  const rowSize = inner.reduce((a, b) => a * b, 1);
  const rows = data.length / rowSize;
  return forwardInChunks(model, rows, (start, size) => tf.tensor(data.subarray(start * rowSize, (start + size) * rowSize), [size, ...inner]), target, chunkSize);
}
