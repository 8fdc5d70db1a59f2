/**
 * The data table: queries (filters, search, sort) checked against a plain-array computation
 * over the same records, and the widget through a real CommManager: row windows with numeric
 * buffers, selection into the session and back, sort/filter state, export, predictions.
 */
import { fromRecords, type Dataset } from '../../src/model/dataset';
import { computeOrder, parseFilter, rowWindow, positionsOf } from '../../src/widgets/table/data-table-query';
import { dataTable } from '../../src/widgets/table/data-table';
import { datapointEditor } from '../../src/widgets/table/datapoint-editor';
import { session } from '../../src/widgets/session';
import { toCSV, csvCell } from '../../src/widgets/table/table-export';
import type { ModelAdapter } from '../../src/model/adapter';
import { startTestKernel, type TestKernel } from './session-test-kernel';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Rec { x: number | null; colour: string | null; note: string }

/** Deterministic records with missing values (mulberry32 seeded). */
function records(n: number): Rec[] {
  let a = 12345;
  const rand = () => { a |= 0; a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const colours = ['red', 'green', 'blue', 'Teal'];
  return Array.from({ length: n }, (_, i) => ({
    x: rand() < 0.1 ? null : Math.round(rand() * 1000) / 10,
    colour: rand() < 0.05 ? null : colours[Math.floor(rand() * colours.length)],
    note: `note ${i} ${rand() < 0.3 ? 'special' : 'plain'}`,
  }));
}

const RECS = records(500);
const data = (): Dataset => fromRecords(RECS);

describe('queries', () => {
  test('numeric filters match a plain filter over the records', () => {
    const ds = data();
    const cases: [string, (x: number | null) => boolean][] = [
      ['> 50', (x) => x !== null && x > 50],
      ['>=50', (x) => x !== null && x >= 50],
      ['< 10.5', (x) => x !== null && x < 10.5],
      ['<= 10.5', (x) => x !== null && x <= 10.5],
      ['!= 50', (x) => x !== null && x !== 50],
      ['20..30', (x) => x !== null && x >= 20 && x <= 30],
      ['missing', (x) => x === null],
    ];
    for (const [expr, want] of cases) {
      const order = computeOrder(ds, { filters: { x: expr }, search: '', sort: null });
      const expected = RECS.flatMap((r, i) => (want(r.x) ? [i] : []));
      expect([expr, Array.from(order!)]).toEqual([expr, expected]);
    }
  });

  test('text filters and search match plain computations; search covers categorical columns', () => {
    const ds = data();
    const eq = computeOrder(ds, { filters: { colour: '=red' }, search: '', sort: null });
    expect(Array.from(eq!)).toEqual(RECS.flatMap((r, i) => (r.colour === 'red' ? [i] : [])));
    const sub = computeOrder(ds, { filters: { colour: 'E' }, search: '', sort: null }); // case-insensitive substring
    expect(Array.from(sub!)).toEqual(RECS.flatMap((r, i) => (r.colour !== null && r.colour.toLowerCase().includes('e') ? [i] : [])));
    const search = computeOrder(ds, { filters: {}, search: 'teal', sort: null });
    expect(Array.from(search!)).toEqual(RECS.flatMap((r, i) => (r.colour === 'Teal' || r.note.toLowerCase().includes('teal') ? [i] : [])));
    const both = computeOrder(ds, { filters: { x: '>50' }, search: 'special', sort: null });
    expect(Array.from(both!)).toEqual(RECS.flatMap((r, i) => (r.x !== null && r.x > 50 && r.note.includes('special') ? [i] : [])));
  });

  test('sorts: numbers and categories ascending/descending, missing last, ties in row order', () => {
    const ds = data();
    for (const descending of [false, true]) {
      const order = Array.from(computeOrder(ds, { filters: {}, search: '', sort: { column: 'x', descending } })!);
      const expected = RECS.map((r, i) => i).sort((a, b) => {
        const x = RECS[a].x, y = RECS[b].x;
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
        return (descending ? y - x : x - y) || a - b;
      });
      expect(order).toEqual(expected);
      const byColour = Array.from(computeOrder(ds, { filters: {}, search: '', sort: { column: 'colour', descending } })!);
      const expectedColour = RECS.map((r, i) => i).sort((a, b) => {
        const x = RECS[a].colour, y = RECS[b].colour;
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1) || a - b;
      });
      expect(byColour).toEqual(expectedColour);
    }
  });

  test('bad expressions are clear errors naming the column', () => {
    const ds = data();
    expect(() => computeOrder(ds, { filters: { x: '>abc' }, search: '', sort: null })).toThrow(/filter on 'x': cannot read ">abc"/);
    expect(() => computeOrder(ds, { filters: { nope: '1' }, search: '', sort: null })).toThrow(/no column "nope"/);
    expect(() => computeOrder(ds, { filters: {}, search: '', sort: { column: 'zz', descending: false } })).toThrow(/no column "zz"/);
    expect(() => parseFilter({ name: 'x', kind: 'numeric' }, '5..1')).toThrow(/empty/);
  });

  test('windows are columnar, cut at the end, and follow the order; positionsOf inverts it', () => {
    const ds = data();
    const order = computeOrder(ds, { filters: {}, search: '', sort: { column: 'x', descending: true } });
    const w = rowWindow(ds, order, 495, 50);
    expect(w.ids).toHaveLength(5);
    expect(w.ids).toEqual(Array.from(order!.slice(495)).map(String));
    const x = w.columns.find((c) => c.name === 'x')!;
    expect(x.values).toBeInstanceOf(Float64Array);
    expect(Array.from(x.values as Float64Array).map((v) => (Number.isNaN(v) ? null : v))).toEqual(Array.from(order!.slice(495)).map((i) => RECS[i].x));
    expect(Array.from(positionsOf(ds, order, ['7', '3']))).toEqual([order!.indexOf(3), order!.indexOf(7)].sort((a, b) => a - b));
  });

  test('CSV cells are quoted per RFC 4180 and formula-looking text is defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(toCSV({ fields: ['a'], rowCount: 2, row: (k) => [k === 0 ? 'x\ny' : 2] })).toBe('a\r\n"x\ny"\r\n2\r\n');
  });
});

