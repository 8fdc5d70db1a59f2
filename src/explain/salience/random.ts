/**
 * A small seeded random source (mulberry32 + Box–Muller), so that LIME, Kernel SHAP and
 * SmoothGrad give the same answer for the same seed on every backend.
 */
import { mulberry32 } from '../../core/random';

export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  // The seed is mixed with 0x9e3779b9 as it always was here, so every seeded salience result stays the same.
  const uniform = mulberry32((seed >>> 0) ^ 0x9e3779b9);
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { uniform, normal, int: (n: number) => Math.floor(uniform() * n) };
}
