/**
 * Regression metrics against scikit-learn 1.5.2 and scipy. Reference values are in
 * test/fixtures/metrics-reference.json; regenerate them with
 *   .venv/bin/python scripts/reference/metrics_reference.py
 */
import {
  averageRanks, meanAbsoluteError, meanSquaredError, metricsBySlice, pearson, r2Score, regressionMetrics,
  rootMeanSquaredError, spearman,
} from '../../src/core/metrics';
import { expectClose, loadReference } from './referenceFixture';

const r = loadReference().regression;
const targets = Float64Array.from(r.targets);
const predictions = Float64Array.from(r.predictions);

describe('regression metrics', () => {
  test.each([['all rows', undefined, r.all], ['slice', Uint32Array.from(r.slice), r.sliced]] as const)(
    '%s agree with sklearn/scipy to 1e-9', (_name, indices, want) => {
      const o = { indices };
      expectClose(meanSquaredError(targets, predictions, o), want.mse, 'mse');
      expectClose(meanAbsoluteError(targets, predictions, o), want.mae, 'mae');
      expectClose(rootMeanSquaredError(targets, predictions, o), want.rmse, 'rmse');
      expectClose(r2Score(targets, predictions, o), want.r2, 'r2');
      expectClose(pearson(targets, predictions, o), want.pearson, 'pearson');
      expectClose(spearman(targets, predictions, o), want.spearman, 'spearman');
      const all = regressionMetrics(targets, predictions, o);
      for (const k of ['mse', 'mae', 'rmse', 'r2', 'pearson', 'spearman'] as const) expectClose(all[k], want[k], `all ${k}`);
    });

  test('metricsBySlice computes every regression metric per slice', () => {
    const out = metricsBySlice({ s: Uint32Array.from(r.slice) }, { kind: 'regression', targets, predictions });
    expect(out.s.count).toBe(r.slice.length);
    expectClose(out.s.spearman, r.sliced.spearman, 'spearman');
    expectClose(out.s.r2, r.sliced.r2, 'r2');
  });

  test('constant targets: R² is 1 when perfect, else 0 (force_finite); Spearman NaN', () => {
    const indices = Uint32Array.from(r.constSlice);
    expect(indices.length).toBeGreaterThan(2);
    expectClose(r2Score(targets, predictions, { indices }), r.constTargets.r2, 'r2');
    expectClose(r2Score(targets, targets, { indices }), r.constTargets.r2Perfect, 'r2 perfect');
    expect(spearman(targets, predictions, { indices })).toBeNaN();
    expect(r.constTargets.spearman).toBeNaN();
  });

  test('average ranks share ties (hand-worked: 10,20,20,5 -> 2,3.5,3.5,1)', () => {
    expect(Array.from(averageRanks(Float64Array.from([10, 20, 20, 5]), Uint32Array.from([0, 1, 2, 3])))).toEqual([2, 3.5, 3.5, 1]);
  });

  test('empty slice is NaN; NaN input names the row', () => {
    expect(meanSquaredError(targets, predictions, { indices: new Uint32Array(0) })).toBeNaN();
    expect(() => meanSquaredError(Float64Array.from([1, Infinity]), Float64Array.from([1, 2]))).toThrow('targets[1] is Infinity');
  });
});
