/**
 * Pixel comparison of two PNGs for the browser tests' screenshot snapshots (pixelmatch + pngjs).
 *
 * Notes: a pixel differs when its YIQ colour distance exceeds `threshold` (0..1) and pixelmatch
 * does not take it for anti-aliasing; the images match while the differing pixels are at most
 * `maxDiffRatio` of all pixels. The defaults let font and curve anti-aliasing through but fail on
 * a missing bar, a blank plot, another colour scale or changed text (test/browser/png-compare.test.ts
 * shows each on real Chromium screenshots). Images of different sizes never match.
 */
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export interface CompareOptions {
  /** Per-pixel colour distance (0..1) above which a pixel differs; default 0.1. */
  threshold?: number;
  /** Largest share of differing pixels that still matches; default 0.0002 (0.02 %). */
  maxDiffRatio?: number;
}

export interface CompareResult {
  match: boolean;
  /** Why it does not match, in words ('' when it matches). */
  reason: string;
  diffPixels: number;
  totalPixels: number;
  /** Red-on-grey image of the differing pixels; absent when the sizes differ. */
  diffPng?: Buffer;
}

export const DEFAULT_THRESHOLD = 0.1;
export const DEFAULT_MAX_DIFF_RATIO = 0.0002;

/** Compares `actual` with `expected` (both PNG bytes). */
export function comparePng(expected: Buffer, actual: Buffer, options: CompareOptions = {}): CompareResult {
  const a = PNG.sync.read(expected);
  const b = PNG.sync.read(actual);
  const totalPixels = b.width * b.height;
  if (a.width !== b.width || a.height !== b.height) {
    return {
      match: false,
      reason: `size differs: baseline ${a.width}x${a.height}, actual ${b.width}x${b.height}`,
      diffPixels: totalPixels,
      totalPixels,
    };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const maxDiffRatio = options.maxDiffRatio ?? DEFAULT_MAX_DIFF_RATIO;
  const diffPixels = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold, includeAA: false });
  const allowed = Math.floor(maxDiffRatio * totalPixels);
  const match = diffPixels <= allowed;
  const percent = (n: number) => `${((100 * n) / totalPixels).toFixed(3)} %`;
  return {
    match,
    reason: match ? '' : `${diffPixels} of ${totalPixels} pixels differ (${percent(diffPixels)}), more than the ${allowed} (${percent(allowed)}) allowed`,
    diffPixels,
    totalPixels,
    diffPng: PNG.sync.write(diff),
  };
}
