/**
 * Columnar storage, measured: a 1,000,000-row dataset of 4 numeric and 1 categorical
 * column, streamed through DatasetBuilder, must grow the heap plus array buffers by less
 * than 40 bytes per row (an object per row would cost well over 100).
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { DatasetBuilder, type Dataset } from '../../src/model/dataset';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Heap plus ArrayBuffer backing stores after a full collection. V8 frees backing stores on a
 * concurrent sweeper thread, so one reading right after gc() can still count dead buffers:
 * collect and re-read until two readings agree.
 */
async function retainedBytes(): Promise<number> {
  const read = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  let previous = read();
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const current = read();
    if (Math.abs(current - previous) < 64 * 1024) return current;
    previous = current;
  }
  return previous;
}

const ROWS = 1_000_000;
const COLOURS = ['red', 'green', 'blue', 'cyan', 'magenta'];

/** Streams rows of a small deterministic generator; returns the dataset and the sum of column a. */
function build(): { data: Dataset; sumA: number } {
  const builder = new DatasetBuilder({
    a: { kind: 'Scalar' }, b: { kind: 'Scalar' }, c: { kind: 'Scalar' }, d: { kind: 'Scalar' },
    colour: { kind: 'CategoryLabel', vocab: COLOURS },
  }, { capacity: ROWS });
  let seed = 12345;
  let sumA = 0;
  for (let i = 0; i < ROWS; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const a = seed / 2 ** 32;
    sumA += a;
    builder.push({ a, b: i, c: -i, d: i % 7 === 0 ? null : i / 3, colour: COLOURS[seed % 5] });
  }
  return { data: builder.finish(), sumA };
}

/**
 * Bytes the dataset keeps alive: retained with it, minus retained once it is dropped. Measuring
 * the release (rather than growth from before the build) keeps garbage the test runner frees
 * meanwhile out of the figure.
 */
async function retainedBy(make: () => Dataset): Promise<{ bytes: number; columnBytes: number }> {
  let data: Dataset | null = make();
  const columnBytes = data.bytes();
  const withData = await retainedBytes();
  data = null;
  const without = await retainedBytes();
  return { bytes: withData - without, columnBytes };
}

it('holds 1,000,000 rows in under 40 bytes per row', async () => {
  let sumA = 0;
  const measured = await retainedBy(() => {
    const built = build();
    sumA = built.sumA;
    return built.data;
  });
  const grown = measured.bytes;
  const perRow = grown / ROWS;
  const { data } = build();
  // eslint-disable-next-line no-console
  console.log(`1,000,000 rows: ${(grown / 1e6).toFixed(1)} MB retained, ${perRow.toFixed(2)} bytes/row; columns report ${(measured.columnBytes / ROWS).toFixed(2)} bytes/row`);
  expect(perRow).toBeLessThan(40);
  // The measurement sees the columns (within GC noise of a few MB from the test runner).
  expect(perRow).toBeGreaterThanOrEqual((measured.columnBytes / ROWS) * 0.8);

  // The data is all there.
  expect(data.size).toBe(ROWS);
  const a = data.column('a');
  if (a.kind !== 'numeric') throw new Error('expected numeric');
  let sum = 0;
  for (let i = 0; i < ROWS; i++) sum += a.values[i];
  expect(sum).toBe(sumA);
  expect(data.where('d', (v) => v === null).length).toBe(Math.ceil(ROWS / 7));
  expect([...data.facet('colour').values()].reduce((n, rows) => n + rows.length, 0)).toBe(ROWS);
});
