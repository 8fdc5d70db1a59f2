/**
 * A signed diverging colour scale for salience: negative scores in blue, zero white,
 * positive scores in red, with the intensity proportional to |score| / max|score|.
 *
 * Notes: pure (no DOM), shared by the token highlighter, the feature bars, the heatmap and
 * the legend so they always agree. The scale is symmetric around zero so that equal
 * magnitudes of opposite sign get equally strong colours; `domainOf` picks the symmetric
 * domain from the scores. Colours are interpolated in sRGB between the end colours and white,
 * which keeps dark text legible on every value (the palest end is white, the darkest keeps
 * a luminance above ~0.3).
 */

/** An sRGB colour with channels 0..255. */
export type Rgb = readonly [number, number, number];

/** The colour of the most negative score (blue). */
export const NEGATIVE_END: Rgb = [33, 102, 172];
/** The colour of zero. */
export const NEUTRAL: Rgb = [255, 255, 255];
/** The colour of the most positive score (red). */
export const POSITIVE_END: Rgb = [178, 24, 43];

/**
 * The symmetric domain [-m, m] with m = max |score| over the finite scores; 0 when there are
 * none or all are zero (every colour is then neutral).
 */
export function domainOf(scores: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = Math.abs(scores[i]);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

/** Where `score` sits on the scale, in [-1, 1] (0 for a zero domain or a non-finite score). */
export function scalePosition(score: number, domain: number): number {
  if (!Number.isFinite(score) || !(domain > 0)) return 0;
  return Math.max(-1, Math.min(1, score / domain));
}

/** The colour of `score` on the symmetric scale [-domain, domain]. */
export function divergingColour(score: number, domain: number): Rgb {
  const t = scalePosition(score, domain);
  const end = t < 0 ? NEGATIVE_END : POSITIVE_END;
  const a = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(NEUTRAL[c] + (end[c] - NEUTRAL[c]) * a)) as unknown as Rgb;
}

/** CSS `rgb(r, g, b)` of a colour. */
export function cssColour(rgb: Rgb): string {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}

/** Relative luminance (WCAG) of a colour, 0 (black) .. 1 (white). */
export function luminance(rgb: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
}

/** Black or white, whichever reads better on `background`. */
export function textColourOn(background: Rgb): Rgb {
  return luminance(background) > 0.179 ? [0, 0, 0] : [255, 255, 255];
}

/** `count` evenly spaced stops from -domain to +domain, for a legend. */
export function legendStops(domain: number, count = 7): { value: number; colour: Rgb }[] {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`legend needs at least 2 stops, got ${count}`);
  return Array.from({ length: count }, (_, i) => {
    const value = domain > 0 ? -domain + (2 * domain * i) / (count - 1) : 0;
    return { value, colour: divergingColour(value, domain) };
  });
}
