/**
 * The one seeded pseudo-random source of tslit (mulberry32) and the shuffles built on it.
 *
 * Notes: explanations (scrambles, LIME/SHAP samples), training scripts and tests must give
 * the same answer for the same seed on every backend and machine, so nothing here touches
 * `Math.random`. mulberry32 is tiny, fast and good enough for shuffling and sampling (not
 * for cryptography). Pure: no tfjs, no DOM, no Node APIs.
 */

/** Returns a function yielding uniform numbers in [0, 1), fully determined by `seed` (taken as uint32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffled copy of `items`, driven by `random` (one draw per position from the end). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** `0..n-1` in the order `shuffled` gives them: the epoch order of the seeded training loop. */
export function shuffledIndices(n: number, random: () => number): number[] {
  return shuffled(Array.from({ length: n }, (_, i) => i), random);
}
