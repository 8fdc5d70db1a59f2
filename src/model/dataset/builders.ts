/**
 * Column builders: turn raw field values into typed columns, one row at a time, in two
 * steps — `check` validates and converts (no state changes, throws a DatasetError naming row
 * and field), `add` stores. A record is checked field by field before any field is stored,
 * so a bad record never leaves a builder half-changed.
 */
import { allPresent, clearBit } from './bitmap';
import { codeArrayFor, type Column } from './columns';
import { DatasetError, showValue, type ErrorPlace } from './errors';
import { parseBoolean, parseNumber } from './infer';
import type { ColumnPlan } from './plan';

/** A checked value: null = missing. */
export type Checked = number | string | Float32Array | null;

export interface BuildOptions {
  /** Values are raw text (CSV cells): numbers and booleans are parsed from strings. */
  fromText?: boolean;
  /** Rows expected (pre-sizes the storage). */
  capacity?: number;
  /** Categorical dictionary to extend (when appending to an existing column); codes stay valid. */
  dictionary?: readonly string[];
  /** Sort an inferred (open) dictionary alphabetically when finishing. Default true. */
  sortDictionary?: boolean;
}

export interface ColumnBuilder {
  readonly plan: ColumnPlan;
  readonly length: number;
  /** Validates one value for row `place.row`; throws DatasetError. */
  check(value: unknown, place: ErrorPlace): Checked;
  add(value: Checked): void;
  finish(): Column;
}

/** Growable typed array storage with exact-length trimming at the end. */
class Grower<T extends Float64Array | Float32Array | Uint32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T, capacity: number) {
    this.data = make(Math.max(16, capacity));
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = this.make(Math.max(this.length + extra, this.data.length * 2));
    next.set(this.data as ArrayLike<number>);
    this.data = next;
  }
  trimmed(): T {
    return (this.length === this.data.length ? this.data : this.data.slice(0, this.length)) as T;
  }
}

/** Tracks missing rows; the bitmap exists only once a row is missing. */
class MissingTracker {
  private missingRows: number[] = [];
  mark(row: number): void {
    this.missingRows.push(row);
  }
  bitmap(length: number): Uint8Array | null {
    if (this.missingRows.length === 0) return null;
    const bitmap = allPresent(length);
    for (const r of this.missingRows) clearBit(bitmap, r);
    return bitmap;
  }
}

function missingOrFail(plan: ColumnPlan, place: ErrorPlace): null {
  if (plan.required) throw new DatasetError(place, 'value is missing and the spec says it is required');
  return null;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

function checkNumber(plan: ColumnPlan, value: unknown, place: ErrorPlace, fromText: boolean): number | null {
  if (isMissing(value)) return missingOrFail(plan, place);
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') {
    n = Number(value);
    if (!Number.isSafeInteger(n)) throw new DatasetError(place, `${value} cannot be held exactly as a number`);
  } else if (fromText && typeof value === 'string') n = parseNumber(value);
  if (n === undefined) throw new DatasetError(place, `expected a number, got ${showValue(value)}`);
  if (!Number.isFinite(n)) throw new DatasetError(place, `expected a finite number, got ${showValue(value)}`);
  if (plan.min !== undefined && n < plan.min) throw new DatasetError(place, `${n} is below the spec's minimum ${plan.min}`);
  if (plan.max !== undefined && n > plan.max) throw new DatasetError(place, `${n} is above the spec's maximum ${plan.max}`);
  return n;
}

class NumericBuilder implements ColumnBuilder {
  private readonly store: Grower<Float64Array>;
  private readonly missing = new MissingTracker();
  constructor(readonly plan: ColumnPlan, private readonly options: BuildOptions) {
    this.store = new Grower((n) => new Float64Array(n), options.capacity ?? 0);
  }
  get length(): number { return this.store.length; }
  check(value: unknown, place: ErrorPlace): Checked {
    return checkNumber(this.plan, value, place, this.options.fromText === true);
  }
  add(value: Checked): void {
    this.store.reserve(1);
    if (value === null) this.missing.mark(this.store.length);
    this.store.data[this.store.length++] = value === null ? NaN : (value as number);
  }
  finish(): Column {
    const { name, min, max } = this.plan;
    return { kind: 'numeric', name, length: this.length, validity: this.missing.bitmap(this.length), values: this.store.trimmed(), min, max };
  }
}

function vocabPreview(vocab: readonly string[]): string {
  const shown = vocab.slice(0, 10).map((v) => JSON.stringify(v)).join(', ');
  return `[${shown}${vocab.length > 10 ? `, ... (${vocab.length} values)` : ''}]`;
}

