/** Token methods on the tiny text model, checked against the whole tfjs model run on token ids. */
import { gradientNorm, gradientTimesInput, integratedGradients, lime, occlusion, smoothGrad } from '../../src/explain/salience';
import { textModel } from './fixtures/models';
import { expectNoLeak, sum } from './helpers';

const model = textModel(7);
const ex = { text: 'Win FREE money now click the offer' };

describe('text salience', () => {
  it('encode + forward equals the whole model on padded ids (the path gradients use is the real model)', () => {
    const enc = model.encode(ex);
    const viaForward = Array.from(model.forward(enc.input).dataSync());
    const direct = model.predictIds(enc.tokenIds ?? []);
    viaForward.forEach((v, i) => expect(Math.abs(v - direct[i])).toBeLessThan(1e-6));
    enc.input.dispose();
    enc.baseline.dispose();
  });

  it('scores align with the tokens shown; grad×input is the per-token sum over the embedding dim', () => {
    const gx = expectNoLeak(() => gradientTimesInput(model, ex));
    expect(gx.labels).toEqual(['win', 'free', 'money', 'now', 'click', 'the', 'offer']);
    expect(gx.scores.length).toBe(7);
    const gn = expectNoLeak(() => gradientNorm(model, ex));
    // |Σ_d g·x| ≤ ||g|| ||x|| per token (Cauchy–Schwarz); embeddings are in [-1, 1]^8 so ||x|| ≤ √8.
    gx.scores.forEach((v, i) => expect(Math.abs(v)).toBeLessThanOrEqual(gn.scores[i] * Math.sqrt(8) + 1e-6));
    expect(gn.scores.every((v) => v >= 0)).toBe(true);
  });

  it('occlusion equals F(x) − F(text without the token), by the whole model on ids', () => {
    const enc = model.encode(ex);
    const ids = enc.tokenIds ?? [];
    enc.input.dispose();
    enc.baseline.dispose();
    for (const mask of ['remove', 'pad'] as const) {
      const r = expectNoLeak(() => occlusion(model, ex, { mask }));
      const cls = r.target.classIndex ?? 0;
      const full = model.predictIds(ids)[cls];
      ids.forEach((_, i) => {
        const occluded = mask === 'remove' ? ids.filter((__, j) => j !== i) : ids.map((id, j) => (j === i ? 0 : id));
        expect(Math.abs(r.scores[i] - (full - model.predictIds(occluded)[cls]))).toBeLessThan(1e-5);
      });
    }
  });

  it('LIME is deterministic for a seed, differs across seeds, and agrees in sign with occlusion on the strongest token', () => {
    const a = expectNoLeak(() => lime(model, ex, { samples: 256, seed: 5 }));
    const b = lime(model, ex, { samples: 256, seed: 5 });
    const c = lime(model, ex, { samples: 256, seed: 6 });
    expect(Array.from(a.scores)).toEqual(Array.from(b.scores));
    expect(Array.from(a.scores)).not.toEqual(Array.from(c.scores));
    const occ = occlusion(model, ex);
    let top = 0;
    occ.scores.forEach((v, i) => Math.abs(v) > Math.abs(occ.scores[top]) && (top = i));
    expect(Math.sign(a.scores[top])).toBe(Math.sign(occ.scores[top]));
    const removed = expectNoLeak(() => lime(model, ex, { samples: 64, mask: 'remove', seed: 1 }));
    expect(removed.scores.length).toBe(7);
  });

  it('SmoothGrad with zero noise equals the plain gradient; with noise it is seeded', () => {
    const plain = gradientNorm(model, ex);
    const s0 = expectNoLeak(() => smoothGrad(model, ex, { noiseLevel: 0, samples: 3 }));
    s0.scores.forEach((v, i) => expect(Math.abs(v - plain.scores[i])).toBeLessThan(1e-6));
    const s1 = expectNoLeak(() => smoothGrad(model, ex, { samples: 20, seed: 2, over: 'grad_x_input', chunkSize: 7 }));
    const s2 = smoothGrad(model, ex, { samples: 20, seed: 2, over: 'grad_x_input' });
    s1.scores.forEach((v, i) => expect(Math.abs(v - s2.scores[i])).toBeLessThan(1e-6));
    expect(Array.from(s1.scores)).not.toEqual(Array.from(plain.scores));
  });

  it('a chosen class by name or index changes the target; IG sums to F(x) − F(pad) for it', () => {
    const spam = integratedGradients(model, ex, { target: { className: 'spam' } });
    const ham = integratedGradients(model, ex, { target: { classIndex: 0 } });
    expect(spam.target).toEqual({ classIndex: 1, className: 'spam' });
    expect(ham.target).toEqual({ classIndex: 0, className: 'ham' });
    // Two classes: p(ham) = 1 − p(spam), so attributions are opposite.
    spam.scores.forEach((v, i) => expect(Math.abs(v + ham.scores[i])).toBeLessThan(1e-4));
    expect(Math.abs(sum(spam.scores) - ((spam.output ?? 0) - (spam.baselineOutput ?? 0)))).toBeLessThan(0.01 * Math.abs((spam.output ?? 0) - (spam.baselineOutput ?? 0)));
  });

  it('out-of-vocabulary tokens are explained (as the unknown token) and listed', () => {
    const r = integratedGradients(model, { text: 'win zorblax money' });
    expect(r.labels).toEqual(['win', 'zorblax', 'money']);
    expect(r.oovTokens).toEqual(['zorblax']);
    expect(integratedGradients(model, ex).oovTokens).toBeUndefined();
  });
});
