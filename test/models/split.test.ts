import { fnv1a, isHeldOut, splitById } from '../../scripts/train/split';
import { mulberry32, shuffledIndices } from '../../src/core/random';

describe('the held-out split and the seeded PRNG', () => {
  it('fnv1a matches the published FNV-1a 32-bit test vectors', () => {
    // From the FNV reference (isthe.com/chongo/tech/comp/fnv): "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect([fnv1a(''), fnv1a('a'), fnv1a('foobar')]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  });

  it('holds out about a fifth, independent of row order, disjoint from training', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `row-${i}` }));
    const { train, heldOut } = splitById(rows, 'any-model');
    expect(train.length + heldOut.length).toBe(5000);
    expect(heldOut.length / 5000).toBeGreaterThan(0.18);
    expect(heldOut.length / 5000).toBeLessThan(0.22);
    const reversed = splitById([...rows].reverse(), 'any-model');
    expect(new Set(reversed.heldOut.map((r) => r.id))).toEqual(new Set(heldOut.map((r) => r.id)));
    const held = new Set(heldOut.map((r) => r.id));
    expect(train.some((r) => held.has(r.id))).toBe(false);
    expect(isHeldOut('row-1', 'a')).toBe(isHeldOut('row-1', 'a'));
  });

  it('shuffles deterministically from a seed and differently for another seed', () => {
    const a = shuffledIndices(50, mulberry32(7));
    expect(shuffledIndices(50, mulberry32(7))).toEqual(a);
    expect(shuffledIndices(50, mulberry32(8))).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
