import * as tf from '@tensorflow/tfjs';
import { ablationFlip } from '../../src/explain/counterfactuals';
import { CLASSES, expectedClass, TinyTextModel } from './fixtures/text-model';
import { argmax, expectClaimsHold } from './helpers';

/** Every smallest set of word positions whose removal changes `expectedClass` (brute force over all subsets). */
function bruteForceMinimalRemovals(text: string): number[][] {
  const words = text.split(' ');
  const from = expectedClass(text);
  for (let size = 1; size < words.length; size++) {
    const sets: number[][] = [];
    for (let mask = 0; mask < 1 << words.length; mask++) {
      const set = words.map((_, i) => i).filter((i) => mask & (1 << i));
      if (set.length !== size) continue;
      if (expectedClass(words.filter((_, i) => !set.includes(i)).join(' ')) !== from) sets.push(set);
    }
    if (sets.length > 0) return sets;
  }
  return [];
}

describe('ablation flip', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());
  const text = 'great plot and good acting and good music and bad ending';

  test('finds exactly the minimal removal sets, verified in batched calls', async () => {
    const expected = bruteForceMinimalRemovals(text);
    expect(expected.length).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    const calls = model.predictCalls.length;
    const r = await ablationFlip(model, { text });
    const sets = r.examples.map((e) => (e.changed.tokens ?? []).map((t) => t.index).sort((a, b) => a - b));
    expect(sets.sort()).toEqual(expected.sort());
    for (const cf of r.examples) {
      expect(cf.distance).toBe(expected[0].length);
      expect(CLASSES[argmax(cf.prediction)]).not.toBe(expectedClass(text));
      expect(CLASSES[argmax(cf.prediction)]).toBe(expectedClass(cf.example.text as string));
    }
    await expectClaimsHold(model, r);
    // original + leave-one-out batch + precheck + one batch of pairs
    expect(r.calls).toBe(4);
    expect(model.predictCalls.length - calls - r.examples.length).toBe(r.calls);
    expect(r.predicted).toBe(model.predictCalls.slice(calls, calls + r.calls).reduce((a, b) => a + b, 0));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('one prediction at a time finds the same flips with one call per example', async () => {
    const batched = await ablationFlip(model, { text });
    const single = await ablationFlip(model, { text }, { batchSize: 1 });
    expect(single.examples.map((e) => e.example.text).sort()).toEqual(batched.examples.map((e) => e.example.text).sort());
    expect(single.calls).toBe(single.predicted);
    expect(single.calls).toBeGreaterThan(batched.calls);
  });

  test('a single decisive word is found with one leave-one-out batch', async () => {
    const r = await ablationFlip(model, { text: 'the acting was superb' });
    expect(r.examples.map((e) => e.example.text)).toEqual(['the acting was']);
    expect(r.examples[0].changed.tokens).toEqual([{ index: 3, from: 'superb', to: '', field: 'text' }]);
    expect(r.calls).toBe(2);
  });

  test('nothing to flip: empty result with a reason', async () => {
    const r = await ablationFlip(model, { text: 'the movie was boring' });
    expect(r.examples).toEqual([]);
    expect(r.reason).toMatch(/removing the 3 most salient tokens together does not flip class "negative" -> any other class/);
    expect(r.calls).toBe(3);
    const full = await ablationFlip(model, { text: 'the movie was boring' }, { precheck: false });
    expect(full.examples).toEqual([]);
    expect(full.reason).toMatch(/no removal of up to 3 .*flips class "negative" -> any other class/);
    expect(full.predicted).toBeGreaterThan(r.predicted);
  });

  test('a one-word text: empty result with a reason', async () => {
    const r = await ablationFlip(model, { text: 'great' });
    expect(r.reason).toMatch(/has 1 token\(s\)/);
  });

  test('a target class already predicted: empty result with a reason', async () => {
    const r = await ablationFlip(model, { text }, { goal: { targetClass: 'positive' } });
    expect(r.reason).toMatch(/already meets the goal/);
  });

  test('an unknown target class is named', async () => {
    await expect(ablationFlip(model, { text }, { goal: { targetClass: 'neutral' } })).rejects.toThrow(/targetClass "neutral" is not one of/);
  });

  test('the budget stops the search and says so', async () => {
    const r = await ablationFlip(model, { text }, { maxPredictions: 12, batchSize: 4 });
    expect(r.predicted).toBeLessThanOrEqual(12);
    expect(r.examples).toEqual([]);
    expect(r.reason).toMatch(/budget/);
  });
});

describe('ablation flip by word', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());

  test('removing every occurrence of one word flips where no single token does', async () => {
    // "good" x4 = 4, "bad" = -1: sum 3. Removing one "good" leaves 2; removing the word leaves -1.
    const text = 'good plot good acting good music good ending bad sound';
    const byToken = await ablationFlip(model, { text }, { maxRemovals: 1 });
    expect(byToken.examples).toEqual([]);
    const byWord = await ablationFlip(model, { text }, { unit: 'word', maxRemovals: 1 });
    expect(byWord.examples.map((e) => e.example.text)).toEqual(['plot acting music ending bad sound']);
    expect(byWord.examples[0].distance).toBe(4);
    expect(byWord.examples[0].changed.tokens?.map((t) => t.index)).toEqual([0, 2, 4, 6]);
    expect(expectedClass(byWord.examples[0].example.text as string)).toBe('negative');
    await expectClaimsHold(model, byWord);
  });
});
