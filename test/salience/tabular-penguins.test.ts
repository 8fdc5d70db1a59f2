/**
 * Tabular baselines on the example model models/penguins through its real adapter: the
 * default baseline is the training medians and modes its tslit.json records (checked against
 * the training split by plain sorting and counting), F(baseline) is what predict() gives for
 * that row, IG is complete at the raw-feature level against a chosen row and a background
 * sample (whose mean F is checked through predict()), and a tslit.json of the older format
 * (no medians) refuses the default but takes medians from the dataset.
 */
import * as path from 'path';
import type { Example } from '../../src/core/spec';
import { integratedGradients, kernelShap } from '../../src/explain/salience';
import { penguinRecords, PENGUIN_NUMERIC } from '../../src/examples/penguins';
import { TabularModelAdapter } from '../../src/model/adapters/tabular-adapter';
import { loadModel, type MetadataAdapter } from '../../src/model';
import type { TabularFeature } from '../../src/model/metadata';
import { penguinsSplit } from '../../scripts/train/penguins';
import { expectNoLeak, sum } from './helpers';

const RAW = [...PENGUIN_NUMERIC, 'Island'];

describe('models/penguins: IG against real rows', () => {
  let model: MetadataAdapter;
  let rows: Example[];
  const probOf = async (row: Example, cls: number): Promise<number> => ((await model.predict([row]))[0].probas as number[])[cls];
  beforeAll(async () => {
    model = await loadModel(path.join(__dirname, '..', '..', 'models', 'penguins'), { cacheSize: 0 });
    rows = penguinRecords() as unknown as Example[];
  });
  afterAll(() => model.model.dispose());

  it("tslit.json's medians and modes are those of the training split", () => {
    const { train } = penguinsSplit();
    const stored = (model as TabularModelAdapter).medianRow();
    for (const f of PENGUIN_NUMERIC) {
      const xs = train.map((r) => r[f] as number).sort((a, b) => a - b);
      const n = xs.length;
      expect({ f, median: stored?.[f] }).toEqual({ f, median: n % 2 ? xs[(n - 1) / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2 });
    }
    const counts = new Map<string, number>();
    for (const r of train) counts.set(String(r.Island), (counts.get(String(r.Island)) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    expect(stored?.Island).toBe(top);
  });

  it('default: the medians row, F(baseline) = predict(medians row); raw features complete within 1%, the Island columns summing to Island', async () => {
    const medians = (model as TabularModelAdapter).medianRow() as Example;
    for (const i of [0, 160, 250, 330]) {
      const r = expectNoLeak(() => integratedGradients(model, rows[i]));
      expect(r.baseline).toEqual({ kind: 'median', source: 'tslit.json', values: medians });
      expect(r.labels).toEqual(RAW);
      expect(r.columns?.labels).toEqual([...PENGUIN_NUMERIC, 'Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
      const cols = r.columns?.scores ?? new Float32Array(0);
      expect(r.scores[4]).toBeCloseTo(cols[4] + cols[5] + cols[6], 6);
      const cls = r.target.classIndex ?? -1;
      expect(r.baselineOutput).toBeCloseTo(await probOf(medians, cls), 5);
      expect(r.output).toBeCloseTo(await probOf(rows[i], cls), 5);
      const change = (r.output ?? NaN) - (r.baselineOutput ?? NaN);
      expect(Math.abs(change)).toBeGreaterThan(1e-3);
      expect(Math.abs(sum(r.scores) - change)).toBeLessThanOrEqual(0.01 * Math.abs(change));
    }
  });

  it('a chosen row (a Gentoo explaining an Adelie) and a background of 16 dataset rows: complete against predict()', async () => {
    const adelie = rows[0];
    const gentoo = rows.find((r) => r.Species === 'Gentoo') as Example;
    const target = { className: 'Adelie' };
    const row = expectNoLeak(() => integratedGradients(model, adelie, { target, baseline: { row: gentoo } }));
    const change = (await probOf(adelie, 0)) - (await probOf(gentoo, 0));
    expect(change).toBeGreaterThan(0.5);
    expect(Math.abs(sum(row.scores) - change)).toBeLessThanOrEqual(0.01 * change);

    const bg = expectNoLeak(() => integratedGradients(model, adelie, { target, baseline: { background: rows, samples: 16, seed: 1 } }));
    const used = bg.baseline?.rows ?? [];
    expect(used).toHaveLength(16);
    const meanBase = (await model.predict(used)).reduce((s, p) => s + (p.probas as number[])[0], 0) / used.length;
    expect(bg.baselineOutput).toBeCloseTo(meanBase, 5);
    const bgChange = (await probOf(adelie, 0)) - meanBase;
    expect(Math.abs(sum(bg.scores) - bgChange)).toBeLessThanOrEqual(0.01 * Math.abs(bgChange));
  });

  it('IG and Kernel SHAP report the same raw features', () => {
    const ig = expectNoLeak(() => integratedGradients(model, rows[160]));
    const shap = expectNoLeak(() => kernelShap(model, rows[160], { background: [rows[5], rows[200], rows[300]] }));
    expect(ig.labels).toEqual(shap.labels);
  });

  it('a tslit.json without medians refuses the default and takes medians from the dataset', () => {
    const features = (model.metadata.tabular?.features ?? []).map((f) => {
      const { median: _m, mode: _o, ...rest } = f as TabularFeature & { median?: number; mode?: string };
      return rest as TabularFeature;
    });
    const older = new TabularModelAdapter(model.model, { ...model.metadata, tabular: { features } }, { cacheSize: 0 });
    expect(older.medianRow()).toBeUndefined();
    expect(() => expectNoLeak(() => integratedGradients(older, rows[0]))).toThrow(/model 'penguins' records no training medians and modes/);
    const r = expectNoLeak(() => integratedGradients(older, rows[0], { baseline: { median: rows } }));
    const mass = rows.map((x) => x['Body Mass (g)'] as number).sort((a, b) => a - b);
    expect(r.baseline?.source).toBe('rows');
    expect(r.baseline?.values?.['Body Mass (g)']).toBe((mass[mass.length / 2 - 1] + mass[mass.length / 2]) / 2);
    expect(r.baseline?.values?.Island).toBe('Biscoe');
  });
});
