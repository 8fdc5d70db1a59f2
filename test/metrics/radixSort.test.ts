/** The radix sorts behind the AUCs agree with the native numeric sort, on awkward values too. */
import { radixOrder, radixSortAscending } from '../../src/core/metrics';
import { mulberry32 } from '../../src/core/random';

const awkward = [3, -1, 0, -0, 2.5, -1e300, 1e-310, -1e-310, 5e-324, Infinity, -Infinity, 0.1, 0.1, -2.5, 1 / 3];

describe('radix sorts', () => {
  const rand = mulberry32(7);
  const float32Values = Float64Array.from({ length: 5000 }, () => Math.fround(rand() * 2 - 1));
  const float64Values = Float64Array.from({ length: 5000 }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 20 - 10));
  const tied = Float64Array.from({ length: 5000 }, () => Math.round(rand() * 20) / 20);

  test.each([
    ['float32-exact values', float32Values],
    ['general doubles', float64Values],
    ['many ties', tied],
    ['awkward values (signed zeros, subnormals, infinities)', Float64Array.from(awkward)],
  ])('radixSortAscending sorts %s as the native sort does', (_name, values) => {
    const want = values.slice().sort();
    const got = radixSortAscending(values.slice());
    // -0 and +0 are equal; their order among themselves does not matter
    expect(Array.from(got).map((v) => v + 0)).toEqual(Array.from(want).map((v) => v + 0));
  });

  test.each([['float32-exact', float32Values], ['general doubles', float64Values], ['ties', tied]])(
    'radixOrder of %s is a stable ascending permutation', (_name, values) => {
      const order = radixOrder(values.slice());
      expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from(values.keys()));
      for (let q = 1; q < order.length; q++) {
        const a = values[order[q - 1]], b = values[order[q]];
        expect(a < b || (a === b && order[q - 1] < order[q])).toBe(true);
      }
    });

  test('empty and single inputs', () => {
    expect(Array.from(radixSortAscending(new Float64Array(0)))).toEqual([]);
    expect(Array.from(radixOrder(Float64Array.from([4])))).toEqual([0]);
  });
});
