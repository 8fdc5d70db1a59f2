import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import { minimalTabularCounterfactual, nearestCounterfactual } from '../../src/explain/counterfactuals';
import { COLORS, expectedYes, tabularData, TinyLogistic, TinyRegressor } from './fixtures/tabular-model';
import { fromRecords } from '../../src/model/dataset';
import { argmax, expectClaimsHold } from './helpers';

const data = tabularData();

/** Population standard deviation, written out again here so the test does not trust the code under test. */
function std(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}
const sx1 = std(data.map((r) => r.x1 as number));
const sx2 = std(data.map((r) => r.x2 as number));
function l1(a: Example, b: Example): number {
  return Math.abs((a.x1 as number) - (b.x1 as number)) / sx1 + Math.abs((a.x2 as number) - (b.x2 as number)) / sx2 + (a.color === b.color ? 0 : 1);
}

/** All one-feature changes to values seen in the data, meeting `ok`, closest first. */
function bruteForceSingleChanges(e: Example, ok: (x: Example) => boolean, vary = ['x1', 'x2', 'color']): Array<{ x: Example; d: number }> {
  const out: Array<{ x: Example; d: number }> = [];
  for (const f of vary) {
    for (const v of new Set(data.map((r) => r[f]))) {
      if (v === e[f]) continue;
      const x = { ...e, [f]: v };
      if (ok(x)) out.push({ x, d: l1(e, x) });
    }
  }
  return out.sort((a, b) => a.d - b.d);
}

const score = (e: Example): number => (e.x1 as number) + 2 * (e.x2 as number) + (e.color === 'green' ? 5 : 0);

describe('nearest counterfactual in the dataset', () => {
  const model = new TinyLogistic();
  afterAll(() => model.dispose());
  const example = { x1: 5, x2: 1, color: 'red' };

  test('the fixture model implements its rule on every row', async () => {
    const preds = await model.predict(data);
    preds.forEach((p, i) => expect(argmax(p) === 1).toBe(expectedYes(data[i])));
  });

  test('closest rows with the other class, by std-scaled L1, match a brute-force search', async () => {
    const before = tf.memory().numTensors;
    const r = await nearestCounterfactual(model, example, data, { count: 3 });
    const expected = data.map((row, i) => ({ i, d: l1(example, row) })).filter((h) => expectedYes(data[h.i])).sort((a, b) => a.d - b.d).slice(0, 3);
    expect(r.examples.map((e) => e.distance)).toEqual(expected.map((h) => expect.closeTo(h.d, 10)) as unknown as number[]);
    for (const cf of r.examples) {
      expect(argmax(cf.prediction)).toBe(1);
      expect(cf.example).toBe(data[cf.row ?? -1]);
      expect(cf.changed.fields).toEqual(['x1', 'x2', 'color'].filter((f) => cf.example[f] !== (example as Example)[f]));
    }
    await expectClaimsHold(model, r);
    expect(r.calls).toBe(1 + 1); // the example, then 60 rows in one batch
    expect(tf.memory().numTensors).toBe(before);
  });

  test('given predictions and a dataset seen through row(i): one call, L2 and a custom distance', async () => {
    const preds = await model.predict(data);
    const source = { size: data.length, row: (i: number) => data[i] };
    const l2 = await nearestCounterfactual(model, example, source, { predictions: preds, metric: 'l2' });
    expect(l2.calls).toBe(1);
    const l2Ref = Math.min(...data.filter(expectedYes).map((row) => Math.hypot(((row.x1 as number) - 5) / sx1, ((row.x2 as number) - 1) / sx2, row.color === 'red' ? 0 : 1)));
    expect(l2.examples[0].distance).toBeCloseTo(l2Ref, 10);
    const custom = await nearestCounterfactual(model, example, source, { predictions: preds, distance: (a, b) => Math.abs((a.x2 as number) - (b.x2 as number)) });
    expect(custom.examples[0].distance).toBe(Math.min(...data.filter(expectedYes).map((row) => Math.abs((row.x2 as number) - 1))));
  });

  test('the columnar Dataset plugs in, and results go back into it as generated rows', async () => {
    const ds = fromRecords(data);
    const fromArray = await nearestCounterfactual(model, example, data, { count: 2 });
    const fromDataset = await nearestCounterfactual(model, example, ds, { count: 2 });
    expect(fromDataset.examples.map((e) => [e.row, e.distance])).toEqual(fromArray.examples.map((e) => [e.row, e.distance]));
    const viaLength = await nearestCounterfactual(model, example, { length: data.length, row: (i: number) => data[i] }, { count: 2 });
    expect(viaLength.examples.map((e) => e.row)).toEqual(fromArray.examples.map((e) => e.row));
    const minimal = await minimalTabularCounterfactual(model, example, ds, { count: 2 });
    ds.addGenerated(minimal.examples.map((e) => e.example), { source: 'minimal-counterfactual' });
    expect(ds.size).toBe(data.length);
    expect(ds.generated.size).toBe(minimal.examples.length);
  });

  test('regression: the other side of a threshold', async () => {
    const reg = new TinyRegressor();
    const r = await nearestCounterfactual(reg, example, data, { goal: { threshold: 15 } });
    expect(score(r.examples[0].example)).toBeGreaterThanOrEqual(15);
    await expectClaimsHold(reg, r);
    await expect(nearestCounterfactual(reg, example, data)).rejects.toThrow(/regression output "score" needs a threshold or targetRange/);
    reg.dispose();
  });

  test('bad input is named: unseen category, missing value in a row, mismatched predictions', async () => {
    await expect(nearestCounterfactual(model, { ...example, color: 'purple' }, data)).rejects.toThrow(/"color" of the example has value "purple", never seen in the data/);
    const broken = data.map((r, i) => (i === 7 ? { ...r, x2: null } : r));
    await expect(nearestCounterfactual(model, example, broken)).rejects.toThrow(/numeric feature "x2" of row 7 is not a finite number/);
    await expect(nearestCounterfactual(model, example, data, { predictions: [] })).rejects.toThrow(/got 0 predictions for 60 data rows/);
  });

  test('no row with another prediction: empty with a reason', async () => {
    const noes = data.filter((r) => !expectedYes(r));
    const r = await nearestCounterfactual(model, example, noes);
    expect(r.examples).toEqual([]);
    expect(r.reason).toMatch(/no example in the data \(\d+ rows\) meets the goal/);
  });
});

