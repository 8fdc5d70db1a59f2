/**
 * Datasets from Apache Arrow IPC (file or stream format) or a ready `Table`.
 *
 * Column mapping: 8/16-bit integers and float32 → Float32Array (exact); other integers,
 * float64, dates and timestamps (ms since the epoch) → Float64Array; 64-bit integers must be
 * safe integers; booleans → boolean; dictionary-encoded strings → categorical with Arrow's
 * dictionary; plain strings → categorical or text by the usual inference; fixed-size lists of
 * numbers → vectors. Arrow nulls are missing values; NaN and ±Infinity are errors naming the
 * row and field. Other Arrow types are refused with the field and type named.
 */
import { readFileSync } from 'fs';
import { DataType, tableFromIPC, type Data, type Table, type Vector } from 'apache-arrow';
import { allPresent, clearBit } from './bitmap';
import { buildColumns } from './build';
import { codeArrayFor, type Column } from './columns';
import { Dataset } from './dataset';
import { DatasetError, showValue } from './errors';
import { inferPlan } from './infer';
import { checkNotEmpty, type LoadOptions } from './load-options';
import { planFromSpec, type ColumnPlan } from './plan';

type NumericTypedArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array;

/** Arrow types copied straight from their value buffers, and whether float32 holds them exactly. */
function directNumeric(type: DataType): { narrow: boolean } | null {
  if (DataType.isInt(type) && type.bitWidth <= 32) return { narrow: type.bitWidth <= 16 };
  if (DataType.isFloat(type) && type.precision >= 1) return { narrow: type.precision === 1 };
  return null;
}

/** Copies a numeric vector chunk by chunk; nulls become missing, non-finite values errors. */
function numericColumn(name: string, vector: Vector, narrow: boolean): Column {
  const n = vector.length;
  const values = narrow ? new Float32Array(n) : new Float64Array(n);
  let validity: Uint8Array | null = null;
  let at = 0;
  for (const data of vector.data as Data[]) {
    const chunk = (data.values as NumericTypedArray).subarray(0, data.length);
    values.set(chunk, at);
    for (let k = 0; k < data.length; k++) {
      if (data.nullCount > 0 && !data.getValid(k)) {
        validity ??= allPresent(n);
        clearBit(validity, at + k);
        values[at + k] = NaN;
      } else if (!Number.isFinite(values[at + k])) {
        throw new DatasetError({ row: at + k, field: name }, `expected a finite number, got ${values[at + k]}`);
      }
    }
    at += data.length;
  }
  return { kind: 'numeric', name, length: n, validity, values };
}

/** A dictionary-encoded string vector whose chunks share one dictionary, kept as codes. */
function dictionaryColumn(name: string, vector: Vector): Column | null {
  const chunks = vector.data as Data[];
  const dictionary = chunks[0]?.dictionary;
  if (!dictionary || !DataType.isUtf8(dictionary.type) || chunks.some((d) => d.dictionary !== dictionary)) return null;
  const labels = (dictionary.toArray() as (string | null)[]).map((s) => s ?? '');
  const n = vector.length;
  const codes = codeArrayFor(labels.length, n);
  let validity: Uint8Array | null = null;
  let at = 0;
  for (const data of chunks) {
    const keys = (data.values as NumericTypedArray).subarray(0, data.length);
    for (let k = 0; k < data.length; k++) {
      if (data.nullCount > 0 && !data.getValid(k)) {
        validity ??= allPresent(n);
        clearBit(validity, at + k);
        codes[at + k] = 0;
      } else codes[at + k] = keys[k];
    }
    at += data.length;
  }
  return { kind: 'categorical', name, length: n, validity, codes, dictionary: labels, closed: false };
}

/** A JavaScript value of one Arrow cell for the generic (builder) path. */
function plainValue(name: string, row: number, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && 'toArray' in (value as object)) return Array.from((value as Vector).toArray() as ArrayLike<number>);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object' && !ArrayBuffer.isView(value)) throw new DatasetError({ row, field: name }, `cannot hold Arrow value ${showValue(value)}`);
  return value;
}

const genericTypes = (type: DataType): boolean =>
  DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type) || DataType.isUtf8(type) || DataType.isLargeUtf8(type)
  || DataType.isDate(type) || DataType.isTimestamp(type) || DataType.isDictionary(type)
  || (DataType.isFixedSizeList(type) && (DataType.isFloat(type.children[0].type) || DataType.isInt(type.children[0].type)));

export function fromArrowTable(table: Table, options: LoadOptions = {}): Dataset {
  checkNotEmpty(table.numRows, options, 'the Arrow table');
  const spec = options.spec ?? {};
  const names = table.schema.fields.map((f) => f.name);
  for (const name of Object.keys(spec)) if (!names.includes(name)) throw new DatasetError({ field: name }, 'the spec names a field the Arrow table does not have');
  const columns = table.schema.fields.map((field): Column => {
    const name = field.name;
    const vector = table.getChild(name)!;
    const hasSpec = Object.prototype.hasOwnProperty.call(spec, name);
    if (!hasSpec) {
      const direct = directNumeric(field.type);
      if (direct) return numericColumn(name, vector, direct.narrow);
      if (DataType.isDictionary(field.type)) {
        const column = dictionaryColumn(name, vector);
        if (column) return column;
      }
    }
    if (!genericTypes(field.type)) throw new DatasetError({ field: name }, `Arrow type ${String(field.type)} is not supported`);
    const values = new Array<unknown>(vector.length);
    for (let i = 0; i < vector.length; i++) values[i] = plainValue(name, i, vector.get(i));
    let plan: ColumnPlan = hasSpec ? planFromSpec(name, spec[name]) : inferPlan(name, values, false);
    if (plan.kind === 'vector' && plan.dim === undefined && DataType.isFixedSizeList(field.type)) plan = { ...plan, dim: field.type.listSize };
    return buildColumns([plan], { rowCount: values.length, value: (row) => values[row] })[0];
  });
  return Dataset.fromColumns(columns, options);
}

/** Reads Arrow IPC bytes (file or stream format). */
export function fromArrow(bytes: Uint8Array | ArrayBuffer, options: LoadOptions = {}): Dataset {
  let table: Table;
  try {
    table = tableFromIPC(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  } catch (e) {
    throw new DatasetError({}, `not a readable Arrow IPC file: ${(e as Error).message}`);
  }
  if (table.schema.fields.length === 0) throw new DatasetError({}, 'not a readable Arrow IPC file: no schema found (no fields)');
  return fromArrowTable(table, options);
}

export function readArrow(path: string, options: LoadOptions = {}): Dataset {
  return fromArrow(readFileSync(path), { name: path, ...options });
}
