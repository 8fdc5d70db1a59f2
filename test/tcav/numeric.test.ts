/**
 * TCAV's numeric parts against scipy and scikit-learn (test/fixtures/tcav-reference.json,
 * from scripts/reference/tcav_reference.py): Student's t-test and L2 logistic regression.
 */
import * as fs from 'fs';
import * as path from 'path';
import { studentTTest, incompleteBeta } from '../../src/explain/tcav/t-test';
import { fitLogistic } from '../../src/explain/tcav/logistic';

interface Reference {
  ttest: Array<{ a: number[]; b: number[]; t: number; p: number }>;
  logistic: Array<{ n: number; d: number; c: number; x: number[]; y: number[]; coef: number[]; intercept: number }>;
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'tcav-reference.json'), 'utf8')) as Reference;

describe("Student's t-test", () => {
  it.each(ref.ttest.map((c, i) => [i, c] as const))('case %i equals scipy.stats.ttest_ind', (_, c) => {
    const r = studentTTest(c.a, c.b);
    expect(r.t).toBeCloseTo(c.t, 10);
    expect(Math.abs(r.p - c.p)).toBeLessThan(1e-12 + 1e-9 * c.p);
  });
  it('incomplete beta at known points', () => {
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
  });
  it('too few values give NaN, not a number that looks like evidence', () => {
    expect(studentTTest([1], [1, 2, 3]).p).toBeNaN();
    expect(studentTTest([1, 1], [1, 1]).p).toBeNaN();
  });
});

describe('L2 logistic regression', () => {
  it.each(ref.logistic.map((c) => [c.n, c.d, c.c, c] as const))('n=%i d=%i C=%f equals sklearn LogisticRegression', (n, d, c, r) => {
    const fit = fitLogistic(Float64Array.from(r.x), n, d, Uint8Array.from(r.y), { c });
    const scale = Math.max(...r.coef.map(Math.abs));
    fit.weights.forEach((w, k) => expect(Math.abs(w - r.coef[k])).toBeLessThan(1e-5 * scale));
    expect(Math.abs(fit.intercept - r.intercept)).toBeLessThan(1e-5 * Math.max(1, Math.abs(r.intercept)));
  });
  it('refuses one class and mismatched shapes', () => {
    expect(() => fitLogistic(new Float64Array(4), 2, 2, Uint8Array.from([1, 1]))).toThrow(/both classes/);
    expect(() => fitLogistic(new Float64Array(5), 2, 2, Uint8Array.from([1, 0]))).toThrow(/5 values are not 2 rows of 2/);
  });
});