describe('minimal tabular counterfactual', () => {
  const model = new TinyLogistic();
  afterAll(() => model.dispose());
  const example = { x1: 2, x2: 1, color: 'red' };

  test('one changed feature, the closest successes first, as a brute-force search finds them', async () => {
    const before = tf.memory().numTensors;
    const calls = model.predictCalls.length;
    const r = await minimalTabularCounterfactual(model, example, data, { goal: { targetClass: 'yes' }, count: 3 });
    const expected = bruteForceSingleChanges(example, expectedYes).slice(0, 3);
    expect(r.examples.map((e) => e.example)).toEqual(expected.map((h) => h.x));
    r.examples.forEach((cf, i) => {
      expect(cf.distance).toBeCloseTo(expected[i].d, 10);
      expect(cf.changed.fields).toHaveLength(1);
      expect(argmax(cf.prediction)).toBe(1);
    });
    await expectClaimsHold(model, r);
    expect(model.predictCalls.length - calls - r.examples.length).toBe(r.calls);
    expect(r.calls).toBe(2); // the example, then all 17 one-feature candidates in one batch
    expect(tf.memory().numTensors).toBe(before);
  });

  test('respects the features allowed to vary and permitted ranges; goes to two changes when one is not enough', async () => {
    const onlyX2 = await minimalTabularCounterfactual(model, example, data, { vary: ['x2', 'color'] });
    expect(onlyX2.examples[0].example).toEqual(bruteForceSingleChanges(example, expectedYes, ['x2', 'color'])[0].x);
    const capped = await minimalTabularCounterfactual(model, example, data, { vary: ['x1', 'color'], ranges: { x1: [0, 5] }, maxChanges: 1 });
    expect(capped.examples).toEqual([]);
    expect(capped.reason).toMatch(/no change of up to 1 feature\(s\) among x1, color reaches class "no" -> any other class/);
    const two = await minimalTabularCounterfactual(model, example, data, { vary: ['x1', 'color'], ranges: { x1: [0, 5] }, maxChanges: 2 });
    expect(two.examples.length).toBeGreaterThan(0);
    for (const cf of two.examples) {
      expect(cf.changed.fields.sort()).toEqual(['color', 'x1']);
      expect(cf.example.x1).toBeLessThanOrEqual(5);
      expect(expectedYes(cf.example)).toBe(true);
      expect(cf.distance).toBeCloseTo(l1(example, cf.example), 10);
    }
    await expectClaimsHold(model, two);
  });

  test('regression: a target score range', async () => {
    const reg = new TinyRegressor();
    const r = await minimalTabularCounterfactual(reg, example, data, { goal: { targetRange: [10, 12] } });
    const expected = bruteForceSingleChanges(example, (x) => score(x) >= 10 && score(x) <= 12).slice(0, 3);
    expect(r.examples.map((e) => e.example)).toEqual(expected.map((h) => h.x));
    for (const cf of r.examples) expect(cf.prediction.score).toBeCloseTo(score(cf.example), 4);
    await expectClaimsHold(reg, r);
    reg.dispose();
  });

  test('bad constraints are named', async () => {
    await expect(minimalTabularCounterfactual(model, example, data, { ranges: { x1: [3, 9] } })).rejects.toThrow(/range for "x1" \[3, 9\] excludes the example's value 2/);
    await expect(minimalTabularCounterfactual(model, example, data, { ranges: { x1: [5, 1] } })).rejects.toThrow(/range for "x1" \[5, 1\] is empty/);
    await expect(minimalTabularCounterfactual(model, example, data, { categories: { color: ['green', 'purple'] } })).rejects.toThrow(/value "purple" permitted for "color" never occurs in the data/);
    await expect(minimalTabularCounterfactual(model, example, data, { vary: ['x3'] })).rejects.toThrow(/vary names "x3", which is not a feature/);
    await expect(minimalTabularCounterfactual(model, { ...example, color: 'purple' }, data)).rejects.toThrow(/never seen in the data/);
    expect(COLORS).not.toContain('purple');
  });

  test('already at the target: empty with a reason', async () => {
    const r = await minimalTabularCounterfactual(model, example, data, { goal: { targetClass: 'no' } });
    expect(r.reason).toMatch(/already meets the goal/);
  });
});
