/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * The tabular and generic kinds: scikit-learn's penguin classifier as ONNX gives scikit-learn's
 * probabilities; metrics, partial dependence and Kernel SHAP run on it; a generic model builds
 * its own feeds.
 */
import { join } from 'path';
import { readFileSync } from 'fs';
import type { Example } from '../../src/core/spec';
import { onnxModel, type OnnxModel } from '../../src/model/onnx';
import { classificationMetrics } from '../../src/core/metrics';
import { partialDependence } from '../../src/explain/partial-dependence';
import { kernelShap } from '../../src/explain/salience';
import { MODEL_PATH, references } from './spam-onnx';

const PENGUINS = join(__dirname, '..', '..', 'models', 'penguins-onnx', 'model.onnx');
/** Written by scripts/train-python/penguins_onnx.py: scikit-learn's predict_proba on the held-out rows. */
const ref = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'penguins-reference.json'), 'utf8')) as {
  features: string[]; classes: string[]; accuracy: number; rows: Array<{ features: number[]; species: string; probabilities: number[] }>;
};
const examples: Example[] = ref.rows.map((r) => Object.fromEntries(ref.features.map((f, j) => [f, r.features[j]])));

let model: OnnxModel;
beforeAll(async () => { model = await onnxModel(PENGUINS, { kind: 'tabular', features: ref.features, classes: ref.classes, name: 'penguins-onnx' }); });
afterAll(async () => { await model.release(); });

test('probabilities equal scikit-learn\'s to 1e-5; metrics on them match its accuracy', async () => {
  const preds = await model.predict(examples, { batchSize: 16 });
  preds.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(Math.abs(v - ref.rows[i].probabilities[c])).toBeLessThan(1e-5)));
  const labels = Int32Array.from(ref.rows, (r) => ref.classes.indexOf(r.species));
  const m = classificationMetrics({ kind: 'classification', labels, probs: Float32Array.from(preds.flatMap((p) => p.probas as number[])), numClasses: 3 }, ['accuracy']);
  expect(m.accuracy).toBeCloseTo(ref.accuracy, 10);
});

test('partial dependence and Kernel SHAP run on it', async () => {
  const pdp = await partialDependence(model, examples.slice(0, 40), { feature: 'Flipper Length (mm)', grid: [180, 200, 220] });
  const gentoo = ref.classes.indexOf('Gentoo');
  expect(pdp.average[gentoo][2]).toBeGreaterThan(pdp.average[gentoo][0]); // longer flippers: more Gentoo
  const background = examples.filter((_, i) => i % 8 === 0);
  const x = examples[5];
  const shap = await kernelShap(model, x, { background, samples: 64, seed: 1 });
  expect(shap.labels).toEqual(ref.features);
  const c = shap.target.classIndex!;
  const bg = await model.predict(background);
  const mean = bg.reduce((s, p) => s + (p.probas as number[])[c], 0) / bg.length;
  const fx = ((await model.predict([x]))[0].probas as number[])[c];
  expect(Array.from(shap.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(fx - mean, 4); // exact for 4 players
});

test('a features list of the wrong width is refused naming the input', async () => {
  await expect(onnxModel(PENGUINS, { kind: 'tabular', features: ref.features.slice(0, 3), classes: ref.classes }))
    .rejects.toThrow(/ONNX model 'model': input 'features' \(float32 \[batch, 4\]\) should be \[batch, 3\] for the features/);
});

test('a generic model builds its own feeds', async () => {
  const spam = await onnxModel(MODEL_PATH, {
    kind: 'generic', name: 'spam-ids', classes: ['ham', 'spam'], inputSpec: { ids: { kind: 'Scalar' } },
    // One token id per example: the model reads [batch, 1].
    toFeeds: (batch, ort) => ({ input_ids: new ort.Tensor('int64', BigInt64Array.from(batch, (e) => BigInt(e.ids as number)), [batch.length, 1]) }),
  });
  const ids = references()[15].ids.slice(0, 3);
  const text = await onnxModel(MODEL_PATH);
  const tokens = references()[15].text.match(/[A-Za-z0-9]+/g)!.slice(0, 3);
  const viaGeneric = await spam.predict(ids.map((id) => ({ ids: id })));
  const viaText = await text.predict(tokens.map((t) => ({ text: t })));
  viaGeneric.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo((viaText[i].probas as number[])[c], 6)));
  await spam.release();
  await text.release();
});
