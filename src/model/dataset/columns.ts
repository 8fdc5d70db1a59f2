/**
 * Typed columns: the whole of a dataset's storage. No column holds an object per row except
 * text (a JavaScript string per row is unavoidable).
 *
 * Notes on missing values: every column may carry a validity bitmap (see bitmap.ts; `null`
 * when nothing is missing). Where a row is missing, numeric `values` hold NaN, categorical
 * `codes` hold 0, text holds '', boolean holds 0 and vector rows hold NaN, so readers that
 * ignore the bitmap still never see a plausible-looking number. NaN is never a present value:
 * loaders reject non-finite numbers, so for numeric columns `Number.isNaN(values[i])` and
 * "row i is missing" are the same thing.
 */
import type { FieldSpec, FieldValue } from '../../core/spec';
import { concatValidity, isPresent, takeValidity, type Validity } from './bitmap';

export type NumericArray = Float64Array | Float32Array;
export type CodeArray = Uint16Array | Uint32Array;

interface ColumnBase {
  readonly name: string;
  readonly length: number;
  /** Bit i set = row i present; null = no row missing. */
  readonly validity: Validity;
}

/** Real numbers. Float32Array only when the source was float32 or a small integer type (Arrow). */
export interface NumericColumn extends ColumnBase {
  readonly kind: 'numeric';
  readonly values: NumericArray;
  readonly min?: number;
  readonly max?: number;
}

/** Dictionary-encoded categories: `dictionary[codes[i]]` is row i's value. */
export interface CategoricalColumn extends ColumnBase {
  readonly kind: 'categorical';
  readonly codes: CodeArray;
  readonly dictionary: readonly string[];
  /** True when the dictionary came from an explicit vocabulary: other values are errors. */
  readonly closed: boolean;
}

export interface TextColumn extends ColumnBase {
  readonly kind: 'text';
  readonly values: readonly string[];
}

/** Fixed-length vectors (embeddings, images): row i is `values.subarray(i*dim, (i+1)*dim)`. */
export interface VectorColumn extends ColumnBase {
  readonly kind: 'vector';
  readonly values: Float32Array;
  readonly dim: number;
  /** Set for images: [height, width, channels], product = dim. */
  readonly shape?: [number, number, number];
}

/** Booleans as 0/1; seen by models as the category 'false'/'true'. */
export interface BooleanColumn extends ColumnBase {
  readonly kind: 'boolean';
  readonly values: Uint8Array;
}

export type Column = NumericColumn | CategoricalColumn | TextColumn | VectorColumn | BooleanColumn;
export type ColumnKind = Column['kind'];

/** The vocabulary a boolean column shows to models. */
export const BOOLEAN_VOCAB: readonly string[] = ['false', 'true'];

/** Row i of a column as an example field value (null when missing). */
export function columnValue(column: Column, i: number): FieldValue {
  if (!isPresent(column.validity, i)) return null;
  switch (column.kind) {
    case 'numeric': return column.values[i];
    case 'categorical': return column.dictionary[column.codes[i]];
    case 'text': return column.values[i];
    case 'boolean': return BOOLEAN_VOCAB[column.values[i]];
    case 'vector': return column.values.slice(i * column.dim, (i + 1) * column.dim);
  }
}

/** The field type a column shows to models. */
export function columnSpec(column: Column): FieldSpec {
  switch (column.kind) {
    case 'numeric': {
      const spec: FieldSpec = { kind: 'Scalar' };
      if (column.min !== undefined) spec.min = column.min;
      if (column.max !== undefined) spec.max = column.max;
      return spec;
    }
    case 'categorical': return { kind: 'CategoryLabel', vocab: [...column.dictionary] };
    case 'text': return { kind: 'TextSegment' };
    case 'boolean': return { kind: 'CategoryLabel', vocab: [...BOOLEAN_VOCAB] };
    case 'vector': return column.shape ? { kind: 'Image', shape: column.shape } : { kind: 'Embeddings' };
  }
}

/** Smallest code array that can index a dictionary of `size` entries. */
export function codeArrayFor(size: number, length: number): CodeArray {
  return size <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

/** A new column holding rows `indices` of `column`, in that order. */
export function takeColumn(column: Column, indices: ArrayLike<number>): Column {
  const n = indices.length;
  const validity = takeValidity(column.validity, indices);
  switch (column.kind) {
    case 'numeric': {
      const values = new (column.values.constructor as Float64ArrayConstructor | Float32ArrayConstructor)(n);
      for (let k = 0; k < n; k++) values[k] = column.values[indices[k]];
      return { ...column, length: n, validity, values };
    }
    case 'categorical': {
      const codes = codeArrayFor(column.dictionary.length, n);
      for (let k = 0; k < n; k++) codes[k] = column.codes[indices[k]];
      return { ...column, length: n, validity, codes };
    }
    case 'text': {
      const values = new Array<string>(n);
      for (let k = 0; k < n; k++) values[k] = column.values[indices[k]];
      return { ...column, length: n, validity, values };
    }
    case 'boolean': {
      const values = new Uint8Array(n);
      for (let k = 0; k < n; k++) values[k] = column.values[indices[k]];
      return { ...column, length: n, validity, values };
    }
    case 'vector': {
      const { dim } = column;
      const values = new Float32Array(n * dim);
      for (let k = 0; k < n; k++) values.set(column.values.subarray(indices[k] * dim, (indices[k] + 1) * dim), k * dim);
      return { ...column, length: n, validity, values };
    }
  }
}

/**
 * `a` followed by `b` (same name and kind; `b`'s dictionary extends `a`'s, as the builders
 * make it when appending).
 */
export function concatColumns(a: Column, b: Column): Column {
  const length = a.length + b.length;
  const validity = concatValidity(a.validity, a.length, b.validity, b.length);
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    const values = a.values instanceof Float32Array && b.values instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
    values.set(a.values, 0);
    values.set(b.values, a.length);
    return { ...a, length, validity, values };
  }
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    const codes = codeArrayFor(b.dictionary.length, length);
    codes.set(a.codes, 0);
    codes.set(b.codes, a.length);
    return { ...b, length, validity, codes };
  }
  if (a.kind === 'text' && b.kind === 'text') return { ...a, length, validity, values: [...a.values, ...b.values] };
  if (a.kind === 'boolean' && b.kind === 'boolean') {
    const values = new Uint8Array(length);
    values.set(a.values, 0);
    values.set(b.values, a.length);
    return { ...a, length, validity, values };
  }
  if (a.kind === 'vector' && b.kind === 'vector' && a.dim === b.dim) {
    const values = new Float32Array(length * a.dim);
    values.set(a.values, 0);
    values.set(b.values, a.length * a.dim);
    return { ...a, length, validity, values };
  }
  throw new Error(`cannot concatenate column "${a.name}" (${a.kind}) with "${b.name}" (${b.kind})`);
}

/** Bytes held by a column's typed storage (text: 2 bytes per UTF-16 unit, an estimate). */
export function columnBytes(column: Column): number {
  const mask = column.validity?.byteLength ?? 0;
  switch (column.kind) {
    case 'numeric': case 'boolean': case 'vector': return column.values.byteLength + mask;
    case 'categorical': return column.codes.byteLength + mask;
    case 'text': {
      let chars = 0;
      for (const s of column.values) chars += s.length;
      return chars * 2 + mask;
    }
  }
}
