/**
 * Tabular baselines that are real rows, on a functional model with a one-hot categorical and
 * two branches added together, whose integrated gradients have a closed form
 * (F(z) = w·z + c + (v·z)²; IG_i = (x_i − b_i)(w_i + v_i (v·x + v·b))): a chosen row, the
 * medians from tslit.json or from rows, and a background sample (expected gradients = the mean
 * of the closed form over the rows); raw-feature scores with the one-hot detail; gradient×input
 * and SmoothGrad against a reference; bad baselines named.
 */
import type { Example } from '../../src/core/spec';
import { gradientNorm, gradientTimesInput, integratedGradients, smoothGrad } from '../../src/explain/salience';
import { median, mostFrequent, referenceRowFrom } from '../../src/model/encode/tabular-reference';
import { sampleIndices } from '../../src/explain/salience/tabular-baseline';
import type { TabularFeature } from '../../src/model/metadata';
import { expectNoLeak, sum } from './helpers';
import { FEATURES, encodeRow, exactGradient, exactIG, quadraticF, quadraticModel, toRaw } from './tabular-models';

const x: Example = { age: 55, colour: 'blue', income: 30, label: 'kept out' };
const rows: Example[] = [
  { age: 30, colour: 'green', income: 20 },
  { age: 35, colour: 'red', income: 90 },
  { age: 50, colour: 'green', income: 45 },
  { age: 62, colour: 'blue', income: 60 },
  { age: 41, colour: 'red', income: 38 },
  { age: 47, colour: 'green', income: 75 },
];
const RAW = ['age', 'colour', 'income'];

function expectClose(got: ArrayLike<number>, want: readonly number[], tol = 1e-4): void {
  expect(got.length).toBe(want.length);
  const scale = Math.max(1, ...want.map(Math.abs));
  want.forEach((w, i) => expect({ i, diff: Math.abs(got[i] - w) <= tol * scale }).toEqual({ i, diff: true }));
}

