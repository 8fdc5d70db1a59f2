/**
 * The data table's sort (src/widgets/table/table-sort.ts) against a plain comparator sort on random
 * data: numbers with ties, NaN, missing values, -0, infinities and negatives; text with ties
 * and missing values; categories (also with generated rows that grow the dictionary);
 * booleans; both directions, with and without a filter. And the widget's sort as a job on a
 * large table: the kernel answers rows (in the old order) while it runs, Cancel keeps the
 * previous order and puts the sort state back.
 */
import { Dataset, fromRecords } from '../../src/model/dataset';
import type { Column } from '../../src/model/dataset';
import { computeOrder, orderSteps, type TableQuery } from '../../src/widgets/table/data-table-query';
import { mergeSortSteps, runSliced, runSync, type StepProgress } from '../../src/widgets/table/table-sort';
import { dataTable } from '../../src/widgets/table/data-table';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';

/** mulberry32: deterministic random numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed;
  return () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

type Value = number | string | boolean | null;

/** The plain reference: missing (null/NaN) last in row order, ties in row order, descending flips only the comparison. */
function referenceSort(rows: readonly number[], value: (i: number) => Value, descending: boolean): number[] {
  const missing = (v: Value) => v === null || (typeof v === 'number' && Number.isNaN(v));
  return [...rows].sort((a, b) => {
    const x = value(a), y = value(b);
    const xm = missing(x), ym = missing(y);
    if (xm || ym) return xm === ym ? a - b : xm ? 1 : -1;
    const c = (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0;
    return (descending ? -c : c) || a - b;
  });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function numericDataset(values: Float64Array, validity: Uint8Array | null = null): Dataset {
  const column = { name: 'v', kind: 'numeric', length: values.length, validity, values } as unknown as Column;
  return Dataset.fromColumns([column], { name: 'nums' });
}

const sortQuery = (column: string, descending: boolean, filters: Record<string, string> = {}): TableQuery => ({ filters, search: '', sort: { column, descending } });

describe('sort order', () => {
  test('numbers: ties, NaN, -0, infinities, negatives, tiny and huge values match the reference in both directions', () => {
    const rand = random(7);
    const pool = [0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 5e-324, 1e300, -1e300, Infinity, -Infinity, NaN, 3, 3, 2.5];
    const n = 20_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = rand() < 0.5 ? pool[Math.floor(rand() * pool.length)] : (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6);
    const ds = numericDataset(values);
    for (const descending of [false, true]) {
      expect(Array.from(computeOrder(ds, sortQuery('v', descending))!)).toEqual(referenceSort(range(n), (i) => values[i], descending));
    }
  });

  test('numbers on 200,000 random rows with a validity bitmap (missing rows last) match the reference', () => {
    const rand = random(11);
    const n = 200_000;
    const values = new Float64Array(n);
    const validity = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) {
      values[i] = Math.round((rand() - 0.3) * 2000) / 4; // many ties
      if (rand() > 0.05) validity[i >> 3] |= 1 << (i & 7);
    }
    const present = (i: number) => (validity[i >> 3] & (1 << (i & 7))) !== 0;
    const ds = numericDataset(values, validity);
    for (const descending of [false, true]) {
      expect(Array.from(computeOrder(ds, sortQuery('v', descending))!)).toEqual(referenceSort(range(n), (i) => (present(i) ? values[i] : null), descending));
    }
  });

  test('text, categories and booleans (with missing values and ties), with and without a filter, match the reference', () => {
    const rand = random(3);
    const words = ['b', 'a', 'B', 'ab', 'aa', '', 'é', 'z', 'Z', 'a b', '10', '9'];
    const recs = range(3000).map((i) => ({
      word: rand() < 0.1 ? null : `${words[Math.floor(rand() * words.length)]}${rand() < 0.3 ? String(i % 7) : ''}`,
      colour: rand() < 0.1 ? null : ['red', 'green', 'blue', 'Teal', 'amber'][Math.floor(rand() * 5)],
      flag: rand() < 0.1 ? null : rand() < 0.5,
      x: rand() < 0.1 ? null : Math.floor(rand() * 20),
    }));
    const ds = fromRecords(recs, { spec: { word: { kind: 'TextSegment' }, colour: { kind: 'CategoryLabel', vocab: ['red', 'green', 'blue', 'Teal', 'amber'] } } });
    expect(ds.column('word').kind).toBe('text');
    expect(ds.column('colour').kind).toBe('categorical');
    expect(ds.column('flag').kind).toBe('boolean');
    const value = (name: 'word' | 'colour' | 'flag' | 'x') => (i: number): Value => {
      const v = recs[i][name];
      return typeof v === 'boolean' ? Number(v) : v;
    };
    const kept = range(recs.length).filter((i) => recs[i].x !== null && recs[i].x! >= 5);
    for (const name of ['word', 'colour', 'flag', 'x'] as const) {
      for (const descending of [false, true]) {
        expect(Array.from(computeOrder(ds, sortQuery(name, descending))!)).toEqual(referenceSort(range(recs.length), value(name), descending));
        expect(Array.from(computeOrder(ds, sortQuery(name, descending, { x: '>= 5' }))!)).toEqual(referenceSort(kept, value(name), descending));
      }
    }
  });

  test('mostly distinct text (sorted directly, in merged runs) with ties and missing values matches the reference', () => {
    const rand = random(13);
    const n = 100_000;
    const names: (string | null)[] = range(n).map(() => (rand() < 0.1 ? null : `s${Math.floor(rand() * n * 0.9)}${rand() < 0.01 ? 'é' : ''}`));
    const validity = new Uint8Array(Math.ceil(n / 8));
    names.forEach((v, i) => { if (v !== null) validity[i >> 3] |= 1 << (i & 7); });
    const column = { name: 't', kind: 'text', length: n, validity, values: names.map((v) => v ?? '') } as unknown as Column;
    const keep = { name: 'k', kind: 'numeric', length: n, validity: null, values: Float64Array.from(range(n), (i) => i % 3) } as unknown as Column;
    const ds = Dataset.fromColumns([column, keep], { name: 'texts' });
    const kept = range(n).filter((i) => i % 3 !== 0);
    for (const descending of [false, true]) {
      expect(Array.from(computeOrder(ds, sortQuery('t', descending))!)).toEqual(referenceSort(range(n), (i) => names[i], descending));
      expect(Array.from(computeOrder(ds, sortQuery('t', descending, { k: '> 0' }))!)).toEqual(referenceSort(kept, (i) => names[i], descending));
    }
  });

  test('generated rows sort with the loaded ones, a category value new to them included', () => {
    const recs = range(50).map((i) => ({ colour: ['red', 'green', 'blue'][i % 3], n: (i * 7) % 11 }));
    const ds = fromRecords(recs);
    ds.addGenerated([{ colour: 'aqua', n: 3 }, { colour: 'red', n: -1 }], { source: 'test' });
    const all = [...recs, { colour: 'aqua', n: 3 }, { colour: 'red', n: -1 }];
    for (const descending of [false, true]) {
      expect(Array.from(computeOrder(ds, sortQuery('colour', descending))!)).toEqual(referenceSort(range(all.length), (i) => all[i].colour, descending));
      expect(Array.from(computeOrder(ds, sortQuery('n', descending))!)).toEqual(referenceSort(range(all.length), (i) => all[i].n, descending));
    }
  });

  test('the merge sort of distinct values is a stable sort', () => {
    const rand = random(5);
    const keys = range(10_000).map(() => Math.floor(rand() * 100));
    const idx = Uint32Array.from(range(keys.length));
    const sorted = runSync(mergeSortSteps(idx, (a, b) => keys[a] < keys[b]));
    expect(Array.from(sorted)).toEqual(range(keys.length).sort((a, b) => keys[a] - keys[b] || a - b));
  });

  test('sliced runs give the same order, report progress, and stop with an AbortError when aborted', async () => {
    const rand = random(9);
    const n = 400_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = rand();
    const ds = numericDataset(values);
    const seen: StepProgress[] = [];
    const order = await runSliced(orderSteps(ds, sortQuery('v', true)), { sliceMs: 0, onProgress: (p) => seen.push(p) });
    expect(Array.from(order!)).toEqual(Array.from(computeOrder(ds, sortQuery('v', true))!));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p) => p.done <= p.total)).toBe(true);
    const controller = new AbortController();
    const run = runSliced(orderSteps(ds, sortQuery('v', false)), { signal: controller.signal, sliceMs: 0, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('sort as a job in the widget', () => {
  let kernel: TestKernel;
  beforeEach(() => { kernel = startTestKernel(); });
  afterEach(() => kernel.stop());

  /** 1,000,000 rows: a number and a text column of distinct strings (the slow kind of sort). */
  function big(): { ds: Dataset; x: Float64Array; names: string[] } {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const names: string[] = new Array(n);
    for (let i = 0; i < n; i++) { x[i] = ((i * 7919) % 100003) / 100; names[i] = `name-${(i * 104729) % n}`; }
    const ds = Dataset.fromColumns([
      { name: 'x', kind: 'numeric', length: n, validity: null, values: x } as unknown as Column,
      { name: 'name', kind: 'text', length: n, validity: null, values: names } as unknown as Column,
    ], { name: 'big' });
    return { ds, x, names };
  }
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

  test('a 1M-row sort runs while rows requests are answered (old order), then shows the sorted rows', async () => {
    const { ds, x } = big();
    const t = dataTable(session({ datasets: { big: ds } }));
    const version = t.state.version;
    await kernel.update(t.id, { sortColumn: 'name' });
    await turn();
    await turn();
    expect(t.state.jobStatus).toBe('running');
    await kernel.custom(t.id, { method: 'rows', start: 0, count: 3, requestId: 1 });
    const [reply] = kernel.customs(t.id);
    expect(reply.content).toMatchObject({ method: 'rows', requestId: 1, version, ids: ['0', '1', '2'] });
    expect(t.state.jobStatus).toBe('running');
    await t.settled();
    expect(t.state.jobStatus).toBe('done');
    expect(t.state.version).toBe(version + 1);
    const ids = t.shownIds(0, 5).map(Number);
    const names = ids.map((i) => `name-${(i * 104729) % 1_000_000}`);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('name-0');

    await kernel.update(t.id, { sortColumn: 'x', sortDescending: true });
    await t.settled();
    const top = t.shownIds(0, 3).map(Number);
    expect(top.map((i) => x[i])).toEqual([...x].sort((a, b) => b - a).slice(0, 3));
    expect(kernel.published.some((p) => JSON.stringify(p.content).includes('"progress":{"done"'))).toBe(true);
  }, 60000);

  test('Cancel leaves the previous order and puts the sort state back', async () => {
    const { ds, x } = big();
    const t = dataTable(session({ datasets: { big: ds } }));
    await kernel.update(t.id, { sortColumn: 'x' });
    await t.settled();
    const before = t.shownIds(0, 20);
    const version = t.state.version;
    await kernel.update(t.id, { sortColumn: 'name' });
    await turn();
    expect(t.state.jobStatus).toBe('running');
    await kernel.custom(t.id, { method: 'cancel' });
    await t.settled();
    expect(t.state.jobStatus).toBe('cancelled');
    expect(t.state.sortColumn).toBe('x');
    expect(t.state.version).toBe(version);
    expect(t.shownIds(0, 20)).toEqual(before);
    // Back at the applied query: the same sort again is a no-op, another one runs.
    await kernel.update(t.id, { sortDescending: true });
    await t.settled();
    expect(t.state.jobStatus).toBe('done');
    let max = -Infinity;
    for (const v of x) max = Math.max(max, v);
    expect(x[Number(t.shownIds(0, 1)[0])]).toBe(max);
  }, 60000);
});
