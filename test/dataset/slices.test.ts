/** Slices, facets, bins, saved slices, ids and generated rows, checked against plain loops over the source records. */
import { readFileSync } from 'fs';
import { fromRecords, readJSON, DatasetError } from '../../src/model/dataset';
import { PENGUINS_JSON } from './helpers';

type Row = Record<string, unknown>;
const raw = JSON.parse(readFileSync(PENGUINS_JSON, 'utf8')) as Row[];
const MASS = 'Body Mass (g)';
const indicesWhere = (test: (r: Row) => boolean): number[] => raw.flatMap((r, i) => (test(r) ? [i] : []));

describe('predicates', () => {
  const penguins = readJSON(PENGUINS_JSON);

  it('filters by one field, missing values passed as null', () => {
    const heavy = penguins.where(MASS, (v) => v !== null && (v as number) > 4500);
    expect(heavy).toBeInstanceOf(Uint32Array);
    expect(Array.from(heavy)).toEqual(indicesWhere((r) => r[MASS] != null && (r[MASS] as number) > 4500));
    expect(Array.from(penguins.where('Sex', (v) => v === null))).toEqual(indicesWhere((r) => r['Sex'] == null));
  });

  it('filters by whole examples, and within another slice', () => {
    const gentoo = penguins.where('Species', (v) => v === 'Gentoo');
    const both = penguins.where((e) => e['Island'] === 'Biscoe' && e['Sex'] === 'FEMALE', gentoo);
    expect(Array.from(both)).toEqual(indicesWhere((r) => r['Species'] === 'Gentoo' && r['Island'] === 'Biscoe' && r['Sex'] === 'FEMALE'));
  });
});

describe('facets and bins', () => {
  const penguins = readJSON(PENGUINS_JSON);

  it('facets a category into index lists covering every row once', () => {
    const islands = penguins.facet('Island');
    expect([...islands.keys()]).toEqual([...new Set(raw.map((r) => r['Island']))].sort());
    for (const [island, rows] of islands) expect(Array.from(rows)).toEqual(indicesWhere((r) => r['Island'] === island));
  });

  it('refuses to facet a numeric field, pointing to bins', () => {
    expect(() => penguins.facet(MASS)).toThrow('field "Body Mass (g)": cannot facet a numeric field; use bin() for numeric fields');
    expect(() => penguins.facet('nope')).toThrow(/^field "nope": no such field/);
  });

  it('bins a numeric field into equal-width bins over the present values', () => {
    const masses = raw.map((r) => r[MASS]).filter((v): v is number => typeof v === 'number');
    const lo = Math.min(...masses);
    const hi = Math.max(...masses);
    const binned = penguins.bin(MASS, { count: 4 });
    expect(binned.edges[0]).toBe(lo);
    expect(binned.edges[4]).toBe(hi);
    const width = (hi - lo) / 4;
    binned.bins.forEach((bin, k) => {
      const expected = indicesWhere((r) => typeof r[MASS] === 'number' && Math.min(3, Math.floor(((r[MASS] as number) - lo) / width)) === k);
      expect(Array.from(bin.indices)).toEqual(expected);
    });
    expect(Array.from(binned.missing)).toEqual(indicesWhere((r) => r[MASS] == null));
    expect(binned.outside.length).toBe(0);
    expect(binned.bins[3].label.endsWith(']')).toBe(true);
  });

  it('bins by explicit edges, with values outside them kept apart', () => {
    const binned = penguins.bin(MASS, { edges: [3000, 4000, 5000] });
    expect(binned.bins.map((b) => b.label)).toEqual(['[3000, 4000)', '[4000, 5000]']);
    const m = (r: Row): number => r[MASS] as number;
    expect(Array.from(binned.bins[0].indices)).toEqual(indicesWhere((r) => r[MASS] != null && m(r) >= 3000 && m(r) < 4000));
    expect(Array.from(binned.bins[1].indices)).toEqual(indicesWhere((r) => r[MASS] != null && m(r) >= 4000 && m(r) <= 5000));
    expect(Array.from(binned.outside)).toEqual(indicesWhere((r) => r[MASS] != null && (m(r) < 3000 || m(r) > 5000)));
    expect(() => penguins.bin(MASS, { edges: [5, 5] })).toThrow('bin edges must be at least two finite numbers in increasing order');
  });

  it('crosses facets and bins', () => {
    const groups = penguins.facets(['Island', 'Sex', { field: MASS, bins: { edges: [2000, 4000, 7000] } }]);
    let covered = 0;
    for (const g of groups) {
      const inBin = (v: unknown): boolean => (g.key[MASS] === null ? v == null : v != null && (g.key[MASS] === '[2000, 4000)' ? (v as number) < 4000 : (v as number) >= 4000));
      expect(Array.from(g.indices)).toEqual(indicesWhere((r) => r['Island'] === g.key['Island'] && (r['Sex'] ?? null) === g.key['Sex'] && inBin(r[MASS])));
      covered += g.indices.length;
    }
    expect(covered).toBe(raw.length);
    expect(groups[0].label).toBe('Island=Biscoe, Sex=., Body Mass (g)=[4000, 7000]');
  });
});

