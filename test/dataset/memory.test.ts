/**
 * Columnar storage, measured: a 1,000,000-row dataset of 4 numeric and 1 categorical
 * column, streamed through DatasetBuilder, must grow the heap plus array buffers by less
 * than 40 bytes per row (an object per row would cost well over 100). The bytes are measured
 * in a node process of its own (memory-probe.ts), where no other test's garbage is counted.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { buildMemoryDataset, MEMORY_ROWS } from './memory-dataset';

jest.setTimeout(120_000);

const root = path.join(__dirname, '../..');

function measure(): { rows: number; bytes: number; columnBytes: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', '-r', './bench/metrics-ts-register.js', 'test/dataset/memory-probe.ts'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`memory probe failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string);
}

it('holds 1,000,000 rows in under 40 bytes per row', () => {
  const measured = measure();
  expect(measured.rows).toBe(MEMORY_ROWS);
  const perRow = measured.bytes / MEMORY_ROWS;
  // eslint-disable-next-line no-console
  console.log(`1,000,000 rows: ${(measured.bytes / 1e6).toFixed(1)} MB retained, ${perRow.toFixed(2)} bytes/row; columns report ${(measured.columnBytes / MEMORY_ROWS).toFixed(2)} bytes/row`);
  expect(perRow).toBeLessThan(40);
  // The measurement sees the columns (within GC noise).
  expect(perRow).toBeGreaterThanOrEqual((measured.columnBytes / MEMORY_ROWS) * 0.8);
});

it('the measured dataset holds all its data', () => {
  const { data, sumA } = buildMemoryDataset();
  expect(data.size).toBe(MEMORY_ROWS);
  const a = data.column('a');
  if (a.kind !== 'numeric') throw new Error('expected numeric');
  let sum = 0;
  for (let i = 0; i < MEMORY_ROWS; i++) sum += a.values[i];
  expect(sum).toBe(sumA);
  expect(data.where('d', (v) => v === null).length).toBe(Math.ceil(MEMORY_ROWS / 7));
  expect([...data.facet('colour').values()].reduce((n, rows) => n + rows.length, 0)).toBe(MEMORY_ROWS);
});
