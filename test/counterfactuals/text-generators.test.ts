import * as tf from '@tensorflow/tfjs';
import { cutAfterTokens, forEachExample, nearestCounterfactual, parseReplacementRules, scrambler, wordReplacer } from '../../src/explain/counterfactuals';
import { editSpans, wordSpans } from '../../src/explain/counterfactuals/text-spans';
import { CLASSES, expectedClass, TinyTextModel } from './fixtures/text-model';
import { argmax, expectClaimsHold } from './helpers';

describe('word replacer', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());

  test('parses multi-line rules with comma lists, skipping blanks and comments', () => {
    expect(parseReplacementRules('great -> terrible, awful\n\n# note\n good->bad')).toEqual([
      { from: 'great', to: ['terrible', 'awful'] },
      { from: 'good', to: ['bad'] },
    ]);
  });

  test.each(['great terrible', 'great -> ', ' -> bad', 'a -> b -> c'])('a rule that does not parse names it: %p', (rule) => {
    expect(() => parseReplacementRules(`good -> bad\n${rule}`)).toThrow(new RegExp(`line 2 does not parse: "${rule.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  });

  test('one output per applied substitution, whole-word only, predictions true and batched', async () => {
    const before = tf.memory().numTensors;
    const calls = model.predictCalls.length;
    const text = 'Great movie, great plot; greatness aside the acting was good';
    const r = await wordReplacer(model, { text }, { rules: 'great -> terrible, awful\ngood -> bad', ignoreCase: true });
    // 2 occurrences of great x 2 replacements + 1 of good x 1; "greatness" untouched.
    expect(r.examples.map((e) => e.example.text)).toEqual([
      'terrible movie, great plot; greatness aside the acting was good',
      'awful movie, great plot; greatness aside the acting was good',
      'Great movie, terrible plot; greatness aside the acting was good',
      'Great movie, awful plot; greatness aside the acting was good',
      'Great movie, great plot; greatness aside the acting was bad',
    ]);
    expect(r.examples[2].changed).toEqual({ fields: ['text'], tokens: [{ index: 2, from: 'great', to: 'terrible', field: 'text' }] });
    expect(r.calls).toBe(1);
    expect(model.predictCalls.length - calls).toBe(1);
    for (const cf of r.examples) expect(CLASSES[argmax(cf.prediction)]).toBe(expectedClass(cf.example.text as string));
    await expectClaimsHold(model, r);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('case-sensitive by default', async () => {
    const r = await wordReplacer(model, { text: 'Great movie, great plot' }, { rules: 'great -> bad' });
    expect(r.examples.map((e) => e.example.text)).toEqual(['Great movie, bad plot']);
  });

  test('no match gives an empty result with a reason and no model call', async () => {
    const r = await wordReplacer(model, { text: 'a boring film' }, { rules: 'great -> bad' });
    expect(r).toMatchObject({ examples: [], calls: 0 });
    expect(r.reason).toMatch(/no rule source word occurs/);
  });
});

describe('scrambler', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());
  const text = 'the movie was great but the ending was boring';

  test('same seed same scrambles; words kept, order changed; predictions true', async () => {
    const a = await scrambler(model, { text }, { seed: 7, count: 3 });
    const b = await scrambler(model, { text }, { seed: 7, count: 3 });
    const c = await scrambler(model, { text }, { seed: 8, count: 3 });
    expect(a.examples.map((e) => e.example.text)).toEqual(b.examples.map((e) => e.example.text));
    expect(a.examples.map((e) => e.example.text)).not.toEqual(c.examples.map((e) => e.example.text));
    expect(a.calls).toBe(1);
    for (const cf of a.examples) {
      const words = (cf.example.text as string).split(' ');
      expect(words.slice().sort()).toEqual(text.split(' ').sort());
      expect(cf.example.text).not.toBe(text);
      expect(cf.distance).toBe(cf.changed.tokens?.length);
      expect(cf.distance).toBe(words.filter((w, i) => w !== text.split(' ')[i]).length);
    }
    await expectClaimsHold(model, a);
  });

  test('one word cannot be scrambled: empty with reason', async () => {
    const r = await scrambler(model, { text: 'great great' });
    expect(r.examples).toEqual([]);
    expect(r.reason).toMatch(/fewer than two different words/);
  });

  test('a field that is not text is named', async () => {
    await expect(scrambler(model, { text: 3 })).rejects.toThrow(/field "text" of the example is not text/);
  });
});

describe('several examples', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());

  test('forEachExample keeps order and adds up the calls', async () => {
    const texts = ['the acting was superb', 'a boring film', 'great great'];
    const many = await forEachExample(texts.map((text) => ({ text })), (e) => scrambler(model, e, { seed: 3 }));
    expect(many.results.map((r) => r.examples.length)).toEqual([1, 1, 0]);
    expect(many.results[0].examples[0].example.text).not.toBe(texts[0]);
    expect(many.calls).toBe(many.results.reduce((a, r) => a + r.calls, 0));
    expect(many.calls).toBe(2);
  });
});

describe('text spans', () => {
  test('edits apply at the right places whatever order the spans are listed in', () => {
    const text = 'one two three four';
    const spans = wordSpans(text);
    const shuffledSpans = [spans[3], spans[0], spans[2]];
    expect(editSpans(text, shuffledSpans, new Map([[0, 'FOUR'], [1, 'ONE'], [2, '']]))).toBe('ONE two FOUR');
    expect(editSpans(text, spans, new Map([[1, 'deux']]))).toBe('one deux three four');
  });

  test('cutAfterTokens keeps the text up to the end of the n-th token', () => {
    expect(cutAfterTokens('a, b; c d', /[a-z]+/g, 2)).toBe('a, b');
    expect(cutAfterTokens('a b', /[a-z]+/g, 5)).toBe('a b');
  });
});

describe('nearest counterfactual for a text model', () => {
  const model = new TinyTextModel();
  afterAll(() => model.dispose());
  const data = ['the acting was great', 'the acting was bad', 'a boring film', 'the plot was good', 'the movie was awful', 'great music'].map((text) => ({ text }));

  test('closest text of the other class by word-set Jaccard distance, as brute force finds it', async () => {
    const example = { text: 'the acting was superb' };
    const r = await nearestCounterfactual(model, example, data, { count: 2 });
    const jaccard = (a: string, b: string): number => {
      const A = new Set(a.split(' '));
      const B = new Set(b.split(' '));
      const both = [...A].filter((w) => B.has(w)).length;
      return 1 - both / (A.size + B.size - both);
    };
    const expected = data.filter((d) => expectedClass(d.text) === 'negative')
      .map((d) => ({ text: d.text, d: jaccard(example.text, d.text) })).sort((a, b) => a.d - b.d).slice(0, 2);
    expect(r.examples.map((e) => e.example.text)).toEqual(expected.map((e) => e.text));
    r.examples.forEach((e, i) => expect(e.distance).toBeCloseTo(expected[i].d, 12));
    expect(r.examples[0].changed.fields).toEqual(['text']);
    await expectClaimsHold(model, r);
  });
});