describe('saved slices', () => {
  it('saves copies by name, lists them, and refuses rows that do not exist', () => {
    const penguins = readJSON(PENGUINS_JSON);
    const source = [5, 1, 3];
    penguins.saveSlice('picked', source);
    source[0] = 99;
    expect(Array.from(penguins.slice('picked'))).toEqual([5, 1, 3]);
    penguins.saveSlice('females', penguins.where('Sex', (v) => v === 'FEMALE'));
    expect([...penguins.slices().keys()]).toEqual(['picked', 'females']);
    expect(() => penguins.saveSlice('bad', [1, 344])).toThrow('slice "bad": entry 1 (344) is not a row of the dataset (0..343)');
    expect(() => penguins.slice('none')).toThrow('no saved slice named "none"');
    expect(penguins.deleteSlice('picked')).toBe(true);
    expect([...penguins.slices().keys()]).toEqual(['females']);
  });
});

describe('ids', () => {
  it('index ids survive slicing and take()', () => {
    const penguins = readJSON(PENGUINS_JSON);
    const adelie = penguins.where('Species', (v) => v === 'Adelie');
    const subset = penguins.take(adelie.slice(10, 20));
    expect(subset.ids()).toEqual(Array.from(adelie.slice(10, 20), String));
    expect(subset.row(0)).toEqual(penguins.row(adelie[10]));
    expect(subset.indexOf(String(adelie[12]))).toBe(2);
    expect(subset.take([1]).ids()).toEqual([String(adelie[11])]);
  });

  it('hash ids depend on content only', () => {
    const a = fromRecords([{ t: 'x', n: 1 }, { t: 'y', n: 2 }, { t: 'x', n: 1 }], { ids: 'hash' });
    const b = fromRecords([{ t: 'y', n: 2 }, { t: 'z', n: 3 }], { ids: 'hash' });
    expect(a.id(1)).toBe(b.id(0));
    expect(a.id(0)).not.toBe(a.id(1));
    expect(a.id(2)).toBe(`${a.id(0)}~2`);
    expect(a.id(0)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('generated rows', () => {
  it('are kept apart from the loaded rows and marked with their source', () => {
    const data = fromRecords([
      { text: 'good film', label: 'pos' }, { text: 'bad film', label: 'neg' }, { text: 'fine film', label: 'pos' }, { text: 'dull', label: 'neg' },
    ]);
    const ids = data.addGenerated([{ text: 'good flim', label: 'pos' }], { source: 'hotflip' });
    const more = data.addGenerated([{ text: 'film', label: 'neutral' }, { text: 'good', label: null }], { source: 'ablation' });
    expect(ids).toEqual(['gen-0']);
    expect(more).toEqual(['gen-1', 'gen-2']);
    expect(data.size).toBe(4);
    expect(data.generated.size).toBe(3);
    expect(data.generated.rows([0, 1, 2])).toEqual([
      { text: 'good flim', label: 'pos' }, { text: 'film', label: 'neutral' }, { text: 'good', label: null },
    ]);
    expect([0, 1, 2].map((j) => data.generatedSource(j))).toEqual(['hotflip', 'ablation', 'ablation']);
    expect(data.example('gen-1')).toEqual({ text: 'film', label: 'neutral' });
    expect(data.example('1')).toEqual({ text: 'bad film', label: 'neg' });
    expect(data.isGeneratedId('gen-2')).toBe(true);
    expect(data.isGeneratedId('0')).toBe(false);
    expect(data.spec()['label']).toEqual({ kind: 'CategoryLabel', vocab: ['neg', 'pos', 'neutral'] });
    expect(() => data.addGenerated([], { source: '' })).toThrow(DatasetError);
  });
});

describe('explicit specs turn numbers into categories', () => {
  it('facets cars by cylinder count when the spec says CategoryLabel', () => {
    const raw = JSON.parse(readFileSync(PENGUINS_JSON.replace('penguins', 'cars'), 'utf8')) as Row[];
    const cars = fromRecords(raw, { spec: { Cylinders: { kind: 'CategoryLabel' } } });
    const byCylinders = cars.facet('Cylinders');
    const expected = [...new Set(raw.map((r) => String(r['Cylinders'])))].sort();
    expect([...byCylinders.keys()]).toEqual(expected);
    for (const [c, rows] of byCylinders) expect(rows.length).toBe(raw.filter((r) => String(r['Cylinders']) === c).length);
  });
});
