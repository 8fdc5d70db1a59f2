/**
 * A columnar dataset: typed columns, stable ids, on-demand examples, slices, and generated
 * rows kept apart from the loaded ones.
 *
 * Notes: a dataset never holds an object per row (text columns aside): `row(i)` builds the
 * `Example` when asked. Changes (`append`, `addGenerated`) build the new rows' columns
 * completely, then swap them in, so a failed change leaves the dataset exactly as it was.
 */
import type { Example, FieldValue, Spec } from '../../core/spec';
import { buildColumns } from './build';
import { columnBytes, columnSpec, columnValue, concatColumns, takeColumn, type Column } from './columns';
import { DatasetError } from './errors';
import { canonicalExample, contentHash, dedupeIds, type IdOption } from './ids';
import type { ColumnPlan } from './plan';
import { recordSource } from './record-source';
import {
  binGrouping, binEdges, binning, categoryGrouping, crossGroupings, filterIndices, splitByGroup, whereValue,
  type BinOptions, type Binning, type Group, type Grouping, type Indices,
} from './slicing';

export interface DatasetOptions {
  name?: string;
  /** How examples get ids (see ids.ts). Default 'index'. */
  ids?: IdOption;
}

/** One field of a combined facet: a category field, or a numeric field with bins. */
export type FacetBy = string | { field: string; bins: BinOptions };

export interface GeneratedOptions {
  /** What made these examples, e.g. 'hotflip' or 'ablation'. */
  source: string;
}

