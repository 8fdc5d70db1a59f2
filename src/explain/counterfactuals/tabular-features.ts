/**
 * Tabular features as the counterfactual searches see them: numeric (scaled by their standard
 * deviation in the data) or categorical (0/1 distance), with what the data says about each.
 */
import type { Example, FieldValue } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { rowCount, rowOf, TabularData } from './types';

export interface FeatureDef { name: string; kind: 'numeric' | 'categorical' }

export interface FeatureStats extends FeatureDef {
  /** Numeric: standard deviation over the data (1 when the column is constant). */
  std: number;
  /** Numeric: observed values, sorted ascending. */
  sorted: number[];
  /** Categorical: observed values (plus the spec's vocab), in first-seen order. */
  categories: string[];
}

export type Metric = 'l1' | 'l2';

/** The model's Scalar inputs as numeric and CategoryLabel inputs as categorical features (maybe none). */
export function tabularFeaturesOf(model: ModelAdapter): FeatureDef[] {
  return Object.entries(model.inputSpec()).flatMap(([name, spec]): FeatureDef[] =>
    spec.kind === 'Scalar' ? [{ name, kind: 'numeric' }] : spec.kind === 'CategoryLabel' ? [{ name, kind: 'categorical' }] : []);
}

/** Like {@link tabularFeaturesOf}, but throws when the model reads none. */
export function featuresOf(model: ModelAdapter): FeatureDef[] {
  const defs = tabularFeaturesOf(model);
  if (defs.length === 0) throw new Error(`model "${model.name}" reads no Scalar or CategoryLabel field; pass the features to compare`);
  return defs;
}

/** 1 − |A∩B| / |A∪B| over the lowercased word sets of two texts (0 when both are empty). */
export function wordJaccardDistance(a: string, b: string): number {
  const words = (t: string): Set<string> => new Set(t.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);
  const A = words(a);
  const B = words(b);
  let both = 0;
  for (const w of A) if (B.has(w)) both++;
  const union = A.size + B.size - both;
  return union === 0 ? 0 : 1 - both / union;
}

export function numericValue(v: FieldValue | undefined, field: string, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`numeric feature "${field}" of ${where} is not a finite number (got ${JSON.stringify(v)})`);
  return v;
}

export function categoryValue(v: FieldValue | undefined, field: string, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`categorical feature "${field}" of ${where} has no value (got ${JSON.stringify(v)})`);
}

/** Reads every row once; a missing or mistyped value throws an error naming field and row. */
export function featureStats(model: ModelAdapter, data: TabularData, features: readonly FeatureDef[] = featuresOf(model)): FeatureStats[] {
  const n = rowCount(data);
  if (n === 0) throw new Error('the dataset is empty');
  const spec = model.inputSpec();
  const cols = features.map(() => [] as Array<number | string>);
  for (let r = 0; r < n; r++) {
    const row = rowOf(data, r);
    features.forEach((f, j) => {
      cols[j].push(f.kind === 'numeric' ? numericValue(row[f.name], f.name, `row ${r}`) : categoryValue(row[f.name], f.name, `row ${r}`));
    });
  }
  return features.map((f, j) => {
    if (f.kind === 'categorical') {
      const s = spec[f.name];
      const vocab = s?.kind === 'CategoryLabel' ? s.vocab ?? [] : [];
      return { ...f, std: 1, sorted: [], categories: [...new Set([...(cols[j] as string[]), ...vocab])] };
    }
    const xs = cols[j] as number[];
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    return { ...f, std: sd > 0 ? sd : 1, sorted: xs.slice().sort((a, b) => a - b), categories: [] };
  });
}

/** Throws when the example has a missing value or a category the data never shows. */
export function checkExample(example: Example, stats: readonly FeatureStats[]): void {
  for (const f of stats) {
    if (f.kind === 'numeric') numericValue(example[f.name], f.name, 'the example');
    else {
      const v = categoryValue(example[f.name], f.name, 'the example');
      if (!f.categories.includes(v)) {
        throw new Error(`categorical feature "${f.name}" of the example has value "${v}", never seen in the data (seen: ${f.categories.join(', ')})`);
      }
    }
  }
}

/** L1 or L2 over numeric differences divided by std, plus 0/1 per differing category. */
export function scaledDistance(a: Example, b: Example, stats: readonly FeatureStats[], metric: Metric = 'l1'): number {
  let total = 0;
  for (const f of stats) {
    const d = f.kind === 'numeric' ? Math.abs((a[f.name] as number) - (b[f.name] as number)) / f.std : String(a[f.name]) === String(b[f.name]) ? 0 : 1;
    total += metric === 'l2' ? d * d : d;
  }
  return metric === 'l2' ? Math.sqrt(total) : total;
}

/** Names of the features whose values differ. */
export function changedFeatures(a: Example, b: Example, features: readonly FeatureDef[]): string[] {
  return features.filter((f) => String(a[f.name]) !== String(b[f.name])).map((f) => f.name);
}

/** Nearest-rank quantiles at `count` evenly spaced levels from min to max (observed values only, deduplicated). */
export function quantileValues(sorted: readonly number[], count: number): number[] {
  if (sorted.length === 0) return [];
  if (count <= 1) return [sorted[Math.floor((sorted.length - 1) / 2)]];
  const out = new Set<number>();
  for (let j = 0; j < count; j++) out.add(sorted[Math.round((j / (count - 1)) * (sorted.length - 1))]);
  return [...out];
}
