/**
 * PCA against scikit-learn (scripts/reference/pca_reference.py → test/fixtures/pca-reference.json):
 * explained variance ratio to 1e-6, components and projections to 1e-6 (same sign convention
 * as sklearn's svd_flip), plus UMAP: repeatable with a seed, different with another seed,
 * and on the penguins' standardised measurements a 2-D layout where a 5-nearest-neighbour
 * vote recovers the species far better than chance.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPenguins, PENGUIN_NUMERIC } from '../../scripts/train/data/penguins';
import { pca, standardize, symmetricEigen, umap } from '../../src/explain/projection';

interface PcaCase { name: string; n: number; d: number; k: number; x: number[]; components: number[][]; explainedVariance: number[]; explainedVarianceRatio: number[]; projected: number[][] }
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'pca-reference.json'), 'utf8')) as { cases: PcaCase[] };

function maxAbsDiff(a: ArrayLike<number>, b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test('symmetricEigen: A v = λ v on a known matrix', () => {
  const a = [2, 1, 0, 1, 2, 0, 0, 0, 5];
  const { values, vectors } = symmetricEigen(a, 3);
  expect(Array.from(values)).toEqual([5, 3, 1].map((v) => expect.closeTo(v, 12)));
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 3; i++) {
      const av = a[i * 3] * vectors[k * 3] + a[i * 3 + 1] * vectors[k * 3 + 1] + a[i * 3 + 2] * vectors[k * 3 + 2];
      expect(av).toBeCloseTo(values[k] * vectors[k * 3 + i], 12);
    }
  }
});

test.each(ref.cases.map((c) => [c.name]))('PCA on %s matches sklearn (ratio, variance, components with sign, projections) to 1e-6', (name) => {
  const c = ref.cases.find((x) => x.name === name)!;
  const r = pca(c.x, c.n, c.d, c.k);
  expect(maxAbsDiff(r.explainedVarianceRatio, c.explainedVarianceRatio)).toBeLessThan(1e-6);
  expect(maxAbsDiff(r.explainedVariance, c.explainedVariance) / c.explainedVariance[0]).toBeLessThan(1e-6);
  expect(maxAbsDiff(r.components, c.components.flat())).toBeLessThan(1e-6);
  expect(maxAbsDiff(r.projected, c.projected.flat())).toBeLessThan(1e-6);
});

test('PCA rejects bad input with the row and column', () => {
  expect(() => pca([1, 2, NaN, 4], 2, 2)).toThrow(/row 1, column 0 is NaN/);
  expect(() => pca([1, 2, 3], 2, 2)).toThrow(/expected 2 × 2 = 4 values, got 3/);
  expect(() => pca([1, 2], 1, 2)).toThrow(/at least 2 rows/);
  expect(() => pca([1, 2, 3, 4], 2, 2, 3)).toThrow(/components must be an integer in 1..2/);
});

function penguinMatrix(): { x: Float64Array; n: number; d: number; labels: string[] } {
  const rows = loadPenguins();
  const d = PENGUIN_NUMERIC.length;
  const raw = rows.flatMap((r) => PENGUIN_NUMERIC.map((f) => r[f] as number));
  return { x: standardize(raw, rows.length, d), n: rows.length, d, labels: rows.map((r) => r.Species as string) };
}

/** Leave-one-out k-nearest-neighbour accuracy of `labels` in the n × dim layout `y`. */
function knnAccuracy(y: Float64Array, n: number, dim: number, labels: string[], k = 5): number {
  let right = 0;
  for (let i = 0; i < n; i++) {
    const dists: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < dim; c++) s += (y[i * dim + c] - y[j * dim + c]) ** 2;
      dists.push([s, j]);
    }
    dists.sort((a, b) => a[0] - b[0]);
    const votes = new Map<string, number>();
    for (const [, j] of dists.slice(0, k)) votes.set(labels[j], (votes.get(labels[j]) ?? 0) + 1);
    const best = [...votes].sort((a, b) => b[1] - a[1])[0][0];
    if (best === labels[i]) right++;
  }
  return right / n;
}

test('UMAP is repeatable with a seed and separates the penguin species (5-NN accuracy in 2-D)', async () => {
  const { x, n, d, labels } = penguinMatrix();
  const progress: number[] = [];
  const a = await umap(x, n, d, { seed: 7, epochs: 120, onProgress: (done) => progress.push(done) });
  const b = await umap(x, n, d, { seed: 7, epochs: 120 });
  const c = await umap(x, n, d, { seed: 8, epochs: 120 });
  expect(Array.from(a)).toEqual(Array.from(b));
  expect(Array.from(a)).not.toEqual(Array.from(c));
  expect(progress[progress.length - 1]).toBe(120);
  const majority = Math.max(...['Adelie', 'Chinstrap', 'Gentoo'].map((s) => labels.filter((l) => l === s).length)) / n;
  const acc = knnAccuracy(a, n, 2, labels);
  const shuffled = knnAccuracy(a, n, 2, labels.map((_, i) => labels[(i * 7919) % n])); // 7919 is prime to n: a permutation
  console.log(`UMAP 2-D 5-NN species accuracy ${acc.toFixed(3)} (majority class ${majority.toFixed(3)}, shuffled labels ${shuffled.toFixed(3)})`);
  expect(acc).toBeGreaterThan(0.9);
  expect(acc).toBeGreaterThan(majority + 0.4);
  // PCA to 2-D separates them too (a sanity check of the same yardstick).
  expect(knnAccuracy(pca(x, n, d, 2).projected, n, 2, labels)).toBeGreaterThan(0.85);
}, 60000);

test('UMAP stops on abort between epochs', async () => {
  const { x, n, d } = penguinMatrix();
  const controller = new AbortController();
  let last = 0;
  const run = umap(x, n, d, { seed: 1, epochs: 400, signal: controller.signal, onProgress: (done) => { last = done; if (done >= 40) controller.abort(); } });
  await expect(run).rejects.toThrow(/cancelled/);
  expect(last).toBeLessThan(400);
});
