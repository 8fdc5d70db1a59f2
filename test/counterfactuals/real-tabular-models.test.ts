/**
 * Nearest and minimal tabular counterfactuals on the example models (models/penguins,
 * models/cars) through the model layer's loader, with the trainers' own train/held-out split.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import { minimalTabularCounterfactual, nearestCounterfactual } from '../../src/explain/counterfactuals';
import { loadModel } from '../../src/model/load-model';
import type { MetadataAdapter } from '../../src/model/adapters/metadata-adapter';
import { penguinsSplit } from '../../scripts/train/penguins';
import { carsSplit } from '../../scripts/train/cars';
import { argmax, expectClaimsHold } from './helpers';

const PENGUIN_FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island'];

describe('penguins', () => {
  let model: MetadataAdapter;
  const { train, heldOut } = penguinsSplit();
  beforeAll(async () => { model = await loadModel('models/penguins', { cacheSize: 0 }); });
  afterAll(() => model.model.dispose());

  test('nearest counterfactual: another class, and no row of another class is closer', async () => {
    const before = tf.memory().numTensors;
    const example = heldOut[0] as Example;
    const r = await nearestCounterfactual(model, example, train as Example[]);
    expect(r.examples).toHaveLength(1);
    const [p0] = await model.predict([example]);
    const preds = await model.predict(train as Example[]);
    const cf = r.examples[0];
    expect(argmax(cf.prediction)).not.toBe(argmax(p0));
    // Independent check of minimality with the same definition (std-scaled L1 + 0/1 island).
    const sd = (f: string): number => {
      const xs = train.map((t) => t[f] as number);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    };
    const sds = PENGUIN_FEATURES.slice(0, 4).map(sd);
    const d = (row: Example): number => PENGUIN_FEATURES.slice(0, 4).reduce((a, f, j) => a + Math.abs((row[f] as number) - (example[f] as number)) / sds[j], 0) + (row.Island === example.Island ? 0 : 1);
    const best = Math.min(...train.filter((_, i) => argmax(preds[i]) !== argmax(p0)).map((row) => d(row as Example)));
    expect(cf.distance).toBeCloseTo(best, 9);
    await expectClaimsHold(model, r);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('minimal counterfactual reaches a chosen class changing at most 2 permitted features', async () => {
    const before = tf.memory().numTensors;
    const example = heldOut[1] as Example;
    const [p0] = await model.predict([example]);
    const classes = model.classes ?? [];
    const target = classes[(argmax(p0) + 1) % classes.length];
    const vary = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Island'];
    const r = await minimalTabularCounterfactual(model, example, train as Example[], { goal: { targetClass: target }, vary, maxChanges: 2 });
    expect(r.examples.length).toBeGreaterThan(0);
    for (const cf of r.examples) {
      expect(classes[argmax(cf.prediction)]).toBe(target);
      const changed = PENGUIN_FEATURES.filter((f) => cf.example[f] !== example[f]);
      expect(changed).toEqual(PENGUIN_FEATURES.filter((f) => cf.changed.fields.includes(f)));
      expect(changed.length).toBeLessThanOrEqual(2);
      for (const f of changed) expect(vary).toContain(f);
    }
    const distances = r.examples.map((e) => e.distance);
    expect(distances).toEqual(distances.slice().sort((a, b) => a - b));
    await expectClaimsHold(model, r);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('cars (regression)', () => {
  let model: MetadataAdapter;
  const { train, heldOut } = carsSplit();
  beforeAll(async () => { model = await loadModel('models/cars', { cacheSize: 0 }); });
  afterAll(() => model.model.dispose());

  test('minimal counterfactual moves the predicted mpg into a target range', async () => {
    const example = heldOut[0] as Example;
    const [p0] = await model.predict([example]);
    const s0 = p0.score as number;
    const range: [number, number] = [s0 + 4, s0 + 8];
    const r = await minimalTabularCounterfactual(model, example, train as Example[], { goal: { targetRange: range }, maxChanges: 2, quantiles: 8 });
    expect(r.examples.length).toBeGreaterThan(0);
    for (const cf of r.examples) {
      expect(cf.prediction.score as number).toBeGreaterThanOrEqual(range[0]);
      expect(cf.prediction.score as number).toBeLessThanOrEqual(range[1]);
      expect(cf.changed.fields.length).toBeLessThanOrEqual(2);
    }
    await expectClaimsHold(model, r);
    const near = await nearestCounterfactual(model, example, train as Example[], { goal: { threshold: s0 + 4 } });
    expect(near.examples[0].prediction.score as number).toBeGreaterThanOrEqual(s0 + 4);
  });
});
