import * as tf from '@tensorflow/tfjs';
import { hotflip } from '../../src/explain/counterfactuals';
import { CLASSES, expectedClass, predictOnly, TinyTextModel, WORD_VALUES } from './fixtures/text-model';
import { argmax, expectClaimsHold } from './helpers';

describe('HotFlip', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());

  test('flips the tiny model by replacing the decisive word with a word of opposite value', async () => {
    const before = tf.memory().numTensors;
    const r = await hotflip(model, { text: 'The acting was great' });
    expect(r.examples.length).toBeGreaterThan(0);
    const first = r.examples[0];
    expect(first.distance).toBe(1);
    expect(first.changed.tokens?.[0]).toMatchObject({ index: 3, from: 'great' });
    expect(WORD_VALUES[first.changed.tokens?.[0].to ?? '']).toBe(-3);
    for (const cf of r.examples) {
      expect(CLASSES[argmax(cf.prediction)]).toBe('negative');
      expect(expectedClass(cf.example.text as string)).toBe('negative');
      const words = (cf.example.text as string).split(' ');
      expect(words.filter((w, i) => w !== 'The acting was great'.split(' ')[i]).length).toBe(cf.distance);
    }
    await expectClaimsHold(model, r);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('needs several flips when one is not enough; never returns a superset of a found flip', async () => {
    const text = 'great plot and superb acting and great music';
    const r = await hotflip(model, { text }, { maxFlips: 3, maxResults: 50 });
    expect(r.examples.length).toBeGreaterThan(0);
    // Sum 9: one substitution changes it by at most 6, so at least two are needed.
    expect(Math.min(...r.examples.map((e) => e.distance))).toBe(2);
    const sets = r.examples.map((e) => (e.changed.tokens ?? []).map((t) => t.index));
    for (const a of sets) for (const b of sets) if (a !== b) expect(a.every((i) => b.includes(i))).toBe(false);
    for (const cf of r.examples) expect(expectedClass(cf.example.text as string)).toBe('negative');
    await expectClaimsHold(model, r);
  });

  test('candidate sets go through batched predictions, and calls are counted', async () => {
    const text = 'great plot and superb acting and great music';
    const calls = model.predictCalls.length;
    const batched = await hotflip(model, { text }, { maxResults: 50 });
    expect(model.predictCalls.length - calls).toBe(batched.calls);
    const single = await hotflip(model, { text }, { maxResults: 50, batchSize: 1 });
    expect(single.examples.map((e) => e.example.text)).toEqual(batched.examples.map((e) => e.example.text));
    expect(single.calls).toBe(single.predicted);
    expect(batched.calls).toBeLessThan(single.calls / 5);
  });

  test('reaches a target class', async () => {
    const r = await hotflip(model, { text: 'the plot was bad' }, { goal: { targetClass: 'positive' } });
    expect(r.examples.length).toBeGreaterThan(0);
    for (const cf of r.examples) expect(expectedClass(cf.example.text as string)).toBe('positive');
    await expectClaimsHold(model, r);
  });

  test('a model without an embedding table gets a clear error', async () => {
    await expect(hotflip(predictOnly(model), { text: 'great' })).rejects.toThrow(/HotFlip needs gradients: model "tiny-text-predict-only"/);
    const noTable = Object.assign(Object.create(model) as TinyTextModel, { embeddingTable: undefined });
    await expect(hotflip(noTable, { text: 'great' })).rejects.toThrow(/has no embeddingTable\(\)/);
  });

  test('an over-long text is refused with the encoder\'s reason', async () => {
    await expect(hotflip(model, { text: 'great '.repeat(20) })).rejects.toThrow(/HotFlip cannot encode field "text": .*more than 16/);
  });

  test('nothing can flip within the budget: empty result with a reason', async () => {
    const r = await hotflip(model, { text: 'great great great great great' }, { maxFlips: 1 });
    expect(r.examples).toEqual([]);
    expect(r.reason).toMatch(/no substitution of up to 1/);
  });
});
