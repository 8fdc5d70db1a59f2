import { mulberry32, shuffled, shuffledIndices } from '../../src/core/random';

describe('the shared seeded random source', () => {
  it('is determined by the seed (as uint32) and stays in [0, 1)', () => {
    const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43), wrapped = mulberry32(42 + 2 ** 32);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => wrapped())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05); // 1000 uniforms: sd of the mean ≈ 0.009
  });

  it('shuffles into a permutation, leaves the input alone, and shuffledIndices is shuffled over 0..n-1', () => {
    const items = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const copy = items.slice();
    const out = shuffled(items, mulberry32(7));
    expect(items).toEqual(copy);
    expect([...out].sort()).toEqual([...items].sort());
    expect(out).not.toEqual(items);
    const idx = shuffledIndices(60, mulberry32(7));
    expect(idx.map((i) => items[i])).toEqual(out);
    expect(shuffled([], mulberry32(1))).toEqual([]);
  });
});