describe('tabular baselines on a functional model with a one-hot input and two branches (closed-form IG)', () => {
  const withMedians: TabularFeature[] = [
    { ...FEATURES[0], median: 44 } as TabularFeature,
    { ...FEATURES[1], mode: 'red' } as TabularFeature,
    { ...FEATURES[2], median: 52 } as TabularFeature,
  ];
  const model = quadraticModel(withMedians);
  const old = quadraticModel(FEATURES);
  afterAll(() => {
    model.model.dispose();
    old.model.dispose();
  });
  const xz = encodeRow(x);

  it('default: the medians and modes of tslit.json, reported raw; IG exact per raw feature with the one-hot columns kept', () => {
    const r = expectNoLeak(() => integratedGradients(model, x));
    const medianRow = { age: 44, colour: 'red', income: 52 };
    expect(r.baseline).toEqual({ kind: 'median', source: 'tslit.json', values: medianRow });
    const exact = exactIG(xz, encodeRow(medianRow));
    expect(r.labels).toEqual(RAW);
    expectClose(r.scores, toRaw(exact));
    expect(r.columns?.labels).toEqual(['age', 'colour=red', 'colour=green', 'colour=blue', 'income']);
    expectClose(r.columns?.scores ?? [], exact);
    // The colour score is red's loss plus blue's gain: both columns move, not one.
    expect(Math.abs(exact[1])).toBeGreaterThan(0.1);
    expect(Math.abs(exact[3])).toBeGreaterThan(0.1);
    // Completeness at the raw-feature level against the real baseline row.
    const change = quadraticF(xz) - quadraticF(encodeRow(medianRow));
    expect(r.output).toBeCloseTo(quadraticF(xz), 4);
    expect(r.baselineOutput).toBeCloseTo(quadraticF(encodeRow(medianRow)), 4);
    expect(Math.abs(sum(r.scores) - change)).toBeLessThanOrEqual(0.01 * Math.abs(change));
    expect(Math.abs(r.delta ?? NaN)).toBeLessThanOrEqual(1e-4 * Math.abs(change));
  });

  it('a chosen row: its own encoding is the baseline; extra fields of the row are ignored', () => {
    const row = { ...rows[3], id: 'r3', label: 'x' };
    const r = expectNoLeak(() => integratedGradients(model, x, { baseline: { row } }));
    expect(r.baseline).toEqual({ kind: 'row', values: rows[3] });
    expectClose(r.scores, toRaw(exactIG(xz, encodeRow(rows[3]))));
    expect(r.baselineOutput).toBeCloseTo(quadraticF(encodeRow(rows[3])), 4);
  });

  it('medians from rows the caller passes, for a tslit.json without them', () => {
    const r = expectNoLeak(() => integratedGradients(old, x, { baseline: { median: rows } }));
    // ages 30 35 41 47 50 62 → (41+47)/2; incomes 20 38 45 60 75 90 → (45+60)/2; green is most frequent.
    const want = { age: 44, colour: 'green', income: 52.5 };
    expect(r.baseline).toEqual({ kind: 'median', source: 'rows', values: want });
    expectClose(r.scores, toRaw(exactIG(xz, encodeRow(want))));
  });

  it('a background sample: the mean of IG against each row (expected gradients), complete against the mean F(baseline)', () => {
    const r = expectNoLeak(() => integratedGradients(model, x, { baseline: { background: rows } }));
    expect(r.baseline?.kind).toBe('background');
    expect(r.baseline?.rows).toEqual(rows);
    const each = rows.map((b) => exactIG(xz, encodeRow(b)));
    const mean = each[0].map((_, i) => each.reduce((s, a) => s + a[i], 0) / rows.length);
    expectClose(r.scores, toRaw(mean));
    const meanBase = rows.reduce((s, b) => s + quadraticF(encodeRow(b)), 0) / rows.length;
    expect(r.baselineOutput).toBeCloseTo(meanBase, 4);
    expect(Math.abs(sum(r.scores) - (quadraticF(xz) - meanBase))).toBeLessThanOrEqual(0.01 * Math.abs(quadraticF(xz) - meanBase));
  });

  it('a background larger than samples: a seeded subset, the same for the same seed', () => {
    const a = expectNoLeak(() => integratedGradients(model, x, { baseline: { background: rows, samples: 2, seed: 7 } }));
    const b = integratedGradients(model, x, { baseline: { background: rows, samples: 2, seed: 7 } });
    const picked = sampleIndices(rows.length, 2, 7).map((i) => rows[i]);
    expect(a.baseline?.rows).toEqual(picked);
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
    const each = picked.map((p) => toRaw(exactIG(xz, encodeRow(p))));
    expectClose(a.scores, [0, 1, 2].map((i) => (each[0][i] + each[1][i]) / 2));
  });

  it("'zeros' still gives the old point (every numeric at its mean, no colour), and says so", () => {
    const r = expectNoLeak(() => integratedGradients(old, x, { baseline: 'zeros' }));
    expect(r.baseline).toEqual({ kind: 'zeros' });
    expectClose(r.scores, toRaw(exactIG(xz, [0, 0, 0, 0, 0])));
  });

  it('gradient×input against a row is (x − b) ⊙ ∇F(x); without one, x ⊙ ∇F(x); gradient norm folds columns as an L2 norm', () => {
    const g = exactGradient(xz);
    const b = encodeRow(rows[0]);
    const withRow = expectNoLeak(() => gradientTimesInput(model, x, { baseline: { row: rows[0] } }));
    expect(withRow.baseline).toEqual({ kind: 'row', values: rows[0] });
    expectClose(withRow.scores, toRaw(g.map((gi, i) => gi * (xz[i] - b[i]))));
    const plain = expectNoLeak(() => gradientTimesInput(model, x));
    expect(plain.baseline).toBeUndefined();
    expectClose(plain.scores, toRaw(g.map((gi, i) => gi * xz[i])));
    const norm = expectNoLeak(() => gradientNorm(model, x));
    expectClose(norm.scores, [Math.abs(g[0]), Math.hypot(g[1], g[2], g[3]), Math.abs(g[4])]);
    expectClose(norm.columns?.scores ?? [], g.map(Math.abs));
  });

  it('SmoothGrad over grad×input takes the same reference (no noise: equal to gradient×input); over plain gradients it refuses one', () => {
    const s = expectNoLeak(() => smoothGrad(model, x, { over: 'grad_x_input', noiseLevel: 0, samples: 3, baseline: { background: rows } }));
    const mean = rows.map(encodeRow).reduce((acc, z) => acc.map((v, i) => v + z[i] / rows.length), [0, 0, 0, 0, 0]);
    expectClose(s.scores, toRaw(exactGradient(xz).map((gi, i) => gi * (xz[i] - mean[i]))));
    expect(s.baseline?.kind).toBe('background');
    expect(() => expectNoLeak(() => smoothGrad(model, x, { baseline: 'median' }))).toThrow(/baseline only with over: 'grad_x_input'/);
  });
});

