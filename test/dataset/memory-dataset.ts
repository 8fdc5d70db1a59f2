/** The 1,000,000-row dataset of memory.test.ts: 4 numeric and 1 categorical column from a small deterministic generator. */
import { DatasetBuilder, type Dataset } from '../../src/model/dataset';

export const MEMORY_ROWS = 1_000_000;
export const COLOURS = ['red', 'green', 'blue', 'cyan', 'magenta'];

/** Streams the rows through DatasetBuilder; returns the dataset and the sum of column a. */
export function buildMemoryDataset(): { data: Dataset; sumA: number } {
  const builder = new DatasetBuilder({
    a: { kind: 'Scalar' }, b: { kind: 'Scalar' }, c: { kind: 'Scalar' }, d: { kind: 'Scalar' },
    colour: { kind: 'CategoryLabel', vocab: COLOURS },
  }, { capacity: MEMORY_ROWS });
  let seed = 12345;
  let sumA = 0;
  for (let i = 0; i < MEMORY_ROWS; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const a = seed / 2 ** 32;
    sumA += a;
    builder.push({ a, b: i, c: -i, d: i % 7 === 0 ? null : i / 3, colour: COLOURS[seed % 5] });
  }
  return { data: builder.finish(), sumA };
}
