/** Closed forms on a linear model: grad×input, IG and Kernel SHAP equal w·(x − baseline). */
import * as tf from '@tensorflow/tfjs';
import { gradientNorm, gradientTimesInput, integratedGradients, kernelShap, lime, occlusion, type QuadratureRule } from '../../src/explain/salience';
import { linearRegression, tabularExample } from './fixtures/models';
import { expectNoLeak } from './helpers';

const w = [0.5, -1.25, 2, 0.75, -0.3];
const b = 0.4;
const x = [1.5, 0.2, -0.7, 2.2, 1.1];
const model = linearRegression(w, b);
const ex = tabularExample(x);

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e)).toBeLessThan(tol));
}

describe('linear model closed forms', () => {
  it('gradient norm is |w| and grad×input is w·x', () => {
    const gn = expectNoLeak(() => gradientNorm(model, ex));
    expectClose(gn.scores, w.map(Math.abs), 1e-6);
    const gx = expectNoLeak(() => gradientTimesInput(model, ex));
    expectClose(gx.scores, w.map((wi, i) => wi * x[i]), 1e-6);
    expect(gx.labels).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(gx.target).toEqual({});
    expect(gx.output).toBeCloseTo(w.reduce((s, wi, i) => s + wi * x[i], b), 5);
  });

  const rules: QuadratureRule[] = ['left', 'right', 'midpoint', 'trapezoid', 'gauss-legendre'];
  it.each(rules)('IG (%s) equals w·(x − baseline) for zeros, array and tensor baselines; delta ≈ 0', (rule) => {
    const base = [0.3, -0.2, 0.1, 1, -1];
    const cases: Array<[Parameters<typeof integratedGradients>[2], number[]]> = [
      [{ baseline: 'zeros' }, [0, 0, 0, 0, 0]],
      [{ baseline: base }, base],
    ];
    for (const [opts, bl] of cases) {
      const r = expectNoLeak(() => integratedGradients(model, ex, { ...opts, rule, steps: 7, chunkSize: 3 }));
      expectClose(r.scores, w.map((wi, i) => wi * (x[i] - bl[i])), 1e-5);
      expect(Math.abs(r.delta ?? NaN)).toBeLessThan(1e-5);
    }
    const t = tf.tensor1d(base);
    const r = expectNoLeak(() => integratedGradients(model, ex, { baseline: t, rule, steps: 4 }));
    t.dispose();
    expectClose(r.scores, w.map((wi, i) => wi * (x[i] - base[i])), 1e-5);
    expect(r.baselineOutput).toBeCloseTo(w.reduce((s, wi, i) => s + wi * base[i], b), 5);
  });

  it('Kernel SHAP (exact enumeration) recovers w·(x − mean background)', () => {
    const bg = [
      [0, 1, -1, 0.5, 2],
      [1, 0, 0.5, -0.5, 0],
      [-1, 2, 1, 1, -1],
    ];
    const mean = bg[0].map((_, j) => bg.reduce((s, r) => s + r[j], 0) / bg.length);
    const r = expectNoLeak(() => kernelShap(model, ex, { background: bg }));
    expectClose(r.scores, w.map((wi, i) => wi * (x[i] - mean[i])), 1e-4);
    expect(Math.abs(r.delta ?? NaN)).toBeLessThan(1e-5);
  });

  it('Kernel SHAP (sampled, 14 features) recovers w·(x − mean background)', () => {
    const w14 = Array.from({ length: 14 }, (_, i) => Math.sin(i + 1) * 2);
    const x14 = Array.from({ length: 14 }, (_, i) => Math.cos(i * 0.7));
    const bg14 = [Array.from({ length: 14 }, (_, i) => (i % 3) - 1), Array.from({ length: 14 }, (_, i) => (i % 2) * 0.5)];
    const lin = linearRegression(w14, -0.2);
    const r = expectNoLeak(() => kernelShap(lin, tabularExample(x14), { background: bg14, samples: 256, seed: 3 }));
    expectClose(r.scores, w14.map((wi, i) => wi * (x14[i] - (bg14[0][i] + bg14[1][i]) / 2)), 1e-3);
  });

  it('occlusion on features equals w·(x − baseline), LIME with background recovers the same', () => {
    const occ = expectNoLeak(() => occlusion(model, ex));
    expectClose(occ.scores, w.map((wi, i) => wi * x[i]), 1e-5);
    const zerosBg = [[0, 0, 0, 0, 0]];
    const l = expectNoLeak(() => lime(model, ex, { background: zerosBg, samples: 200, ridge: 1e-6, seed: 1 }));
    expectClose(l.scores, w.map((wi, i) => wi * x[i]), 1e-3);
  });
});
