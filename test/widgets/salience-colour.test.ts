/** The signed diverging colour scale shared by the salience views (src/core/colour-scale.ts). */
import { NEGATIVE_END, NEUTRAL, POSITIVE_END, cssColour, divergingColour, domainOf, legendStops, luminance, scalePosition, textColourOn } from '../../src/core/colour-scale';

test('the domain is the largest finite |score|; zero or no scores give 0', () => {
  expect(domainOf([0.5, -2, 1])).toBe(2);
  expect(domainOf(new Float32Array([NaN, -Infinity, 0.25]))).toBe(0.25);
  expect(domainOf([])).toBe(0);
  expect(domainOf([0, 0])).toBe(0);
});

test('ends, zero and the middle: blue for −max, white for 0, red for +max, halfway in between', () => {
  expect(divergingColour(-3, 3)).toEqual(NEGATIVE_END);
  expect(divergingColour(3, 3)).toEqual(POSITIVE_END);
  expect(divergingColour(0, 3)).toEqual(NEUTRAL);
  expect(divergingColour(1.5, 3)).toEqual([0, 1, 2].map((c) => Math.round((NEUTRAL[c] + POSITIVE_END[c]) / 2)));
  expect(divergingColour(-10, 3)).toEqual(NEGATIVE_END); // clamped
  expect(divergingColour(NaN, 3)).toEqual(NEUTRAL);
  expect(divergingColour(5, 0)).toEqual(NEUTRAL); // all-zero salience draws nothing
  expect(scalePosition(-1, 4)).toBe(-0.25);
});

test('equal magnitudes of opposite sign are equally far from white', () => {
  for (const v of [0.1, 0.5, 0.9]) {
    const dist = (c: readonly number[]) => Math.hypot(...c.map((x, i) => x - NEUTRAL[i]));
    const neg = dist(divergingColour(-v, 1)) / dist(NEGATIVE_END);
    const pos = dist(divergingColour(v, 1)) / dist(POSITIVE_END);
    expect(neg).toBeCloseTo(pos, 2);
  }
});

test('text stays legible: black on pale colours, white on the dark ends', () => {
  expect(textColourOn(NEUTRAL)).toEqual([0, 0, 0]);
  expect(textColourOn(POSITIVE_END)).toEqual([255, 255, 255]);
  expect(textColourOn(NEGATIVE_END)).toEqual([255, 255, 255]);
  expect(luminance([255, 255, 255])).toBeCloseTo(1, 6);
  expect(cssColour([1, 2, 3])).toBe('rgb(1, 2, 3)');
});

test('legend stops run from −domain to +domain through 0', () => {
  const stops = legendStops(2, 5);
  expect(stops.map((s) => s.value)).toEqual([-2, -1, 0, 1, 2]);
  expect(stops[2].colour).toEqual(NEUTRAL);
  expect(() => legendStops(1, 1)).toThrow(/at least 2 stops/);
});