class CategoricalBuilder implements ColumnBuilder {
  private readonly codes: Grower<Uint32Array>;
  private readonly missing = new MissingTracker();
  private readonly index = new Map<string, number>();
  private readonly dictionary: string[] = [];
  constructor(readonly plan: ColumnPlan, private readonly options: BuildOptions) {
    this.codes = new Grower((n) => new Uint32Array(n), options.capacity ?? 0);
    for (const v of options.dictionary ?? plan.vocab ?? []) this.lookup(v);
  }
  get length(): number { return this.codes.length; }
  private lookup(v: string): number {
    let code = this.index.get(v);
    if (code === undefined) {
      code = this.dictionary.length;
      this.index.set(v, code);
      this.dictionary.push(v);
    }
    return code;
  }
  check(value: unknown, place: ErrorPlace): Checked {
    if (isMissing(value)) return missingOrFail(this.plan, place);
    let label: string;
    if (typeof value === 'string') label = value;
    else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) label = String(value);
    else throw new DatasetError(place, `expected a category label (a string), got ${showValue(value)}`);
    if (this.plan.closed && !this.index.has(label)) {
      throw new DatasetError(place, `${showValue(label)} is not in the vocabulary ${vocabPreview(this.dictionary)}`);
    }
    return label;
  }
  add(value: Checked): void {
    this.codes.reserve(1);
    if (value === null) this.missing.mark(this.codes.length);
    this.codes.data[this.codes.length++] = value === null ? 0 : this.lookup(value as string);
  }
  finish(): Column {
    const n = this.length;
    let dictionary = this.dictionary;
    let remap: Uint32Array | null = null;
    const sortable = !this.plan.closed && this.options.dictionary === undefined && this.options.sortDictionary !== false;
    if (sortable) {
      const sorted = [...dictionary].sort();
      remap = new Uint32Array(dictionary.length);
      const position = new Map(sorted.map((v, i) => [v, i]));
      dictionary.forEach((v, i) => { remap![i] = position.get(v)!; });
      dictionary = sorted;
    }
    const codes = codeArrayFor(dictionary.length, n);
    const raw = this.codes.data;
    if (remap) for (let i = 0; i < n; i++) codes[i] = remap[raw[i]];
    else codes.set(raw.subarray(0, n));
    // A missing row's code is 0 whatever the remap did.
    const validity = this.missing.bitmap(n);
    if (validity) for (let i = 0; i < n; i++) if ((validity[i >>> 3] & (1 << (i & 7))) === 0) codes[i] = 0;
    return { kind: 'categorical', name: this.plan.name, length: n, validity, codes, dictionary, closed: this.plan.closed === true };
  }
}

class TextBuilder implements ColumnBuilder {
  private readonly values: string[] = [];
  private readonly missing = new MissingTracker();
  constructor(readonly plan: ColumnPlan) {}
  get length(): number { return this.values.length; }
  check(value: unknown, place: ErrorPlace): Checked {
    if (isMissing(value)) return missingOrFail(this.plan, place);
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
    throw new DatasetError(place, `expected text (a string), got ${showValue(value)}`);
  }
  add(value: Checked): void {
    if (value === null) this.missing.mark(this.values.length);
    this.values.push(value === null ? '' : (value as string));
  }
  finish(): Column {
    return { kind: 'text', name: this.plan.name, length: this.length, validity: this.missing.bitmap(this.length), values: this.values };
  }
}

class BooleanBuilder implements ColumnBuilder {
  private readonly store: Grower<Uint8Array>;
  private readonly missing = new MissingTracker();
  constructor(readonly plan: ColumnPlan, private readonly options: BuildOptions) {
    this.store = new Grower((n) => new Uint8Array(n), options.capacity ?? 0);
  }
  get length(): number { return this.store.length; }
  check(value: unknown, place: ErrorPlace): Checked {
    if (isMissing(value)) return missingOrFail(this.plan, place);
    const b = typeof value === 'boolean' ? value : typeof value === 'string' ? parseBoolean(value) : undefined;
    if (b === undefined) throw new DatasetError(place, `expected a boolean, got ${showValue(value)}`);
    return b ? 1 : 0;
  }
  add(value: Checked): void {
    this.store.reserve(1);
    if (value === null) this.missing.mark(this.store.length);
    this.store.data[this.store.length++] = value === null ? 0 : (value as number);
  }
  finish(): Column {
    return { kind: 'boolean', name: this.plan.name, length: this.length, validity: this.missing.bitmap(this.length), values: this.store.trimmed() };
  }
}

class VectorBuilder implements ColumnBuilder {
  private store: Grower<Float32Array> | null = null;
  private readonly missing = new MissingTracker();
  private rows = 0;
  private dim: number | undefined;
  constructor(readonly plan: ColumnPlan, private readonly options: BuildOptions) {
    this.dim = plan.dim;
  }
  get length(): number { return this.rows; }
  check(value: unknown, place: ErrorPlace): Checked {
    if (isMissing(value)) return missingOrFail(this.plan, place);
    if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
      throw new DatasetError(place, `expected a vector (an array of numbers), got ${showValue(value)}`);
    }
    const items = value as ArrayLike<unknown>;
    const dim = this.dim ?? items.length;
    if (items.length !== dim) throw new DatasetError(place, `expected a vector of length ${dim}, got length ${items.length}`);
    const out = new Float32Array(dim);
    for (let k = 0; k < dim; k++) {
      const x = items[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new DatasetError(place, `element ${k}: expected a finite number, got ${showValue(x)}`);
      out[k] = x;
    }
    return out;
  }
  add(value: Checked): void {
    if (value !== null) this.dim ??= (value as Float32Array).length;
    const dim = this.dim ?? 0;
    this.store ??= new Grower((n) => new Float32Array(n), (this.options.capacity ?? 0) * dim);
    this.store.reserve(dim);
    if (value === null) {
      this.missing.mark(this.rows);
      this.store.data.fill(NaN, this.store.length, this.store.length + dim);
    } else this.store.data.set(value as Float32Array, this.store.length);
    this.store.length += dim;
    this.rows++;
  }
  finish(): Column {
    const dim = this.dim ?? 0;
    const values = this.store ? this.store.trimmed() : new Float32Array(0);
    return { kind: 'vector', name: this.plan.name, length: this.rows, validity: this.missing.bitmap(this.rows), values, dim, shape: this.plan.shape };
  }
}

export function makeBuilder(plan: ColumnPlan, options: BuildOptions = {}): ColumnBuilder {
  switch (plan.kind) {
    case 'numeric': return new NumericBuilder(plan, options);
    case 'categorical': return new CategoricalBuilder(plan, options);
    case 'text': return new TextBuilder(plan);
    case 'boolean': return new BooleanBuilder(plan, options);
    case 'vector': return new VectorBuilder(plan, options);
  }
}
