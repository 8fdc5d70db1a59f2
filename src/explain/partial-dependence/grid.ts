/**
 * The values a feature sweeps in a partial dependence plot.
 *
 * Notes: the numeric grid follows scikit-learn's `partial_dependence` (1.5) exactly, so the
 * two agree point for point: when the feature has fewer distinct values than the grid
 * resolution, the sorted distinct values; otherwise `resolution` evenly spaced points between
 * two empirical quantiles computed like `scipy.stats.mstats.mquantiles` (alphap = betap = 0.4).
 * Categories sweep every category: the vocabulary when the spec gives one, else the sorted
 * distinct values seen.
 */

export type GridValue = number | string;

export interface NumericGridOptions {
  /** Number of points (default 20); must be > 1. */
  resolution?: number;
  /** Lower and upper quantile the grid spans (default [0.05, 0.95]). */
  percentiles?: readonly [number, number];
}

/** Sorted copy of the finite values; throws naming the row of a non-finite one. */
function sortedFinite(values: ArrayLike<number>, feature: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`partial dependence: feature '${feature}' has no finite number in row ${i} (got ${String(v)})`);
    out.push(v);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Quantiles as `scipy.stats.mstats.mquantiles(x, prob, alphap=0.4, betap=0.4)` computes them
 * on already sorted `x`.
 */
export function mquantile(sorted: readonly number[], p: number, alphap = 0.4, betap = 0.4): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantile of no values');
  if (n === 1) return sorted[0];
  const m = alphap + p * (1 - alphap - betap);
  const aleph = n * p + m;
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
}

/** numpy's `linspace(a, b, num)`: the same arithmetic, so the points match bit for bit. */
export function linspace(a: number, b: number, num: number): number[] {
  const div = num - 1;
  const step = (b - a) / div;
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(a + i * step);
  if (num > 1) out[num - 1] = b;
  return out;
}

/** The numeric grid of `values` (see the module notes). */
export function numericGrid(values: ArrayLike<number>, feature: string, options: NumericGridOptions = {}): number[] {
  const resolution = options.resolution ?? 20;
  const [lo, hi] = options.percentiles ?? [0.05, 0.95];
  if (!Number.isInteger(resolution) || resolution <= 1) throw new Error(`partial dependence: gridResolution must be an integer > 1, got ${resolution}`);
  if (!(lo >= 0 && hi <= 1 && lo < hi)) throw new Error(`partial dependence: percentiles must satisfy 0 <= low < high <= 1, got [${lo}, ${hi}]`);
  const sorted = sortedFinite(values, feature);
  if (sorted.length === 0) throw new Error(`partial dependence: feature '${feature}' has no values to build a grid from`);
  const unique = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  if (unique.length < resolution) return unique;
  const a = mquantile(sorted, lo);
  const b = mquantile(sorted, hi);
  if (Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b)) {
    throw new Error(`partial dependence: the ${lo} and ${hi} quantiles of '${feature}' are too close to build a grid; widen the percentiles`);
  }
  return linspace(a, b, resolution);
}

/** The categories a categorical feature sweeps: `vocab` when given, else the sorted distinct values. */
export function categoricalGrid(values: readonly unknown[], feature: string, vocab?: readonly string[]): string[] {
  if (vocab && vocab.length > 0) return [...vocab];
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    if (typeof v !== 'string') throw new Error(`partial dependence: feature '${feature}' has a non-category value in row ${i} (${typeof v})`);
    seen.add(v);
  });
  if (seen.size === 0) throw new Error(`partial dependence: feature '${feature}' has no categories to sweep`);
  return [...seen].sort();
}