/** Sets a key on a fresh object even when the key is `__proto__`. */
function setField(target: Example, key: string, value: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export class Dataset {
  readonly name: string;
  private columnsByName: Map<string, Column>;
  private order: string[];
  private length: number;
  private readonly idOption: IdOption;
  /** Explicit ids (after take(), for generated rows, or hash ids once computed); null = derived. */
  private idList: string[] | null;
  private idIndex: Map<string, number> | null = null;
  private readonly saved = new Map<string, Indices>();
  private generatedRows: Dataset | null = null;
  private generatedSources: string[] = [];

  private constructor(columns: readonly Column[], options: DatasetOptions, idList: string[] | null) {
    this.name = options.name ?? 'dataset';
    this.order = columns.map((c) => c.name);
    this.columnsByName = new Map(columns.map((c) => [c.name, c]));
    this.length = columns[0]?.length ?? 0;
    this.idOption = options.ids ?? 'index';
    this.idList = idList;
  }

  /** A dataset over ready-made columns (all of one length, distinct names). */
  static fromColumns(columns: readonly Column[], options: DatasetOptions = {}, ids?: readonly string[]): Dataset {
    const names = new Set<string>();
    for (const c of columns) {
      if (names.has(c.name)) throw new DatasetError({ field: c.name }, 'two columns have this name');
      names.add(c.name);
      if (c.length !== columns[0].length) throw new DatasetError({ field: c.name }, `column has ${c.length} rows, expected ${columns[0].length}`);
    }
    if (ids && ids.length !== (columns[0]?.length ?? 0)) throw new DatasetError({}, `got ${ids.length} ids for ${columns[0]?.length ?? 0} rows`);
    const dataset = new Dataset(columns, options, ids ? [...ids] : null);
    dataset.checkIds();
    return dataset;
  }

  /** Rows loaded (generated rows are counted by `generated.size`). */
  get size(): number { return this.length; }

  fields(): string[] { return [...this.order]; }

  /** Field types as models see them (see columns.ts `columnSpec`). */
  spec(): Spec {
    const spec: Spec = {};
    for (const name of this.order) spec[name] = columnSpec(this.column(name));
    return spec;
  }

  /** The typed column; throws naming the field and listing the fields there are. */
  column(name: string): Column {
    const column = this.columnsByName.get(name);
    if (!column) throw new DatasetError({ field: name }, `no such field (fields: ${this.order.map((f) => JSON.stringify(f)).join(', ')})`);
    return column;
  }

  /** Bytes held by the columns' storage. */
  bytes(): number {
    let total = 0;
    for (const c of this.columnsByName.values()) total += columnBytes(c);
    return total;
  }

  private checkRow(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new DatasetError({}, `row ${i} is out of range (the dataset has ${this.length} rows)`);
  }

  /** Example i, built now (missing values are null; images and embeddings are Float32Array copies). */
  row(i: number): Example {
    this.checkRow(i);
    const example: Example = {};
    for (const name of this.order) setField(example, name, columnValue(this.columnsByName.get(name)!, i));
    return example;
  }

  rows(indices: ArrayLike<number>): Example[] {
    return Array.from({ length: indices.length }, (_, k) => this.row(indices[k]));
  }

  // ---- ids ----

  id(i: number): string {
    this.checkRow(i);
    if (this.idList) return this.idList[i];
    const option = this.idOption;
    if (option === 'index') return String(i);
    if (option === 'hash') return this.hashIds()[i];
    return String(columnValue(this.column(option.field), i));
  }

  ids(indices?: ArrayLike<number>): string[] {
    if (!indices) return Array.from({ length: this.length }, (_, i) => this.id(i));
    return Array.from({ length: indices.length }, (_, k) => this.id(indices[k]));
  }

  /** The row with this id, or -1. */
  indexOf(id: string): number {
    if (!this.idList && this.idOption === 'index') {
      const i = /^(0|[1-9]\d*)$/.test(id) ? Number(id) : -1;
      return i < this.length ? i : -1;
    }
    if (!this.idIndex) {
      this.idIndex = new Map();
      for (let i = 0; i < this.length; i++) this.idIndex.set(this.id(i), i);
    }
    return this.idIndex.get(id) ?? -1;
  }

  private hashIds(): string[] {
    this.idList ??= dedupeIds(Array.from({ length: this.length }, (_, i) => contentHash(canonicalExample(this.row(i), this.order))));
    return this.idList;
  }

  /** An id field must exist, be present everywhere and unique. */
  private checkIds(): void {
    const option = this.idOption;
    if (this.idList) {
      const seen = new Set<string>();
      this.idList.forEach((id, i) => {
        if (seen.has(id)) throw new DatasetError({ row: i }, `id ${JSON.stringify(id)} is used twice`);
        seen.add(id);
      });
      return;
    }
    if (typeof option !== 'object') return;
    const column = this.column(option.field);
    const seen = new Map<string, number>();
    for (let i = 0; i < this.length; i++) {
      const v = columnValue(column, i);
      if (v === null) throw new DatasetError({ row: i, field: option.field }, 'the id field is missing a value');
      const id = String(v);
      const first = seen.get(id);
      if (first !== undefined) throw new DatasetError({ row: i, field: option.field }, `id ${JSON.stringify(id)} is already used by row ${first}`);
      seen.set(id, i);
    }
  }

  // ---- subsets and changes ----

  /** A new dataset of rows `indices` (copied), keeping their ids. Generated rows and slices stay behind. */
  take(indices: ArrayLike<number>): Dataset {
    for (let k = 0; k < indices.length; k++) this.checkRow(indices[k]);
    const columns = this.order.map((name) => takeColumn(this.columnsByName.get(name)!, indices));
    return Dataset.fromColumns(columns, { name: this.name, ids: this.idOption }, this.ids(indices));
  }

  private plans(): ColumnPlan[] {
    return this.order.map((name) => {
      const c = this.columnsByName.get(name)!;
      const plan: ColumnPlan = { name, kind: c.kind, required: false };
      if (c.kind === 'categorical') { plan.vocab = c.dictionary; plan.closed = c.closed; }
      if (c.kind === 'numeric') { plan.min = c.min; plan.max = c.max; }
      if (c.kind === 'vector') { plan.dim = c.dim; plan.shape = c.shape; }
      return plan;
    });
  }

  private dictionaries(): Map<string, readonly string[]> {
    const out = new Map<string, readonly string[]>();
    for (const c of this.columnsByName.values()) if (c.kind === 'categorical') out.set(c.name, c.dictionary);
    return out;
  }

  /** Columns for new records of this dataset's fields (unknown fields are errors); nothing stored yet. */
  private columnsFor(records: readonly unknown[], rowOffset: number): Column[] {
    const source = recordSource(records, this.plans(), true, (row) => ({ row: rowOffset + row }));
    return buildColumns(this.plans(), source, { dictionaries: this.dictionaries() });
  }

  /**
   * Appends loaded rows (same fields; row numbers in errors continue from `size`). Either every
   * record is added or, on the first bad value, none is. Index ids continue; hash ids are recomputed.
   */
  append(records: readonly unknown[]): void {
    if (this.idList && this.idOption !== 'hash') throw new DatasetError({}, 'cannot append to a subset made by take(); append to the original dataset');
    const chunk = this.columnsFor(records, this.length);
    const merged = this.order.map((name, f) => concatColumns(this.columnsByName.get(name)!, chunk[f]));
    const next = Dataset.fromColumns(merged, { name: this.name, ids: this.idOption });
    this.columnsByName = next.columnsByName;
    this.length = next.length;
    this.idList = null;
    this.idIndex = null;
  }

  /**
   * Adds generated examples (counterfactuals, edits) apart from the loaded rows, each marked
   * with its source. Returns their ids (`gen-<k>`). All or nothing, as with `append`.
   */
  addGenerated(examples: readonly Example[], options: GeneratedOptions): string[] {
    if (!options || typeof options.source !== 'string' || options.source === '') throw new DatasetError({}, 'addGenerated needs a non-empty source');
    const start = this.generatedSources.length;
    const chunk = this.columnsFor(examples, 0);
    const ids = examples.map((_, k) => `gen-${start + k}`);
    const before = this.generatedRows;
    const columns = before ? this.order.map((name, f) => concatColumns(before.column(name), chunk[f])) : chunk;
    const next = Dataset.fromColumns(columns, { name: `${this.name} (generated)` }, [...(before?.ids() ?? []), ...ids]);
    // Keep the loaded columns' dictionaries in step with the generated ones (they only grow).
    for (const c of chunk) {
      const own = this.columnsByName.get(c.name)!;
      if (c.kind === 'categorical' && own.kind === 'categorical' && c.dictionary.length > own.dictionary.length) {
        this.columnsByName.set(c.name, { ...own, dictionary: c.dictionary });
      }
    }
    this.generatedRows = next;
    this.generatedSources = [...this.generatedSources, ...examples.map(() => options.source)];
    return ids;
  }

  /** Generated rows as a dataset of the same fields (ids `gen-<k>`); empty until some are added. */
  get generated(): Dataset {
    this.generatedRows ??= Dataset.fromColumns(this.columnsFor([], 0), { name: `${this.name} (generated)` }, []);
    return this.generatedRows;
  }

  /** The source given when generated row j was added. */
  generatedSource(j: number): string {
    this.generated.checkRow(j);
    return this.generatedSources[j];
  }

  /** True for ids of generated rows. */
  isGeneratedId(id: string): boolean {
    return this.generatedRows !== null && this.generatedRows.indexOf(id) >= 0;
  }

  /** The example with this id, loaded or generated; throws when there is none. */
  example(id: string): Example {
    const i = this.indexOf(id);
    if (i >= 0) return this.row(i);
    const j = this.generatedRows?.indexOf(id) ?? -1;
    if (j >= 0) return this.generatedRows!.row(j);
    throw new DatasetError({}, `no example has id ${JSON.stringify(id)}`);
  }

  // ---- slices ----

  /** Rows (of `within`, default all) whose `field` value passes `test`; missing values come as null. */
  where(field: string, test: (value: FieldValue) => boolean, within?: Indices): Indices;
  /** Rows whose example passes `test` (builds each example: slower; prefer the field form). */
  where(test: (example: Example, i: number) => boolean, within?: Indices): Indices;
  where(a: string | ((example: Example, i: number) => boolean), b?: ((value: FieldValue) => boolean) | Indices, c?: Indices): Indices {
    if (typeof a === 'string') return whereValue(this.column(a), b as (value: FieldValue) => boolean, this.checkedWithin(c));
    return filterIndices(this.length, (i) => a(this.row(i), i), this.checkedWithin(b as Indices | undefined));
  }

  /** Category (or boolean) value → rows, in dictionary order, missing last under null; empty values left out. */
  facet(field: string, within?: Indices): Map<string | null, Indices> {
    const grouping = categoryGrouping(this.column(field));
    const out = new Map<string | null, Indices>();
    splitByGroup(grouping, this.checkedWithin(within)).forEach((indices, g) => out.set(grouping.labels[g], indices));
    return out;
  }

  /** Numeric bins: `{ count }` equal-width bins over the present values, or explicit `{ edges }`. */
  bin(field: string, options: BinOptions, within?: Indices): Binning {
    return binning(this.column(field), options, this.checkedWithin(within));
  }

  /** Crossed facets, e.g. `facets(['Island', 'Sex', { field: 'Body Mass (g)', bins: { count: 4 } }])`. */
  facets(by: readonly FacetBy[], within?: Indices): Group[] {
    const rows = this.checkedWithin(within);
    const groupings: Grouping[] = by.map((f) => {
      if (typeof f === 'string') return categoryGrouping(this.column(f));
      const column = this.column(f.field);
      return binGrouping(column, binEdges(column, f.bins, rows));
    });
    return crossGroupings(groupings, this.length, rows);
  }

  private checkedWithin(within: Indices | undefined): Indices | undefined {
    if (within === undefined) return undefined;
    if (!(within instanceof Uint32Array)) throw new DatasetError({}, 'a slice must be a Uint32Array of row indices');
    for (const i of within) if (i >= this.length) throw new DatasetError({}, `slice row ${i} is out of range (the dataset has ${this.length} rows)`);
    return within;
  }

  /** Saves a named slice (a copy); indices must be whole numbers below `size`. Replaces a slice of the same name. */
  saveSlice(name: string, indices: ArrayLike<number>): Indices {
    if (typeof name !== 'string' || name === '') throw new DatasetError({}, 'a slice needs a non-empty name');
    const copy = new Uint32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new DatasetError({}, `slice ${JSON.stringify(name)}: entry ${k} (${i}) is not a row of the dataset (0..${this.length - 1})`);
      copy[k] = i;
    }
    this.saved.set(name, copy);
    return copy;
  }

  slice(name: string): Indices {
    const s = this.saved.get(name);
    if (!s) throw new DatasetError({}, `no saved slice named ${JSON.stringify(name)} (saved: ${[...this.saved.keys()].map((k) => JSON.stringify(k)).join(', ') || 'none'})`);
    return s;
  }

  slices(): ReadonlyMap<string, Indices> { return new Map(this.saved); }

  deleteSlice(name: string): boolean { return this.saved.delete(name); }
}