describe('bad baselines name the feature; nothing leaks', () => {
  const model = quadraticModel(FEATURES);
  afterAll(() => model.model.dispose());
  const good = { age: 40, colour: 'red', income: 50 };
  const expectError = (baseline: Parameters<typeof integratedGradients>[2], message: RegExp): void => {
    expect(() => expectNoLeak(() => integratedGradients(model, x, baseline))).toThrow(message);
  };

  it('a tslit.json without medians: the default refuses, saying which baselines to pass', () => {
    expectError({}, /model 'quadratic' records no training medians and modes .*baseline: \{ median: rows \}.*\{ row: example \}.*\{ background: rows \}.*'zeros'/);
  });

  it('a missing or misspelt feature, a wrong type, NaN, an unknown category', () => {
    expectError({ baseline: { row: { age: 40, colour: 'red' } } }, /baseline row: feature 'income' of model 'quadratic' is missing$/);
    expectError({ baseline: { row: { age: 40, colour: 'red', incme: 50 } } }, /feature 'income' of model 'quadratic' is missing \(the row has 'incme', which the model does not read\)/);
    expectError({ baseline: { row: { ...good, age: '40' } } }, /baseline row: feature 'age' must be a number; got "40" \(string\)/);
    expectError({ baseline: { row: { ...good, income: NaN } } }, /baseline row: feature 'income' must be a finite number; got NaN/);
    expectError({ baseline: { row: { ...good, colour: 'purple' } } }, /baseline row: feature 'colour' has unknown category "purple"; known: red, green, blue/);
    expectError({ baseline: { row: { ...good, colour: 3 } } }, /feature 'colour' must be a category \(string\); got 3 \(number\)/);
    expectError({ baseline: { row: null as unknown as Example } }, /baseline row must be an example object/);
  });

  it('a bad background row is named by its index; empty rows and bad samples are refused', () => {
    expectError({ baseline: { background: [good, good, good, { ...good, colour: 'teal' }] } }, /background row 3: feature 'colour' has unknown category "teal"/);
    expectError({ baseline: { background: [] } }, /needs at least one row/);
    expectError({ baseline: { background: [good], samples: 0 } }, /samples must be a positive integer; got 0/);
    expectError({ baseline: { median: [{ age: 40, colour: 'red', income: null }] } }, /baseline \{ median \}: feature 'income' has no finite number in the 1 rows/);
  });

  it('tabular baselines on a model that also reads text are refused naming the field', () => {
    const withText = Object.create(model, { inputSpec: { value: () => ({ ...model.inputSpec(), note: { kind: 'TextSegment' } }) } }) as typeof model;
    expect(() => expectNoLeak(() => integratedGradients(withText, x, { baseline: { row: { ...good, note: 'a' } } }))).toThrow(/needs a model of numbers and categories; 'quadratic' reads TextSegment field 'note'/);
  });

  it('tslit.json with a non-finite median or a mode outside the values is refused at load', () => {
    expect(() => quadraticModel([{ ...FEATURES[0], median: NaN } as TabularFeature, FEATURES[1], FEATURES[2]])).toThrow("tslit.json tabular feature 'age': median NaN must be a finite number");
    expect(() => quadraticModel([FEATURES[0], { ...FEATURES[1], mode: 'pink' } as TabularFeature, FEATURES[2]])).toThrow(`tslit.json tabular feature 'colour': mode "pink" is not one of its values (red, green, blue)`);
  });
});

describe('median and mode', () => {
  it('median of odd and even counts; mode ties go to the earlier category; rows skip missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mostFrequent(['b', 'a', 'b', 'a'], ['a', 'b'])).toBe('a');
    expect(mostFrequent(['b', 'a', 'b'], ['a', 'b'])).toBe('b');
    const row = referenceRowFrom([{ name: 'n', kind: 'numeric' }, { name: 'c', kind: 'categorical', values: ['x', 'y'] }], [
      { n: 1, c: 'y' }, { n: null, c: 'y' }, { n: 5, c: 'zz' }, { n: NaN, c: 'x' },
    ]);
    expect(row).toEqual({ n: 3, c: 'y' });
  });
});
