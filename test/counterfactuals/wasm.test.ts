/** The generators on the WASM backend (the notebook default without tfjs-node), with cpu fallback for missing kernels. */
import * as tf from '@tensorflow/tfjs';
import { ablationFlip, hotflip } from '../../src/explain/counterfactuals';
import { initBackend } from '../../src/model/backend';
import { CLASSES, expectedClass, TinyTextModel } from './fixtures/text-model';
import { argmax, expectClaimsHold } from './helpers';

describe('counterfactuals on WASM', () => {
  let model: TinyTextModel;
  beforeAll(async () => {
    await initBackend(['wasm', 'cpu']);
    model = new TinyTextModel();
  });
  afterAll(() => model.dispose());

  test('HotFlip and ablation flip flip the tiny model, without leaks', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const text = 'great plot and good acting and good music and bad ending';
    for (const r of [await hotflip(model, { text }), await ablationFlip(model, { text })]) {
      expect(r.examples.length).toBeGreaterThan(0);
      for (const cf of r.examples) {
        expect(CLASSES[argmax(cf.prediction)]).toBe('negative');
        expect(expectedClass(cf.example.text as string)).toBe('negative');
      }
      await expectClaimsHold(model, r);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
