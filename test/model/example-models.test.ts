/**
 * The example models in models/<name>/ load through loadModel(dir) and, predicting the
 * held-out rows of the training scripts' own split through our adapters (our preprocessing,
 * not the training script's), reproduce the held-out metrics recorded in tslit.json.
 */
import './helpers/env-backend';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import { isDifferentiable } from '../../src/model/adapter';
import { loadModel, readMetadata } from '../../src/model/load-model';
import type { TextModelAdapter } from '../../src/model/adapters/text-adapter';

const ROOT = path.resolve(__dirname, '../..');

/** The held-out rows of a model, from the training scripts (loaded lazily: only if the model exists). */
function heldOutRows(name: string): Example[] {
  /* eslint-disable @typescript-eslint/no-var-requires */
  switch (name) {
    case 'cars': return require('../../scripts/train/cars').carsSplit().heldOut;
    case 'penguins': return require('../../scripts/train/penguins').penguinsSplit().heldOut;
    case 'spam': return require('../../scripts/train/spam').spamSplit().heldOut;
    case 'mnist': return require('../../scripts/train/mnist').mnistSplit().heldOut;
    default: throw new Error(name);
  }
}

const NAMES = ['penguins', 'cars', 'spam', 'mnist'];
const present = NAMES.filter((n) => fs.existsSync(path.join(ROOT, 'models', n, 'tslit.json')));
const missing = NAMES.filter((n) => !present.includes(n));

describe.each(present)('example model %s', (name) => {
  it('loads, predicts held-out rows as valid outputs and reproduces the recorded held-out metrics', async () => {
    const dir = path.join(ROOT, 'models', name);
    const meta = await readMetadata(dir);
    const ad = await loadModel(dir, { batchSize: 256, cacheSize: 0 });
    expect(isDifferentiable(ad)).toBe(true);
    const rows = heldOutRows(name);
    expect(rows.length).toBe(meta.training.heldOut.examples);
    const before = tf.memory().numTensors;
    const preds = await ad.predict(rows);
    expect(tf.memory().numTensors).toBe(before);
    const out = Object.keys(meta.outputSpec).find((k) => ['MulticlassPreds', 'RegressionScore'].includes(meta.outputSpec[k].kind))!;
    if (meta.task === 'multiclass') {
      const classes = meta.classes!;
      let correct = 0;
      let loss = 0;
      preds.forEach((p, i) => {
        const probs = p[out] as number[];
        expect(probs.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(Math.abs(probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
        const truth = classes.indexOf(String(rows[i][meta.target]));
        expect(truth).toBeGreaterThanOrEqual(0);
        if (probs.indexOf(Math.max(...probs)) === truth) correct++;
        loss -= Math.log(Math.max(probs[truth], 1e-15));
      });
      expect(correct / rows.length).toBeCloseTo(meta.training.heldOut.accuracy, 5);
      if (meta.training.heldOut.logLoss !== undefined) expect(loss / rows.length).toBeCloseTo(meta.training.heldOut.logLoss, 4);
    } else {
      const err = preds.map((p, i) => (p[out] as number) - (rows[i][meta.target] as number));
      const rmse = Math.sqrt(err.reduce((s, e) => s + e * e, 0) / err.length);
      const mae = err.reduce((s, e) => s + Math.abs(e), 0) / err.length;
      expect(rmse).toBeCloseTo(meta.training.heldOut.rmse, 4);
      expect(mae).toBeCloseTo(meta.training.heldOut.mae, 4);
    }
    // forward(encode(e).input) reproduces predict for rows the encoder accepts (text: 1..maxLength tokens).
    const encodable = rows.filter((r) => {
      if (!meta.text) return true;
      const n = (ad as TextModelAdapter).tokens(String(r[meta.text.field])).length;
      return n > 0 && n <= meta.text.maxLength;
    }).slice(0, 5);
    expect(encodable.length).toBeGreaterThan(0);
    for (const r of encodable) {
      // One example per predict call: the same batch size as forward, so the same kernels.
      const [direct] = await ad.predict([r]);
      const y = tf.tidy(() => Array.from(ad.forward(ad.encode(r).input).dataSync()));
      const want = direct[out];
      expect(y).toEqual(typeof want === 'number' ? [want] : want);
    }
    expect(tf.memory().numTensors).toBe(before);
    ad.model.dispose();
  });
});

it('finds every committed example model', () => {
  expect(missing).toEqual([]);
});
