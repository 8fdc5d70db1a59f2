/**
 * Salience on the example models shipped in models/ (trained by scripts/train), through the
 * model layer's real adapters: IG completeness at default steps, Kernel SHAP over raw
 * features equal to Shapley values computed by their definition through predict(), and
 * gradients equal to finite differences.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import { loadModel, type MetadataAdapter } from '../../src/model';
import { gradientOf } from '../../src/explain/salience/gradients';
import { integratedGradients, kernelShap, occlusion, type SalienceResult } from '../../src/explain/salience';
import { expectNoLeak } from './helpers';

const root = path.join(__dirname, '..', '..');
const readJson = (file: string): Record<string, unknown>[] => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'vega-datasets', 'data', file), 'utf8')) as Record<string, unknown>[];

function penguinRows(): Example[] {
  return readJson('penguins.json')
    .filter((r) => ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'].every((k) => typeof r[k] === 'number'))
    .map((r) => ({ ...(r as Example), Sex: null }));
}

function carRows(): Example[] {
  return readJson('cars.json')
    .filter((r) => typeof r.Miles_per_Gallon === 'number' && typeof r.Horsepower === 'number')
    .map((r) => ({ ...(r as Example), Model_Year: new Date(String(r.Year)).getUTCFullYear() }));
}

interface Case { name: string; rows: () => Example[]; pick: number[]; raw: string[] }
const CASES: Case[] = [
  { name: 'penguins', rows: penguinRows, pick: [0, 160, 300], raw: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island'] },
  { name: 'cars', rows: carRows, pick: [0, 150, 350], raw: ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Model_Year', 'Origin'] },
];

/** F for a prediction: the class probability, or the regression score. */
function fOf(model: MetadataAdapter, p: Record<string, unknown>, cls: number | undefined): number {
  const v = Object.values(p).find((x) => Array.isArray(x) || typeof x === 'number');
  if (model.task === 'regression') return typeof v === 'number' ? v : (v as number[])[0];
  return (v as number[])[cls ?? 0];
}

describe.each(CASES)('example model $name (real adapter)', ({ name, rows, pick, raw }) => {
  let model: MetadataAdapter;
  let data: Example[];
  beforeAll(async () => {
    model = await loadModel(path.join(root, 'models', name));
    data = rows();
  });
  afterAll(() => model.model.dispose());

  it('IG completeness at default steps: |delta| ≤ 1% of |F(x) − F(baseline)|', () => {
    for (const i of [...pick, 50, 200]) {
      const r = expectNoLeak(() => integratedGradients(model, data[i]));
      const gap = Math.abs((r.output ?? NaN) - (r.baselineOutput ?? NaN));
      expect(gap).toBeGreaterThan(1e-3);
      expect(Math.abs(r.delta ?? NaN)).toBeLessThanOrEqual(0.01 * gap);
    }
  });

  it('Kernel SHAP over raw features equals Shapley values by definition (via predict on raw examples)', async () => {
    const x = data[pick[1]];
    const bg = [data[5], data[100], data[200]];
    const r: SalienceResult = expectNoLeak(() => kernelShap(model, x, { background: bg }));
    expect(r.labels).toEqual(raw);
    const M = raw.length;
    const cls = r.target.classIndex;
    const coalitions = Array.from({ length: 2 ** M }, (_, bits) => bits);
    const examples = coalitions.flatMap((bits) => bg.map((b) => {
      const e: Example = { ...b };
      raw.forEach((f, j) => ((bits >> j) & 1 ? (e[f] = x[f]) : undefined));
      return e;
    }));
    const preds = await model.predict(examples);
    const v = coalitions.map((_, s) => bg.reduce((acc, __, k) => acc + fOf(model, preds[s * bg.length + k], cls), 0) / bg.length);
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const scale = Math.max(...Array.from(r.scores, Math.abs));
    raw.forEach((_, i) => {
      let phi = 0;
      for (let bits = 0; bits < 2 ** M; bits++) {
        if ((bits >> i) & 1) continue;
        let s = 0;
        for (let j = 0; j < M; j++) s += (bits >> j) & 1;
        phi += ((fact(s) * fact(M - s - 1)) / fact(M)) * (v[bits | (1 << i)] - v[bits]);
      }
      expect(Math.abs(r.scores[i] - phi)).toBeLessThan(1e-4 * Math.max(scale, 1e-3));
    });
  });

  it('occlusion of raw features is aligned to their names', () => {
    const r = expectNoLeak(() => occlusion(model, data[pick[0]]));
    expect(r.labels).toEqual(raw);
    expect(r.scores.length).toBe(raw.length);
  });

  it('model-space gradients equal central finite differences', () => {
    const enc = model.encode(data[pick[2]]);
    const out = tf.tidy(() => Array.from(model.forward(enc.input).dataSync()));
    const cls = model.task === 'regression' ? 0 : out.indexOf(Math.max(...out));
    const target = model.task === 'regression' ? {} : { classIndex: cls };
    const g = gradientOf(model, enc.input, target);
    const analytic = Array.from(g.dataSync());
    g.dispose();
    const x = Array.from(enc.input.dataSync());
    // f32 rounding of F (~1e-7·|F|, F ≈ 20 mpg for cars) bounds the quotient's error by ~2e-6·|F|/eps.
    const eps = 1e-3;
    const f = (v: number[]): number => tf.tidy(() => model.forward(tf.tensor2d([v])).dataSync()[cls]);
    const scale = Math.max(...analytic.map(Math.abs));
    x.forEach((_, i) => {
      const p = x.slice();
      const m = x.slice();
      p[i] += eps;
      m[i] -= eps;
      const numeric = (f(p) - f(m)) / (2 * eps);
      expect(Math.abs(numeric - analytic[i])).toBeLessThan(5e-3 * scale + (2e-6 * Math.abs(out[cls])) / eps);
    });
    enc.input.dispose();
    enc.baseline.dispose();
  });
});
