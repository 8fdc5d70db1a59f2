/** Heatmap-ready [height, width] view of per-pixel scores. */
import type { EncodedInput } from '../../model/adapter';
import type { Heatmap } from './types';

export function heatmapFor(enc: EncodedInput, scores: Float32Array): Heatmap | undefined {
  if (enc.align !== 'pixels') return undefined;
  const [, height, width] = enc.input.shape;
  if (height === undefined || width === undefined || height * width !== scores.length) return undefined;
  return { height, width, values: scores };
}
