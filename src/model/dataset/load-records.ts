/**
 * Datasets from arrays of records (plain objects), all at once or streamed one at a time.
 *
 * Missing values: a field that is absent, `undefined` or `null` is missing (stored in the
 * validity bitmap, read back as null), unless the spec says `required: true`. NaN and
 * ±Infinity are errors, not missing values.
 */
import { buildColumns } from './build';
import { makeBuilder, type Checked, type ColumnBuilder } from './builders';
import { Dataset } from './dataset';
import { DatasetError, showValue } from './errors';
import { checkNotEmpty, type LoadOptions } from './load-options';
import { planFromSpec } from './plan';
import { isPlainRecord, planRecords, recordFields, recordSource, type PlainRecord } from './record-source';
import type { Spec } from '../../core/spec';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function fromRecords(records: readonly unknown[], options: LoadOptions = {}): Dataset {
  if (!Array.isArray(records)) throw new DatasetError({}, 'expected an array of records');
  checkNotEmpty(records.length, options, 'the record array');
  const fields = recordFields(records);
  const plans = planRecords(records as PlainRecord[], fields, options.spec);
  const columns = buildColumns(plans, recordSource(records, plans, false));
  return Dataset.fromColumns(columns, options);
}

/**
 * Builds a dataset one record at a time with a fixed spec (no inference), so a large
 * generated or streamed dataset never exists as an array of objects. Each `push` is all or
 * nothing; a record with a field outside the spec is an error.
 */
export class DatasetBuilder {
  private readonly builders: ColumnBuilder[];
  private readonly names: string[];
  private readonly checked: Checked[];
  private rows = 0;
  private readonly known: Set<string>;

  constructor(spec: Spec, private readonly options: Omit<LoadOptions, 'spec'> & { capacity?: number } = {}) {
    this.names = Object.keys(spec);
    if (this.names.length === 0) throw new DatasetError({}, 'DatasetBuilder needs a spec with at least one field');
    this.builders = this.names.map((name) => makeBuilder(planFromSpec(name, spec[name]), { capacity: options.capacity }));
    this.checked = new Array(this.names.length);
    this.known = new Set(this.names);
  }

  get size(): number { return this.rows; }

  push(record: Readonly<Record<string, unknown>>): void {
    const place = { row: this.rows, field: '' };
    if (!isPlainRecord(record)) throw new DatasetError({ row: this.rows }, `expected a record (an object), got ${showValue(record)}`);
    const keys = Object.keys(record);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (!this.known.has(key)) throw new DatasetError({ row: this.rows, field: key }, 'the dataset has no such field');
    }
    for (let f = 0; f < this.builders.length; f++) {
      const name = this.names[f];
      place.field = name;
      this.checked[f] = this.builders[f].check(hasOwn(record, name) ? record[name] : undefined, place);
    }
    for (let f = 0; f < this.builders.length; f++) this.builders[f].add(this.checked[f]);
    this.rows++;
  }

  finish(): Dataset {
    checkNotEmpty(this.rows, this.options, 'the builder');
    return Dataset.fromColumns(this.builders.map((b) => b.finish()), this.options);
  }
}
