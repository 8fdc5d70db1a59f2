/**
 * PDP and ICE against scikit-learn's `partial_dependence` (scripts/reference/pdp_reference.py
 * → test/fixtures/pdp-reference.json): the same multinomial logistic and linear models,
 * re-implemented here from the exported coefficients behind the real predict-function
 * adapter, give the same grids, averages and individual curves to 1e-9. Plus closed forms
 * (linear model, additive categorical model), progress, cancellation and bad input.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Example, Prediction } from '../../src/core/spec';
import { predictFnAdapter } from '../../src/model';
import { AbortError } from '../../src/model/predict/batches';
import { linspace, mquantile, numericGrid, partialDependence } from '../../src/explain/partial-dependence';

interface Case { feature: string; gridResolution: number; percentiles: [number, number]; grid: number[]; average: number[][]; iceRows: number[]; individual: number[][][] }
interface Reference {
  rows: number[][];
  logistic: { classes: string[]; coef: number[][]; intercept: number[]; cases: Case[] };
  linear: { features: string[]; coef: number[]; intercept: number; cases: Case[] };
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'pdp-reference.json'), 'utf8')) as Reference;
const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const examples: Example[] = ref.rows.map((r) => Object.fromEntries(NUMERIC.map((f, j) => [f, r[j]])));
const scalarSpec = Object.fromEntries(NUMERIC.map((f) => [f, { kind: 'Scalar' as const }]));

function logistic(x: Example): number[] {
  const { coef, intercept } = ref.logistic;
  const z = coef.map((w, k) => w.reduce((s, wj, j) => s + wj * (x[NUMERIC[j]] as number), 0) + intercept[k]);
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
let calls = 0;
const logisticModel = predictFnAdapter(async (batch: readonly Example[]): Promise<Prediction[]> => {
  calls++;
  return batch.map((x) => ({ probas: logistic(x) }));
}, { inputSpec: scalarSpec, outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ref.logistic.classes } }, batchSize: 64, cacheSize: 0 });

const linearModel = predictFnAdapter(async (batch: readonly Example[]) => batch.map((x) => ({
  mass: ref.linear.coef.reduce((s, w, j) => s + w * (x[NUMERIC[j]] as number), 0) + ref.linear.intercept,
})), { inputSpec: Object.fromEntries(NUMERIC.slice(0, 3).map((f) => [f, { kind: 'Scalar' as const }])), outputSpec: { mass: { kind: 'RegressionScore' } }, cacheSize: 0 });

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

test('grid helpers reproduce scipy mquantiles and numpy linspace', () => {
  // scipy's formula by hand:
  // aleph = n p + 0.4 + 0.2 p; p=0.25, n=10 → 2.95: 0.05*x[1] + 0.95*x[2] = 2.95
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  expect(mquantile(xs, 0.25)).toBeCloseTo(2.95, 12);
  expect(mquantile(xs, 0.5)).toBeCloseTo(5.5, 12);
  expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  // fewer distinct values than the resolution: the distinct values themselves
  expect(numericGrid([3, 1, 2, 3, 1], 'x', { resolution: 5 })).toEqual([1, 2, 3]);
  expect(() => numericGrid([1, NaN], 'x')).toThrow(/feature 'x' has no finite number in row 1/);
  expect(() => numericGrid([1, 2], 'x', { resolution: 1 })).toThrow(/gridResolution/);
});

test.each(ref.logistic.cases.map((c, i) => [i, c.feature, c.gridResolution] as const))('logistic case %i (%s, resolution %i) matches sklearn to 1e-9', async (i) => {
  const c = ref.logistic.cases[i];
  const result = await partialDependence(logisticModel, examples, { feature: c.feature, resolution: c.gridResolution, percentiles: c.percentiles });
  expectClose(result.grid as number[], c.grid, 1e-9);
  expect(result.outputs).toEqual(ref.logistic.classes);
  expect(result.rows).toBe(examples.length);
  const G = c.grid.length;
  for (let o = 0; o < 3; o++) {
    expectClose(result.average[o], c.average[o], 1e-9);
    const ice = c.iceRows.flatMap((r) => Array.from(result.individual[o].subarray(r * G, (r + 1) * G)));
    expectClose(ice, c.individual[o].flat(), 1e-9);
  }
});

test('linear regression: matches sklearn and the closed form w_j g + mean(rest)', async () => {
  const c = ref.linear.cases[0];
  const rows3 = examples.map((e) => Object.fromEntries(NUMERIC.slice(0, 3).map((f) => [f, e[f]])));
  const result = await partialDependence(linearModel, rows3, { feature: c.feature, resolution: c.gridResolution, percentiles: c.percentiles });
  expect(result.outputKind).toBe('RegressionScore');
  expect(result.outputs).toEqual(['mass']);
  expectClose(result.average[0], c.average[0], 1e-9);
  const j = NUMERIC.indexOf(c.feature);
  const { coef, intercept } = ref.linear;
  const restMean = rows3.reduce((s, e) => s + coef.reduce((t, w, k) => t + (k === j ? 0 : w * (e[NUMERIC[k]] as number)), 0), 0) / rows3.length;
  const closed = (result.grid as number[]).map((g) => coef[j] * g + restMean + intercept);
  expectClose(result.average[0], closed, 1e-9);
});

test('categorical feature: an additive model gives PDP(c) = a[c] + mean g(x), ICE per row', async () => {
  const bonus: Record<string, number> = { Biscoe: 2, Dream: -1, Torgersen: 0.5 };
  const model = predictFnAdapter(async (batch: readonly Example[]) => batch.map((x) => ({ y: bonus[x.Island as string] + 0.1 * (x.v as number) })),
    { inputSpec: { Island: { kind: 'CategoryLabel', vocab: ['Biscoe', 'Dream', 'Torgersen'] }, v: { kind: 'Scalar' } }, outputSpec: { y: { kind: 'RegressionScore' } }, cacheSize: 0 });
  const rows = [{ Island: 'Dream', v: 1 }, { Island: 'Biscoe', v: 4 }, { Island: 'Dream', v: 10 }];
  const result = await partialDependence(model, rows, { feature: 'Island' });
  expect(result.featureKind).toBe('categorical');
  expect(result.grid).toEqual(['Biscoe', 'Dream', 'Torgersen']);
  expectClose(result.average[0], [2 + 0.5, -1 + 0.5, 0.5 + 0.5], 1e-12);
  expectClose(result.individual[0].subarray(3, 6), [2.4, -0.6, 0.9], 1e-12);
});

test('predictions are batched, progress reaches grid × rows, and an abort stops with AbortError', async () => {
  const seen: number[] = [];
  calls = 0;
  const grid = [180, 200, 220];
  await partialDependence(logisticModel, examples, { feature: 'Flipper Length (mm)', grid, onProgress: (done, total) => { seen.push(done); expect(total).toBe(grid.length * examples.length); } });
  expect(calls).toBe(grid.length * Math.ceil(examples.length / 64));
  expect(seen[seen.length - 1]).toBe(grid.length * examples.length);
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);

  const controller = new AbortController();
  const run = partialDependence(logisticModel, examples, {
    feature: 'Flipper Length (mm)', grid, onProgress: (done) => { if (done >= 128) controller.abort(); }, signal: controller.signal,
  });
  await expect(run).rejects.toBeInstanceOf(AbortError);
});

test('bad input gets clear errors naming the field or row', async () => {
  await expect(partialDependence(logisticModel, examples, { feature: 'Wings' })).rejects.toThrow(/'Wings' is not an input of model/);
  await expect(partialDependence(logisticModel, [], { feature: NUMERIC[0] })).rejects.toThrow(/no examples/);
  await expect(partialDependence(logisticModel, examples, { feature: NUMERIC[0], grid: ['a'] })).rejects.toThrow(/grid\[0\] = "a" is not a finite number/);
  await expect(partialDependence(logisticModel, examples, { feature: NUMERIC[0], output: 'nope' })).rejects.toThrow(/no MulticlassPreds or RegressionScore output 'nope'/);
  const holes = examples.slice(0, 5).map((e, i) => (i === 3 ? { ...e, [NUMERIC[0]]: null } : e));
  await expect(partialDependence(logisticModel, holes, { feature: NUMERIC[0] })).rejects.toThrow(/row 3/);
});