describe('widget', () => {
  let kernel: TestKernel;
  beforeEach(() => { kernel = startTestKernel(); });
  afterEach(() => kernel.stop());

  const model: ModelAdapter = {
    name: 'threshold',
    inputSpec: () => ({ x: { kind: 'Scalar' } }),
    outputSpec: () => ({ probas: { kind: 'MulticlassPreds', vocab: ['low', 'high'] } }),
    predict: async (examples) => examples.map((e) => {
      const p = e.x === null ? 0.5 : Number(e.x) / 100;
      return { probas: [1 - p, p] };
    }),
  };

  test('answers a rows request with the window: numeric columns as Float64Array buffers', async () => {
    const s = session({ datasets: { d: data() } });
    const table = dataTable(s);
    await kernel.custom(table.id, { method: 'rows', start: 10, count: 4, requestId: 7 });
    const [reply] = kernel.customs(table.id);
    expect(reply.content).toMatchObject({ method: 'rows', requestId: 7, start: 10, ids: ['10', '11', '12', '13'] });
    const cols = reply.content.columns as { name: string; buffer?: number; values?: unknown[] }[];
    const x = cols.find((c) => c.name === 'x')!;
    const buf = reply.buffers[x.buffer!] as Float64Array;
    expect(buf).toBeInstanceOf(Float64Array);
    expect(Array.from(buf).map((v) => (Number.isNaN(v) ? null : v))).toEqual(RECS.slice(10, 14).map((r) => r.x));
    expect(cols.find((c) => c.name === 'colour')!.values).toEqual(RECS.slice(10, 14).map((r) => r.colour));
    await kernel.custom(table.id, { method: 'rows', start: 0, count: 99999, requestId: 8 });
    expect(kernel.customs(table.id)[1].content).toMatchObject({ method: 'rows_error', requestId: 8 });
  });

  test('clicks select in the session; the session selection comes back as positions in every table', async () => {
    const s = session({ datasets: { d: data() } });
    const a = dataTable(s);
    const b = dataTable(s);
    await kernel.update(b.id, { sortColumn: 'x', sortDescending: true });
    expect(b.state.version).toBeGreaterThan(0);
    await kernel.custom(a.id, { method: 'select', ranges: [[2, 4], [9, 9]], primary: 9 });
    expect(s.selection).toEqual(['2', '3', '4', '9']);
    expect(s.primary).toBe('9');
    expect(Array.from(a.state.selected)).toEqual([2, 3, 4, 9]);
    expect(a.state.primaryPosition).toBe(9);
    const order = b.shownIds().map(Number);
    expect(Array.from(b.state.selected)).toEqual([2, 3, 4, 9].map((i) => order.indexOf(i)).sort((p, q) => p - q));
    expect(b.state.primaryPosition).toBe(order.indexOf(9));
    await kernel.custom(a.id, { method: 'select', ranges: [[0, 499]] });
    expect(s.selection).toHaveLength(500);
  });

  test('a bad filter from the view becomes the error state; a good one changes rowCount', async () => {
    const s = session({ datasets: { d: data() } });
    const t = dataTable(s);
    await kernel.update(t.id, { filters: { x: '>>' } });
    expect(t.state.error).toMatch(/filter on 'x'/);
    await kernel.update(t.id, { filters: { x: '>50' } });
    expect(t.state.error).toBeNull();
    expect(t.state.rowCount).toBe(RECS.filter((r) => r.x !== null && r.x > 50).length);
  });

  test('predictions of the chosen model arrive as extra columns for the window only', async () => {
    let predicted = 0;
    const counting: ModelAdapter = { ...model, predict: async (ex, o) => { predicted += ex.length; return model.predict(ex, o); } };
    const s = session({ models: { m: counting }, datasets: { d: data() } });
    const t = dataTable(s, { model: 'm' });
    expect(t.state.predictionColumns.map((c) => c.name)).toEqual(['m: label', 'm: p(label)']);
    await kernel.custom(t.id, { method: 'rows', start: 100, count: 3, requestId: 1 });
    const [reply] = kernel.customs(t.id);
    const cols = reply.content.columns as { name: string; buffer?: number; values?: unknown[] }[];
    const labels = cols.find((c) => c.name === 'm: label')!.values;
    const p = reply.buffers[cols.find((c) => c.name === 'm: p(label)')!.buffer!] as Float64Array;
    const expected = RECS.slice(100, 103).map((r) => (r.x === null ? 0.5 : r.x / 100));
    expect(labels).toEqual(expected.map((q) => (q > 0.5 ? 'high' : 'low')));
    Array.from(p).forEach((v, k) => expect(v).toBeCloseTo(Math.max(expected[k], 1 - expected[k]), 12));
    expect(predicted).toBe(3);
  });

  test('exportTable writes the shown rows in the shown order as CSV and JSON', async () => {
    const s = session({ datasets: { d: data() } });
    const t = dataTable(s);
    t.filter('colour', '=red');
    t.sortBy('x');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-table-'));
    const csv = fs.readFileSync(await t.exportTable(path.join(dir, 'rows.csv')), 'utf8').trim().split('\r\n');
    const json = JSON.parse(fs.readFileSync(await t.exportTable(path.join(dir, 'rows.json')), 'utf8')) as { id: string; x: number | null }[];
    const ids = t.shownIds();
    expect(csv[0]).toBe('id,x,colour,note');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(ids);
    expect(json.map((r) => r.id)).toEqual(ids);
    expect(json.map((r) => r.x)).toEqual(ids.map((id) => RECS[Number(id)].x));
    await expect(t.exportTable(path.join(dir, 'rows.txt'))).rejects.toThrow(/\.csv or \.json/);
  });

  test('editor: follows the table selection, validates numbers, edits and adds and compares', async () => {
    const s = session({ models: { m: model }, datasets: { d: data() } });
    const table = dataTable(s);
    const editor = datapointEditor(s);
    await kernel.custom(table.id, { method: 'select', ranges: [[5, 5]], primary: 5 });
    expect(editor.state.exampleId).toBe('5');
    expect(editor.state.values.note).toBe(RECS[5].note);
    await editor.settled();
    await kernel.custom(editor.id, { method: 'edit', field: 'x', value: 'abc' });
    expect(editor.state.fieldErrors.x).toMatch(/'x' must be a number; "abc" is not one/);
    expect(s.edits.size).toBe(0);
    await kernel.custom(editor.id, { method: 'edit', field: 'x', value: '90' });
    await editor.settled();
    expect(editor.state.fieldErrors.x).toBeUndefined();
    expect(editor.state.editId).toBe('edit-0');
    expect(s.edits.get('edit-0')?.x).toBe(90);
    expect(editor.state.prediction?.label).toBe('high');
    expect(editor.state.prediction?.score).toBeCloseTo(0.9, 6);
    await kernel.custom(editor.id, { method: 'edit', field: 'colour', value: 'purple' });
    expect(editor.state.fieldErrors.colour).toMatch(/must be one of/);
    await kernel.custom(editor.id, { method: 'add' });
    const gen = s.primary!;
    expect(gen).toMatch(/^gen-/);
    expect(s.selection).toEqual([gen, '5']);
    expect(s.pins).toEqual(['5']);
    expect(editor.state.exampleId).toBe(gen);
    expect(editor.state.pinned?.id).toBe('5');
    expect(editor.state.pinned?.values.x).toBe(RECS[5].x);
    expect(table.state.totalRows).toBe(501);
    expect(Array.from(table.state.selected)).toEqual([5, 500]);
  });
});
