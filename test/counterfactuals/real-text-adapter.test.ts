/**
 * The token generators through the model layer's real TextModelAdapter (encode returns only the
 * real tokens, forward pads them back, predict caches by content).
 */
import * as tf from '@tensorflow/tfjs';
import { ablationFlip, hotflip, wordReplacer } from '../../src/explain/counterfactuals';
import { TextModelAdapter } from '../../src/model/adapters/text-adapter';
import { buildModel, CLASSES, expectedClass, tinyTextMetadata } from './fixtures/text-model';
import { argmax, expectClaimsHold } from './helpers';

describe('counterfactuals on the real TextModelAdapter', () => {
  const model = buildModel();
  const adapter = new TextModelAdapter(model, tinyTextMetadata(), { cacheSize: 0 });
  afterAll(() => model.dispose());

  test('HotFlip flips, each flip confirmed by the rule and by predicting again; no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const r = await hotflip(adapter, { text: 'Great plot and superb acting and great music' }, { maxResults: 20 });
    expect(r.examples.length).toBeGreaterThan(0);
    for (const cf of r.examples) {
      expect(CLASSES[argmax(cf.prediction)]).toBe('negative');
      expect(expectedClass(cf.example.text as string)).toBe('negative');
    }
    await expectClaimsHold(adapter, r);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('ablation flip and the word replacer agree with the rule', async () => {
    const a = await ablationFlip(adapter, { text: 'the acting was superb but the ending was bad' });
    expect(a.examples.map((e) => e.example.text)).toEqual(['the acting was but the ending was bad']);
    const w = await wordReplacer(adapter, { text: 'the acting was superb' }, { rules: 'superb -> boring, good' });
    expect(w.examples.map((e) => CLASSES[argmax(e.prediction)])).toEqual(w.examples.map((e) => expectedClass(e.example.text as string)));
    await expectClaimsHold(adapter, w);
  });

  test('an over-long text: HotFlip works on the 16 tokens the model reads and keeps the rest of the text', async () => {
    const text = 'great '.repeat(30);
    const r = await hotflip(adapter, { text }, { precheck: false, maxFlips: 2 });
    expect(r.calls).toBeGreaterThan(0);
    if (r.examples.length === 0) expect(r.reason).toMatch(/flip/);
    const tail = text.split(' ').slice(16).join(' ');
    for (const e of r.examples) expect(String(e.example.text).endsWith(tail)).toBe(true);
  });
});
