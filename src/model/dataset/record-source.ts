/**
 * Arrays of plain records as a row source: field discovery, type planning (explicit spec
 * first, inference for the rest) and checked access that never reads inherited properties
 * (a record without a `__proto__` or `constructor` key has no such field).
 */
import type { Spec } from '../../core/spec';
import type { RowSource } from './build';
import { DatasetError, showValue, type ErrorPlace } from './errors';
import { inferPlan } from './infer';
import { planFromSpec, type ColumnPlan } from './plan';

export type PlainRecord = Record<string, unknown>;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function isPlainRecord(value: unknown): value is PlainRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Throws unless every entry is an object; returns the field names in order of first appearance. */
export type PlaceOf = (row: number) => ErrorPlace;
const byIndex: PlaceOf = (row) => ({ row });

export function recordFields(records: readonly unknown[], placeOf: PlaceOf = byIndex): string[] {
  const fields = new Set<string>();
  records.forEach((record, i) => {
    if (!isPlainRecord(record)) throw new DatasetError(placeOf(i), `expected a record (an object), got ${showValue(record)}`);
    for (const key of Object.keys(record)) fields.add(key);
  });
  return [...fields];
}

/** Plans every field: spec fields as the spec says (even when no record has them), others inferred. */
export function planRecords(records: readonly PlainRecord[], fields: readonly string[], spec: Spec = {}): ColumnPlan[] {
  const names = [...new Set([...Object.keys(spec), ...fields])];
  return names.map((name) => {
    const values = (function* () { for (const r of records) yield hasOwn(r, name) ? r[name] : undefined; })();
    const plan = hasOwn(spec, name) ? planFromSpec(name, spec[name]) : inferPlan(name, values, false);
    if (plan.kind === 'vector' && plan.dim === undefined) {
      const first = records.find((r) => hasOwn(r, name) && r[name] !== null && r[name] !== undefined);
      const v = first?.[name];
      if (Array.isArray(v) || ArrayBuffer.isView(v)) plan.dim = (v as ArrayLike<number>).length;
    }
    return plan;
  });
}

/**
 * A row source over records for the given plans. With `strict`, a field that is not planned
 * is an error (used when appending to a dataset whose fields are fixed).
 */
export function recordSource(records: readonly unknown[], plans: readonly ColumnPlan[], strict: boolean, placeOf: PlaceOf = byIndex): RowSource {
  const known = new Set(plans.map((p) => p.name));
  records.forEach((record, i) => {
    if (!isPlainRecord(record)) throw new DatasetError(placeOf(i), `expected a record (an object), got ${showValue(record)}`);
    if (strict) {
      for (const key of Object.keys(record)) {
        if (!known.has(key)) throw new DatasetError({ ...placeOf(i), field: key }, `the dataset has no such field (fields: ${[...known].map((k) => JSON.stringify(k)).join(', ')})`);
      }
    }
  });
  const names = plans.map((p) => p.name);
  const rows = records as readonly PlainRecord[];
  return {
    rowCount: rows.length,
    value: (row, f) => (hasOwn(rows[row], names[f]) ? rows[row][names[f]] : undefined),
    place: placeOf,
  };
}
