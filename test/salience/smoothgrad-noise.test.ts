/**
 * SmoothGrad's noise on tabular models, column by column: with `background` rows each encoded
 * column j gets σ_j = noiseLevel × its range over them. On the quadratic test model F(z) =
 * w·z + c + (v·z)² the expectation of SmoothGrad over grad×input has a closed form,
 * E[g(z+ε)_j (z_j+ε_j)] = (w_j + 2 v_j (v·z)) z_j + 2 v_j² σ_j², so the Monte Carlo mean of many
 * noisy copies must land on it for the per-column σ — and not for one σ shared by every column.
 */
import type { Example } from '../../src/core/spec';
import { smoothGrad } from '../../src/explain/salience';
import { columnNoiseScales } from '../../src/explain/salience/smoothGrad';
import { expectNoLeak } from './helpers';
import { encodeRow, quadraticModel, V, W } from './tabular-models';

const x: Example = { age: 55, colour: 'blue', income: 30 };
// Ages spread over 40 years (4 model-space units), incomes over 150 (7.5 units): unequal column ranges.
const rows: Example[] = [
  { age: 30, colour: 'green', income: 20 },
  { age: 35, colour: 'red', income: 170 },
  { age: 50, colour: 'green', income: 45 },
  { age: 70, colour: 'blue', income: 60 },
];

function expected(z: readonly number[], sigma: ArrayLike<number>): number[] {
  const s = V.reduce((acc, v, i) => acc + v * z[i], 0);
  return z.map((zj, j) => (W[j] + 2 * V[j] * s) * zj + 2 * V[j] ** 2 * sigma[j] ** 2);
}

test('columnNoiseScales: noiseLevel × each column range; a constant column gets none', () => {
  const scales = columnNoiseScales([Float32Array.from([0, 5, 1]), Float32Array.from([2, 5, 0]), Float32Array.from([1, 5, 1])], 0.5);
  expect(Array.from(scales)).toEqual([1, 0, 0.5]);
});

test('with background rows the noise is per column: the mean lands on the closed form for σ_j, not for one shared σ', () => {
  const model = quadraticModel();
  const z = encodeRow(x);
  const sigma = columnNoiseScales(rows.map((r) => Float32Array.from(encodeRow(r))), 0.2);
  expect(Array.from(sigma, (v) => +v.toFixed(6))).toEqual([0.8, 0.2, 0.2, 0.2, 1.5]);
  const result = expectNoLeak(() => smoothGrad(model, x, { over: 'grad_x_input', noiseLevel: 0.2, samples: 20000, seed: 5, background: rows }));
  const columns = Array.from(result.columns?.scores ?? []);
  const want = expected(z, sigma);
  columns.forEach((c, j) => expect(Math.abs(c - want[j])).toBeLessThan(0.05));
  // The σ² term is what tells the noise models apart: for income it is 2·0.6²·1.5² = 1.62.
  const shared = expected(z, new Array(5).fill(0.2 * (Math.max(...z) - Math.min(...z))));
  expect(Math.abs(columns[4] - shared[4])).toBeGreaterThan(0.5);
  // Without background the noise is one σ from the input's own range, as before.
  const plain = expectNoLeak(() => smoothGrad(model, x, { over: 'grad_x_input', noiseLevel: 0.2, samples: 20000, seed: 5 }));
  Array.from(plain.columns?.scores ?? []).forEach((c, j) => expect(Math.abs(c - shared[j])).toBeLessThan(0.05));
  model.model.dispose();
});

test('background rows of the wrong width are refused naming the row', () => {
  const model = quadraticModel();
  expect(() => expectNoLeak(() => smoothGrad(model, x, { background: [[1, 2, 3]] }))).toThrow(/background row 0 has 3 values; expected 5 features/);
  model.model.dispose();
});
