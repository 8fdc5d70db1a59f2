/** Fidelity on non-linear models: completeness, finite differences, exact Shapley values. */
import * as tf from '@tensorflow/tfjs';
import { integratedGradients, kernelShap, IG_DEFAULTS } from '../../src/explain/salience';
import { gradientOf } from '../../src/explain/salience/gradients';
import { resolveTarget } from '../../src/explain/salience/target';
import { ImageFixture, smallMlp, tabularExample, testImage, textModel } from './fixtures/models';
import { expectNoLeak } from './helpers';

const mlp = smallMlp(5, 3, 11);
const mlpX = [0.8, -1.2, 0.3, 1.7, -0.4];
const text = textModel(7);
const image = new ImageFixture(8, 3);

describe('integrated gradients completeness at default steps', () => {
  const cases: Array<[string, () => ReturnType<typeof integratedGradients>]> = [
    ['tabular MLP', () => integratedGradients(mlp, tabularExample(mlpX))],
    ['text (pad baseline)', () => integratedGradients(text, { text: 'Win free money now click the offer' })],
    ['image (zero baseline)', () => integratedGradients(image, { image: testImage(8) })],
  ];
  it.each(cases)('%s: |delta| ≤ 1%% of |F(x) − F(baseline)|', (_, run) => {
    const r = expectNoLeak(run);
    const gap = Math.abs((r.output ?? NaN) - (r.baselineOutput ?? NaN));
    expect(gap).toBeGreaterThan(1e-3); // the check would be empty otherwise
    expect(Math.abs(r.delta ?? NaN)).toBeLessThanOrEqual(0.01 * gap);
    expect(r.scores.length).toBe(r.labels.length);
  });

  it('the default rule beats a left Riemann sum with the same steps (delta shrinks)', () => {
    const ex = { text: 'Win free money now click the offer' };
    const gl = integratedGradients(text, ex);
    const left = integratedGradients(text, ex, { rule: 'left', steps: IG_DEFAULTS.steps });
    expect(Math.abs(gl.delta ?? NaN)).toBeLessThan(Math.abs(left.delta ?? NaN));
  });

  it('chunkSize does not change the result', () => {
    const ex = tabularExample(mlpX);
    const a = integratedGradients(mlp, ex, { chunkSize: 1 });
    const b = integratedGradients(mlp, ex, { chunkSize: 1000 });
    a.scores.forEach((v, i) => expect(Math.abs(v - b.scores[i])).toBeLessThan(1e-6));
  });

  it('image results carry a [h, w] heatmap aligned with the pixel labels', () => {
    const r = integratedGradients(image, { image: testImage(8) });
    expect(r.heatmap?.height).toBe(8);
    expect(r.heatmap?.width).toBe(8);
    expect(r.heatmap?.values.length).toBe(64);
    expect(r.labels[9]).toBe('1,1');
  });
});

/** Central differences of F along each coordinate, in float32 (eps chosen for f32 rounding vs. curvature). */
function centralDifferences(f: (x: tf.Tensor) => number, x: tf.Tensor, eps: number): Float32Array {
  const base = x.dataSync() as Float32Array;
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i] += eps;
    minus[i] -= eps;
    const tp = tf.tensor(plus, x.shape);
    const tm = tf.tensor(minus, x.shape);
    out[i] = (f(tp) - f(tm)) / (2 * eps);
    tp.dispose();
    tm.dispose();
  }
  return out;
}

describe('gradients equal central finite differences', () => {
  const cases: Array<[string, typeof mlp | typeof text | typeof image, Parameters<typeof mlp.encode>[0]]> = [
    ['tabular MLP', mlp, tabularExample(mlpX)],
    ['text embedding output', text, { text: 'hello meeting tomorrow free lunch' }],
    ['conv net pixels', image, { image: testImage(8) }],
  ];
  it.each(cases)('%s', (_, model, ex) => {
    const enc = model.encode(ex);
    const probs = tf.tidy(() => Array.from(model.forward(enc.input).dataSync()));
    for (const choice of ['predicted', { classIndex: 0 }] as const) {
      const target = resolveTarget(model, probs, choice);
      const g = gradientOf(model, enc.input, target);
      const analytic = g.dataSync() as Float32Array;
      g.dispose();
      const f = (x: tf.Tensor): number => tf.tidy(() => model.forward(x).dataSync()[target.classIndex ?? 0]);
      // eps = 1e-3: small enough not to straddle a ReLU kink near these inputs (1e-2 does for the
      // MLP), large enough that f32 rounding of F (~6e-8) adds only ~6e-5 to the quotient.
      const numeric = centralDifferences(f, enc.input, 1e-3);
      const scale = Math.max(...Array.from(analytic, Math.abs));
      expect(scale).toBeGreaterThan(1e-4);
      let worst = 0;
      analytic.forEach((a, i) => (worst = Math.max(worst, Math.abs(a - numeric[i]))));
      expect(worst).toBeLessThan(2e-3 * scale + 1.5e-4);
    }
    enc.input.dispose();
    enc.baseline.dispose();
  });
});

describe('Kernel SHAP on a non-linear model equals Shapley values computed by their definition', () => {
  it('exact enumeration matches Σ_S |S|!(M−|S|−1)!/M! (v(S∪i) − v(S))', async () => {
    const bg = [
      [0, 0, 0, 0, 0],
      [1, -1, 0.5, 0.2, 0.3],
      [-0.5, 0.4, -1, 1, 0],
    ];
    const M = 5;
    const r = expectNoLeak(() => kernelShap(mlp, tabularExample(mlpX), { background: bg }));
    const cls = r.target.classIndex ?? 0;
    // v(S) by predict(): mean over background of the class probability with features in S from x.
    const masks = Array.from({ length: 2 ** M }, (_, bits) => Array.from({ length: M }, (_, j) => (bits >> j) & 1));
    const rows = masks.flatMap((z) => bg.map((b) => tabularExample(z.map((on, j) => (on ? mlpX[j] : b[j])))));
    const preds = await mlp.predict(rows);
    const v = masks.map((_, s) => bg.reduce((acc, __, k) => acc + (preds[s * bg.length + k].probas as number[])[cls], 0) / bg.length);
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const shapley = Array.from({ length: M }, (_, i) => {
      let phi = 0;
      for (let bits = 0; bits < 2 ** M; bits++) {
        if ((bits >> i) & 1) continue;
        const s = masks[bits].reduce((a, b) => a + b, 0);
        phi += ((fact(s) * fact(M - s - 1)) / fact(M)) * (v[bits | (1 << i)] - v[bits]);
      }
      return phi;
    });
    shapley.forEach((phi, i) => expect(Math.abs(r.scores[i] - phi)).toBeLessThan(1e-5));
    expect(Math.abs(r.delta ?? NaN)).toBeLessThan(1e-5);
    expect(r.baselineOutput).toBeCloseTo(v[0], 5);
  });
});
