/**
 * How the counterfactuals widget shows examples in its state: every field value as a string,
 * a finite number or null (arrays summarised by their length), so state stays plain JSON.
 */
import type { Example, FieldValue } from '../../core/spec';
import type { TextSegment } from './diff';

export type ShownValue = string | number | null;

export interface ShownCounterfactual {
  values: Record<string, ShownValue>;
  /** Fields whose value differs from the original. */
  changedFields: string[];
  /** Text models: the text field cut into highlighted segments. */
  segments: TextSegment[];
  predicted: string;
  score: number;
  distance: number;
  /** The id it got once added to the dataset ('' = not added). */
  addedId: string;
}

/** One field value as shown: non-finite numbers become null, arrays `[n values]`. */
export function shownValue(v: FieldValue | undefined): ShownValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return `[${v.length} values]`;
}

/** The values of `fields` as shown; a field named `__proto__` is skipped. */
export function shownValues(example: Example, fields: readonly string[]): Record<string, ShownValue> {
  const out: Record<string, ShownValue> = {};
  for (const f of fields) if (f !== '__proto__') out[f] = shownValue(example[f]);
  return out;
}
