/**
 * Column type inference from the values of one field.
 *
 * Rules (an explicit spec always wins):
 * - any array or typed array → vector (its length is the dimension);
 * - at least 80% of the present values are numbers (for text sources: parse as numbers,
 *   'NaN' and 'Infinity' included) → numeric; the remaining values become row errors, so a
 *   CSV column that is numeric but for an 'abc' in one row fails naming that row;
 * - only booleans (text sources: 'true'/'false', any case) → boolean;
 * - otherwise strings: categorical when there are at most half as many distinct values as
 *   present values (and at most 65,536), else text. A column with no present value is text.
 */
import type { ColumnPlan } from './plan';

export const NUMERIC_SHARE = 0.8;
export const MAX_CATEGORIES = 0x10000;

/** Strict decimal number syntax for text sources ('' and ' ' and '0x10' are not numbers). */
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_PATTERN = /^[+-]?(NaN|Infinity|inf)$/i;

export function looksNumeric(text: string): boolean {
  return NUMBER_PATTERN.test(text) || NON_FINITE_PATTERN.test(text);
}

/** Parses strict decimal text; undefined when the text is not a number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER_PATTERN.test(t)) return Number(t);
  if (NON_FINITE_PATTERN.test(t)) return /nan/i.test(t) ? NaN : t.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

export function parseBoolean(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/**
 * Infers a plan from values (missing ones are null or undefined). `fromText` means values are
 * the raw strings of a CSV cell.
 */
export function inferPlan(name: string, values: Iterable<unknown>, fromText: boolean): ColumnPlan {
  let present = 0;
  let numbers = 0;
  let booleans = 0;
  let vectorDim: number | undefined;
  const distinct = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined) continue;
    present++;
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      vectorDim ??= (v as ArrayLike<number>).length;
      continue;
    }
    if (typeof v === 'number' || typeof v === 'bigint') numbers++;
    else if (typeof v === 'boolean') booleans++;
    else if (typeof v === 'string' && fromText) {
      const t = v.trim();
      if (looksNumeric(t)) numbers++;
      else if (parseBoolean(t) !== undefined) booleans++;
    }
    if (distinct.size <= MAX_CATEGORIES) distinct.add(String(v));
  }
  if (vectorDim !== undefined) return { name, kind: 'vector', required: false, dim: vectorDim };
  if (present > 0 && numbers >= NUMERIC_SHARE * present) return { name, kind: 'numeric', required: false };
  if (present > 0 && booleans === present) return { name, kind: 'boolean', required: false };
  if (present > 0 && distinct.size <= MAX_CATEGORIES && distinct.size <= Math.max(1, present / 2)) {
    return { name, kind: 'categorical', required: false };
  }
  return { name, kind: 'text', required: false };
}
