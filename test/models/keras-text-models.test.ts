/**
 * models/spam-bigru (masked BiGRU, tslit.json) and models/spam-transformer (two inputs, residual
 * self-attention, WordPiece tokenizer.json), both trained in Python by
 * scripts/train-python/keras_text_models.py, loaded as a person would (keras-text-models.ts) and
 * checked against Keras: the probabilities Keras gave for 20 held-out texts
 * (test/fixtures/keras-text-reference.json, written by that script), the held-out figures of
 * heldout.json and docs/models.md, and every gradient method and HotFlip on them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { gradientNorm, gradientTimesInput, hotflip, integratedGradients, rocAuc, smoothGrad, type ModelAdapter, type SalienceResult } from '../../src/index';
import { initBackend } from '../../src/model/backend';
import { spamSplit } from '../../scripts/train/spam';
import { BIGRU_DIR, loadBigru, loadTransformer, MAX_LENGTH, TRANSFORMER_DIR } from './keras-text-models';

interface Reference { id: string; text: string; label: string; bigru: number[]; transformer: number[]; transformerIds: number[] }
const REFERENCE: Reference[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'keras-text-reference.json'), 'utf8')).examples;
const HELD_OUT = (dir: string): { examples: number; accuracy: number; rocAuc: number } => JSON.parse(fs.readFileSync(path.join(dir, 'heldout.json'), 'utf8')).heldOut;
const DOCS = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'models.md'), 'utf8');

/** Texts within the BiGRU's 128 ids (longer ones are explained cut to 128, as predicted), so every token is checked. */
function shortTexts(count: number): string[] {
  return REFERENCE.map((r) => r.text).filter((t) => (t.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)*|[$!]/g) ?? []).length <= MAX_LENGTH).slice(0, count);
}

type Named = { name: 'bigru' | 'transformer'; dir: string; load: () => Promise<ModelAdapter> };
const MODELS: Named[] = [
  { name: 'bigru', dir: BIGRU_DIR, load: () => loadBigru() },
  { name: 'transformer', dir: TRANSFORMER_DIR, load: () => loadTransformer() },
];

function expectPerToken(r: SalienceResult): void {
  expect(r.scores.length).toBe(r.labels.length);
  expect(r.labels.length).toBeGreaterThan(0);
  expect(Array.from(r.scores).every(Number.isFinite)).toBe(true);
  expect(Array.from(r.scores).some((s) => s !== 0)).toBe(true);
}

// The backend loadModel() will use, chosen before either model loads (the transformer's loader
// does not choose one): TSLIT_BACKEND when set, else the fastest installed. Switching here to
// another backend would not hold — loadModel() keeps to TSLIT_BACKEND — so scripts/run-tests.mjs
// runs this file in its tfjs-node suite (about 2.5 min; 10 min on cpu, the 2-core CI cannot
// afford it), and on cpu in the main suite only where tfjs-node is not installed.
beforeAll(async () => {
  await initBackend();
}, 60_000);

describe.each(MODELS)('models/spam-$name (Keras, tf_keras 2.21)', ({ name, dir, load }) => {
  let model: ModelAdapter;
  let baseline: number;
  beforeAll(async () => {
    model = await load();
    baseline = tf.memory().numTensors;
  }, 60_000);
  afterEach(() => expect(tf.memory().numTensors).toBe(baseline));

  it('predicts the 20 reference texts as Keras did, within 1e-5', async () => {
    const got = await model.predict(REFERENCE.map((r) => ({ text: r.text })), { bypassCache: true });
    REFERENCE.forEach((r, i) => {
      const p = got[i].probas as number[];
      r[name].forEach((want, c) => expect({ id: r.id, c, diff: Math.abs(p[c] - want) <= 1e-5 }).toEqual({ id: r.id, c, diff: true }));
    });
  }, 120_000);

  it("re-evaluates to heldout.json's and docs/models.md's held-out accuracy and ROC AUC", async () => {
    const { heldOut } = spamSplit();
    const recorded = HELD_OUT(dir);
    expect(heldOut.length).toBe(recorded.examples);
    const got = await model.predict(heldOut.map((r) => ({ text: r.text })), { bypassCache: true });
    const labels = Int32Array.from(heldOut, (r) => (r.label === 'spam' ? 1 : 0));
    const spam = Float64Array.from(got, (p) => (p.probas as number[])[1]);
    const correct = got.filter((p, i) => Number((p.probas as number[])[1] > (p.probas as number[])[0]) === labels[i]).length;
    const accuracy = Math.round((correct / heldOut.length) * 1e6) / 1e6;
    const auc = Math.round(rocAuc(labels, spam) * 1e6) / 1e6;
    expect({ accuracy, auc }).toEqual({ accuracy: recorded.accuracy, auc: recorded.rocAuc });
    expect(DOCS).toContain(`| spam-${name} |`);
    expect(DOCS).toContain(`accuracy ${accuracy.toFixed(6)}, ROC AUC ${auc.toFixed(6)}`);
  }, 600_000);

  it('integrated gradients with 32 steps are complete within 1% on several held-out texts', () => {
    for (const text of shortTexts(4)) {
      const r = integratedGradients(model, { text }, { steps: 32, tolerance: 'off' });
      expectPerToken(r);
      expect(r.steps).toBe(32);
      const span = (r.output as number) - (r.baselineOutput as number);
      expect({ text: text.slice(0, 40), complete: Math.abs(r.delta as number) <= Math.max(0.01 * Math.abs(span), 1e-6) }).toEqual({ text: text.slice(0, 40), complete: true });
    }
  }, 300_000);

  it('gradient norm, gradient × input and SmoothGrad are finite, one score per token', () => {
    const text = shortTexts(1)[0];
    const norm = gradientNorm(model, { text });
    expectPerToken(norm);
    expect(Array.from(norm.scores).every((s) => s >= 0)).toBe(true);
    const gxi = gradientTimesInput(model, { text });
    expectPerToken(gxi);
    expect(gxi.labels).toEqual(norm.labels);
    const sg = smoothGrad(model, { text }, { samples: 8 });
    expectPerToken(sg);
    expect(sg.labels).toEqual(norm.labels);
  }, 300_000);

  it('HotFlip returns texts that differ from the input and re-predict as reported, another class', async () => {
    // Short texts flip with few substitutions; the search looks until one of them flips.
    const candidates = shortTexts(20).map((t) => t.split(/\s+/).slice(0, 30).join(' '));
    let flipped = 0;
    for (const text of candidates) {
      const [original] = await model.predict([{ text }]);
      const before = (original.probas as number[]).indexOf(Math.max(...(original.probas as number[])));
      const r = await hotflip(model, { text }, { maxResults: 3 });
      if (r.examples.length === 0) {
        expect(r.reason).toEqual(expect.any(String));
        continue;
      }
      const texts = r.examples.map((cf) => cf.example.text as string);
      expect(new Set(texts).size).toBe(texts.length);
      expect(texts).not.toContain(text);
      const again = await model.predict(r.examples.map((cf) => cf.example), { bypassCache: true });
      r.examples.forEach((cf, i) => {
        const p = cf.prediction.probas as number[];
        (again[i].probas as number[]).forEach((q, c) => expect(Math.abs(q - p[c])).toBeLessThanOrEqual(1e-5));
        expect(p.indexOf(Math.max(...p))).not.toBe(before);
        expect(cf.changed.tokens?.length).toBeGreaterThan(0);
      });
      flipped += 1;
      if (flipped === 2) break;
    }
    // The transformer flips one of these 20 texts within HotFlip's defaults, the BiGRU more.
    expect(flipped).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
