/**
 * Tabular encoding as `TabularPreprocessing` describes it: numeric features standardised with
 * the training mean and (population) standard deviation, categorical ones one-hot in the
 * order of their `values`. Each feature also records its training median or most frequent
 * value (the default baseline row of integrated gradients).
 */
import type { FieldValue } from '../../src/core/spec';
import type { CategoricalFeature, NumericFeature, TabularFeature } from '../../src/model/metadata';
import type { Row } from './data/rows';
import { median, mostFrequent } from '../../src/model/encode/tabular-reference';

export function numericFeature(rows: readonly Row[], name: string): NumericFeature {
  const xs = rows.map((r) => numberAt(r, name));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / xs.length);
  if (!(std > 0)) throw new Error(`feature '${name}' is constant in the training rows; cannot standardise`);
  return { name, kind: 'numeric', mean, std, median: median(xs) };
}

export function categoricalFeature(rows: readonly Row[], name: string): CategoricalFeature {
  const all = rows.map((r) => String(r[name]));
  const values = [...new Set(all)].sort();
  return { name, kind: 'categorical', values, mode: mostFrequent(all, values) };
}

/** Columns one feature takes in the model input. */
export function featureWidth(f: TabularFeature): number {
  return f.kind === 'numeric' ? 1 : f.values.length;
}

/** Encodes rows into a flat row-major [rows, width] array; bad values throw naming row and field. */
export function encodeTabular(rows: readonly Row[], features: readonly TabularFeature[]): { data: Float32Array; width: number } {
  const width = features.reduce((a, f) => a + featureWidth(f), 0);
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    let col = i * width;
    for (const f of features) {
      if (f.kind === 'numeric') {
        data[col++] = (numberAt(r, f.name) - f.mean) / f.std;
      } else {
        const k = f.values.indexOf(String(r[f.name]));
        if (k < 0) throw new Error(`row ${r.id}: field '${f.name}' has value '${String(r[f.name])}' outside ${JSON.stringify(f.values)}`);
        data[col + k] = 1;
        col += f.values.length;
      }
    }
  });
  return { data, width };
}

function numberAt(r: Row, name: string): number {
  const v: FieldValue | undefined = r[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`row ${r.id}: field '${name}' is ${JSON.stringify(v)}, not a finite number`);
  return v;
}
