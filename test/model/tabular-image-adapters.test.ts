import './helpers/env-backend';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ImageModelAdapter } from '../../src/model/adapters/image-adapter';
import { TabularModelAdapter } from '../../src/model/adapters/tabular-adapter';
import { TextModelAdapter } from '../../src/model/adapters/text-adapter';
import { sumByFeature } from '../../src/model/encode/tabular';
import { saveModelToDir } from '../../src/model/io/file-system';
import { loadModel } from '../../src/model/load-model';
import type { ModelMetadata } from '../../src/model/metadata';
import type { Example } from '../../src/core/spec';
import { imageMetadata, imageModel, lcg, tabularMetadata, tabularModel, textMetadata, textModel } from './helpers/small-models';

const penguin = { bill: 49, mass: 5000, island: 'Dream', species: 'Adelie' };

describe('TabularModelAdapter', () => {
  const model = tabularModel(3);
  const ad = new TabularModelAdapter(model, tabularMetadata(), { cacheSize: 0 });

  it('standardises numerics and one-hots categories in metadata order; forward == predict', async () => {
    const before = tf.memory().numTensors;
    expect(ad.featureNames).toEqual(['bill', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'mass']);
    const [p] = await ad.predict([penguin]);
    const out = tf.tidy(() => {
      const enc = ad.encode(penguin);
      const ref = model.predict(tf.tensor2d([[(49 - 44) / 5, 0, 1, 0, (5000 - 4200) / 800]])) as tf.Tensor;
      return { x: Array.from(enc.input.dataSync()), base: Array.from(enc.baseline.dataSync()), fwd: Array.from(ad.forward(enc.input).dataSync()), ref: Array.from(ref.dataSync()), labels: enc.labels };
    });
    expect(out.x).toEqual([1, 0, 1, 0, 1]);
    expect(out.base).toEqual([0, 0, 0, 0, 0]);
    expect(out.labels).toEqual(ad.featureNames);
    expect(out.fwd).toEqual(p.probas);
    expect(out.ref).toEqual(p.probas);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('folds one-hot attributions back onto raw features', () => {
    expect(ad.featureGroups()).toEqual([{ feature: 'bill', columns: [0] }, { feature: 'island', columns: [1, 2, 3] }, { feature: 'mass', columns: [4] }]);
    expect(sumByFeature([0.5, 0.1, 0.2, 0.3, -1], ad.featureGroups())).toEqual([0.5, 0.1 + 0.2 + 0.3, -1]);
  });

  it('names the feature and value for unknown categories, and the row and field for bad numbers', async () => {
    const before = tf.memory().numTensors;
    expect(() => ad.encode({ ...penguin, island: 'Atlantis' })).toThrow(`field 'island': unknown category "Atlantis"; known values: "Biscoe", "Dream", "Torgersen"`);
    await expect(ad.predict([penguin, { ...penguin, mass: Infinity }])).rejects.toThrow("row 1, field 'mass': should be a finite number, got Infinity");
    await expect(ad.predict([penguin, penguin, { ...penguin, island: 'Atlantis' }])).rejects.toThrow(/row 2, field 'island'.*"Atlantis"/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('regression: forward gives [b, 1] and predict a number', async () => {
    const reg = new TabularModelAdapter(tabularModel(1), tabularMetadata('regression'));
    expect(reg.task).toBe('regression');
    const [p] = await reg.predict([penguin]);
    const y = tf.tidy(() => { const e = reg.encode(penguin); return { shape: reg.forward(e.input).shape, v: reg.forward(e.input).dataSync()[0] }; });
    expect(y.shape).toEqual([1, 1]);
    expect(p.score).toBe(y.v);
    reg.model.dispose();
  });

  it('rejects a model whose input width disagrees with the features', () => {
    const wrong = tf.sequential();
    wrong.add(tf.layers.dense({ units: 3, inputShape: [4], activation: 'softmax' }));
    expect(() => new TabularModelAdapter(wrong, tabularMetadata())).toThrow("features encode to 5 columns");
    wrong.dispose();
  });
});

describe('ImageModelAdapter', () => {
  const model = imageModel();
  const ad = new ImageModelAdapter(model, imageMetadata(), { cacheSize: 0 });
  const img = { pixels: lcg(16, 99).map((v) => (v + 1) / 2) };

  it('encodes flat pixels as [1, h, w, c]; forward == predict; gradient of pixels is finite', async () => {
    const before = tf.memory().numTensors;
    const [p] = await ad.predict([img]);
    const out = tf.tidy(() => {
      const enc = ad.encode(img);
      const g = tf.grad((x: tf.Tensor) => ad.forward(x).slice([0, 2], [1, 1]).sum())(enc.input);
      return { shape: enc.input.shape, labels: enc.labels, fwd: Array.from(ad.forward(enc.input).dataSync()), g: Array.from(g.dataSync()) };
    });
    expect(out.shape).toEqual([1, 4, 4, 1]);
    expect(out.labels.slice(0, 5)).toEqual(['0,0', '0,1', '0,2', '0,3', '1,0']);
    expect(out.fwd).toEqual(p.probas);
    expect(out.g.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects wrong sizes and out-of-range pixels naming the field', async () => {
    expect(() => ad.encode({ pixels: [0.5, 0.5] })).toThrow("field 'pixels': should have 16 pixel values (shape [4,4,1]), got 2");
    await expect(ad.predict([img, { pixels: img.pixels.map((v, i) => (i === 3 ? 255 : v)) }])).rejects.toThrow("row 1, field 'pixels': pixel 3 is 255");
  });
});

describe('loadModel(dir)', () => {
  it('reads tslit.json and returns the adapter of the right kind, predicting like the saved model', async () => {
    const cases: Array<{ model: tf.LayersModel; meta: ModelMetadata; cls: typeof TextModelAdapter | typeof TabularModelAdapter | typeof ImageModelAdapter; ex: Example }> = [
      { model: textModel(), meta: textMetadata(), cls: TextModelAdapter, ex: { text: 'win free money now' } },
      { model: tabularModel(3), meta: tabularMetadata(), cls: TabularModelAdapter, ex: penguin },
      { model: imageModel(), meta: imageMetadata(), cls: ImageModelAdapter, ex: { pixels: new Array(16).fill(0.5) } },
    ];
    for (const c of cases) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-load-'));
      await saveModelToDir(c.model, dir);
      fs.writeFileSync(path.join(dir, 'tslit.json'), JSON.stringify(c.meta));
      const loaded = await loadModel(dir);
      expect(loaded).toBeInstanceOf(c.cls);
      const direct = new c.cls(c.model, c.meta);
      // encode/forward work on the freshly loaded model, before any predict (a loaded Sequential has no outputLayers).
      const fwd = tf.tidy(() => Array.from(loaded.forward(loaded.encode(c.ex).input).dataSync()));
      const [p] = await loaded.predict([c.ex]);
      expect([p]).toEqual(await direct.predict([c.ex]));
      expect(fwd).toEqual(p.probas);
      loaded.model.dispose();
      c.model.dispose();
    }
  });

  it('says what is wrong with a bad tslit.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-load-'));
    await expect(loadModel(dir)).rejects.toThrow(/cannot read .*tslit\.json/);
    fs.writeFileSync(path.join(dir, 'tslit.json'), JSON.stringify({ ...tabularMetadata(), image: imageMetadata().image }));
    await expect(loadModel(dir)).rejects.toThrow('needs exactly one of text, tabular or image; has tabular, image');
  });
});
