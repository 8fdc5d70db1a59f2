/**
 * LIME's sampling of interpretable masks and its weighted linear surrogate, independent of how
 * a perturbed input is evaluated.
 */
import { weightedRidge } from './linalg';
import type { Random } from './random';

/**
 * Sample 0 keeps everything. Text-style: remove k ~ U{1..M−1} random players; otherwise each
 * player is kept with probability ½.
 */
export function sampleMasks(M: number, samples: number, rng: Random, textStyle: boolean): Uint8Array[] {
  const masks: Uint8Array[] = [new Uint8Array(M).fill(1)];
  for (let s = 1; s < samples; s++) {
    const z = new Uint8Array(M).fill(1);
    if (textStyle) {
      // As LIME: remove 1..M−1 tokens, never all (an empty text is not an input).
      const k = M > 1 ? 1 + rng.int(M - 1) : 1;
      // Partial Fisher–Yates: the first k of a random permutation are removed.
      const order = Array.from({ length: M }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = i + rng.int(M - i);
        [order[i], order[j]] = [order[j], order[i]];
        z[order[i]] = 0;
      }
    } else {
      for (let j = 0; j < M; j++) z[j] = rng.uniform() < 0.5 ? 0 : 1;
    }
    masks.push(z);
  }
  return masks;
}

/**
 * Coefficients of the ridge fit of f on the masks, each sample weighted by
 * sqrt(exp(−d²/width²)) with d the cosine distance of its mask to all-ones.
 */
export function limeFit(masks: readonly Uint8Array[], f: ArrayLike<number>, width: number, ridge: number): Float32Array {
  const M = masks[0].length;
  const weights = masks.map((z) => {
    const on = z.reduce((a, b) => a + b, 0);
    const d = 1 - Math.sqrt(on / M);
    return Math.sqrt(Math.exp(-(d * d) / (width * width)));
  });
  return Float32Array.from(weightedRidge(masks, f, weights, ridge).coef);
}
