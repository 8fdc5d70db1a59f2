/**
 * Example data for the example models in `models/`: `exampleDataset('spam' | 'penguins' |
 * 'mnist')` gives a columnar `Dataset` whose ids are the records' stable ids.
 *
 * Notes: `limit` keeps an even spread over the whole data (every k-th record), so a small
 * sample still holds both spam and ham, every species, every digit.
 */
import { fromRecords, type Dataset } from '../model/dataset';
import { mnistRecords } from './mnist';
import { penguinRecords } from './penguins';
import type { ExampleRecord } from './record';
import { spamRecords } from './spam';

export type { ExampleRecord } from './record';
export { spamRecords, messageText } from './spam';
export { penguinRecords, PENGUIN_NUMERIC } from './penguins';
export { mnistRecords, MNIST_SIDE } from './mnist';

export type ExampleDataName = 'spam' | 'penguins' | 'mnist';

export interface ExampleDataOptions {
  /** Keep at most this many records, evenly spread (default: all). */
  limit?: number;
}

const LOADERS: Record<ExampleDataName, () => ExampleRecord[]> = {
  spam: spamRecords,
  penguins: penguinRecords,
  mnist: () => mnistRecords(),
};

/** Every k-th record so that at most `limit` remain. */
export function evenlySpread<T>(rows: readonly T[], limit: number): T[] {
  if (!(Number.isInteger(limit) && limit > 0)) throw new Error(`limit must be a positive integer, got ${String(limit)}`);
  if (rows.length <= limit) return rows.slice();
  const step = rows.length / limit;
  return Array.from({ length: limit }, (_, k) => rows[Math.floor(k * step)]);
}

/** The example records of `name` (optionally a spread sample of `limit`). */
export function exampleRecords(name: ExampleDataName, options: ExampleDataOptions = {}): ExampleRecord[] {
  const load = LOADERS[name];
  if (!load) throw new Error(`unknown example data ${JSON.stringify(name)}: use one of ${Object.keys(LOADERS).join(', ')}`);
  const rows = load();
  return options.limit === undefined ? rows : evenlySpread(rows, options.limit);
}

/** The example data `name` as a Dataset named `name`, keyed by the records' `id` field. */
export function exampleDataset(name: ExampleDataName, options: ExampleDataOptions = {}): Dataset {
  return fromRecords(exampleRecords(name, options), { ids: { field: 'id' }, name });
}
