/**
 * The row loop every loader shares: for each row, check every field, then store them all, so
 * the first bad value stops the load with an error naming its row and field.
 */
import { makeBuilder, type BuildOptions, type Checked } from './builders';
import type { Column } from './columns';
import type { ErrorPlace } from './errors';
import type { ColumnPlan } from './plan';

export interface RowSource {
  readonly rowCount: number;
  /** The raw value of field number `f` (in plan order) of row `row`; undefined = absent. */
  value(row: number, f: number): unknown;
  /** Where row `row` is, for error messages (defaults to `{ row: rowOffset + row }`). */
  place?(row: number): ErrorPlace;
}

export interface BuildColumnsOptions {
  fromText?: boolean;
  /** Existing dictionaries (field name → dictionary) to extend when appending. */
  dictionaries?: ReadonlyMap<string, readonly string[]>;
  /** Added to row numbers in error messages. */
  rowOffset?: number;
}

export function buildColumns(plans: readonly ColumnPlan[], source: RowSource, options: BuildColumnsOptions = {}): Column[] {
  const builders = plans.map((plan) => {
    const buildOptions: BuildOptions = { fromText: options.fromText, capacity: source.rowCount };
    const dictionary = options.dictionaries?.get(plan.name);
    if (dictionary) buildOptions.dictionary = dictionary;
    return makeBuilder(plan, buildOptions);
  });
  const checked: Checked[] = new Array(plans.length);
  const offset = options.rowOffset ?? 0;
  for (let row = 0; row < source.rowCount; row++) {
    // One place object per row, its field overwritten per check: errors copy it when thrown.
    const place: ErrorPlace = source.place ? { ...source.place(row) } : { row: offset + row };
    for (let f = 0; f < plans.length; f++) {
      place.field = plans[f].name;
      checked[f] = builders[f].check(source.value(row, f), place);
    }
    for (let f = 0; f < plans.length; f++) builders[f].add(checked[f]);
  }
  return builders.map((b) => b.finish());
}
