/**
 * The "typical row" of a tabular model: the median of each numeric feature and the most
 * frequent value of each categorical one. It is a row the model could really see, which the
 * all-zeros point of model space (every numeric at its mean, no category switched on) is not;
 * integrated gradients use it as their default baseline.
 *
 * Notes: the training scripts store it in tslit.json (`median`, `mode`); for older files it is
 * computed from rows the caller gives ({@link referenceRowFrom}).
 */
import type { Example } from '../../core/spec';
import type { TabularFeature } from '../metadata';

/** A raw feature as salience sees it: a number, or one of a fixed set of categories. */
export type RawFeature = { name: string; kind: 'numeric' } | { name: string; kind: 'categorical'; values: readonly string[] };

/** The median (mean of the two middle values for an even count). Throws on an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The most frequent value; ties go to the one earliest in `order` (the feature's category order). */
export function mostFrequent(values: readonly string[], order: readonly string[]): string {
  if (values.length === 0) throw new Error('most frequent of no values');
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = order.find((v) => counts.has(v)) ?? values[0];
  for (const v of order) if ((counts.get(v) ?? 0) > (counts.get(best) ?? 0)) best = v;
  return best;
}

/** The stored medians and modes of tslit.json as a raw row, or undefined when any feature lacks one. */
export function storedReferenceRow(features: readonly TabularFeature[]): Example | undefined {
  const row: Example = {};
  for (const f of features) {
    const v = f.kind === 'numeric' ? f.median : f.mode;
    if (v === undefined) return undefined;
    row[f.name] = v;
  }
  return row;
}

/**
 * Medians and modes over `rows`. Missing, non-finite and unknown values are skipped (as
 * pandas' median skips NaN); a feature left with no value throws naming it.
 */
export function referenceRowFrom(features: readonly RawFeature[], rows: readonly Example[]): Example {
  if (rows.length === 0) throw new Error('medians need at least one row');
  const row: Example = {};
  for (const f of features) {
    if (f.kind === 'numeric') {
      const xs = rows.map((r) => r[f.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (xs.length === 0) throw new Error(`feature '${f.name}' has no finite number in the ${rows.length} rows given for medians`);
      row[f.name] = median(xs);
    } else {
      const known = new Set(f.values);
      const vs = rows.map((r) => r[f.name]).filter((v): v is string => typeof v === 'string' && known.has(v));
      if (vs.length === 0) throw new Error(`feature '${f.name}' has no known category in the ${rows.length} rows given for modes`);
      row[f.name] = mostFrequent(vs, f.values);
    }
  }
  return row;
}
