/**
 * Every text generator splits text as the model does (issue 16 item 2): a character model gets
 * character edits, a subword model whole words as its tokenizer groups the pieces; each edit
 * replaces exactly the characters of its span (the rest of the text stays as it was); texts equal
 * to another counterfactual or to the input are dropped; explicit token patterns still rule.
 */
import * as tf from '@tensorflow/tfjs';
import { ablationFlip, hotflip, nearestCounterfactual, scrambler, wordReplacer } from '../../src/explain/counterfactuals';
import type { CounterfactualResult } from '../../src/explain/counterfactuals';
import { characterModel, PieceTokenizer, PIECE_WORDS, positive, subwordModel } from './fixtures/tokenizer-models';
import { expectClaimsHold } from './helpers';

const texts = (r: CounterfactualResult): string[] => r.examples.map((e) => e.example.text as string);
const sortedChars = (s: string): string => [...s].sort().join('');

function expectDistinct(r: CounterfactualResult, input: string): void {
  const t = texts(r);
  expect(new Set(t).size).toBe(t.length);
  expect(t).not.toContain(input);
}

describe('the fixtures decide as their comments say', () => {
  test('character model: two o or more is positive; subword model: piece values summed', async () => {
    const chars = await positive(characterModel(), ['good', 'god', 'bad', 'oo']);
    expect(chars.map((p) => p > 0.5)).toEqual([true, false, false, true]);
    const pieces = await positive(subwordModel(), ['wonderful film', 'terrible film', 'hello']);
    expect(pieces.map((p) => p > 0.5)).toEqual([true, false, false]);
    const tok = new PieceTokenizer(PIECE_WORDS);
    expect(tok.tokenize('Hello, worldwide!').map((t) => [t.token, t.start, t.end, t.word])).toEqual([
      ['hel', 0, 3, 0], ['##lo', 3, 5, 0], [',', 5, 6, 1], ['wor', 7, 10, 2], ['##ldw', 10, 13, 2], ['##ide', 13, 16, 2], ['!', 16, 17, 3],
    ]);
  });
});

describe('word replacer', () => {
  test('character model: a rule edits characters, one output per occurrence, nothing else moves', async () => {
    const model = characterModel();
    const before = tf.memory().numTensors;
    const r = await wordReplacer(model, { text: 'good food' }, { rules: 'o -> 0' });
    expect(texts(r)).toEqual(['g0od food', 'go0d food', 'good f0od', 'good fo0d']);
    expect(r.examples.map((e) => e.changed.tokens?.[0].index)).toEqual([1, 2, 6, 7]);
    // Every character boundary is a word boundary of a character model: "goo" matches inside "good".
    expect(texts(await wordReplacer(model, { text: 'good' }, { rules: 'goo -> ba' }))).toEqual(['bad']);
    await expectClaimsHold(model, r);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('duplicates are dropped: the same rule twice, and a rule that writes back what was there', async () => {
    const model = characterModel();
    const r = await wordReplacer(model, { text: 'good food' }, { rules: 'o -> 0\no -> 0, o\nd -> d' });
    expect(texts(r)).toEqual(['g0od food', 'go0d food', 'good f0od', 'good fo0d']);
    expectDistinct(r, 'good food');
    const none = await wordReplacer(model, { text: 'good' }, { rules: 'd -> d' });
    expect(none).toMatchObject({ examples: [], calls: 0 });
    expect(none.reason).toMatch(/every substitution leaves the text as it was/);
  });

  test('subword model: rules match whole words as the tokenizer groups pieces, never a piece or part of one', async () => {
    const model = subwordModel();
    const text = 'Hello, worldwide! hello';
    const r = await wordReplacer(model, { text }, { rules: 'hello -> goodbye\nlo -> X\nworld -> X\nldw -> X', ignoreCase: true });
    expect(texts(r)).toEqual(['goodbye, worldwide! hello', 'Hello, worldwide! goodbye']);
    // The index is the word's among the model's words: Hello , worldwide ! hello.
    expect(r.examples.map((e) => e.changed.tokens?.[0])).toEqual([
      { index: 0, from: 'Hello', to: 'goodbye', field: 'text' },
      { index: 4, from: 'hello', to: 'goodbye', field: 'text' },
    ]);
    // Punctuation is a word of this tokenizer: a rule on several words matches across them.
    expect(texts(await wordReplacer(model, { text }, { rules: 'worldwide! -> earth.' }))).toEqual(['Hello, earth. hello']);
    await expectClaimsHold(model, r);
  });

  test('an explicit tokenPattern replaces the tokenizer\'s words', async () => {
    const model = subwordModel();
    const r = await wordReplacer(model, { text: 'hello worldwide' }, { rules: 'l -> L', tokenPattern: /\p{L}/u });
    expect(texts(r)).toEqual(['heLlo worldwide', 'helLo worldwide', 'hello worLdwide']);
  });
});

describe('scrambler', () => {
  test('character model: characters shuffled in place, every scramble distinct and not the input', async () => {
    const model = characterModel();
    const text = 'good dog!';
    const r = await scrambler(model, { text }, { seed: 3, count: 5 });
    expect(r.examples).toHaveLength(5);
    expectDistinct(r, text);
    for (const t of texts(r)) {
      expect(t).toHaveLength(text.length);
      expect(sortedChars(t)).toBe(sortedChars(text));
    }
    for (const cf of r.examples) {
      expect(cf.distance).toBe([...(cf.example.text as string)].filter((c, i) => c !== text[i]).length);
    }
    await expectClaimsHold(model, r);
  });

  test('when fewer distinct scrambles exist than asked, those come back once each, with the reason', async () => {
    const r = await scrambler(characterModel(), { text: 'ab' }, { seed: 1, count: 3 });
    expect(texts(r)).toEqual(['ba']);
    expect(r.reason).toMatch(/only 1 distinct scramble\(s\) found in 30 draws/);
  });

  test('subword model: words move whole (pieces kept together), punctuation and spacing stay where they were', async () => {
    const model = subwordModel();
    const text = 'hello,  wonderful film';
    const r = await scrambler(model, { text }, { seed: 2, count: 4 });
    expectDistinct(r, text);
    expect(r.examples.length).toBeGreaterThan(0);
    const words = (t: string): string[] => t.match(/\p{L}+|[^\s\p{L}]/gu) ?? [];
    for (const t of texts(r)) {
      expect(words(t).slice().sort()).toEqual(words(text).slice().sort());
      // The characters between words (here two spaces, one space and none) are the input's.
      expect(t.replace(/\p{L}+|[^\s\p{L}]/gu, '_')).toBe('__  _ _');
    }
  });

  test('without a tokenizer, words are runs of non-space characters and the spacing is kept', async () => {
    const { TinyTextModel } = await import('./fixtures/text-model');
    const model = new TinyTextModel();
    const r = await scrambler(model, { text: 'the  movie\twas great' }, { seed: 4 });
    expect(texts(r)[0].replace(/\S+/g, '_')).toBe('_  _\t_ _');
    model.dispose();
  });
});

describe('ablation flip, HotFlip and nearest drop repeated texts', () => {
  test('ablation flip on "good": removing either o leaves "god", returned once', async () => {
    const model = characterModel();
    const r = await ablationFlip(model, { text: 'good' });
    expect(texts(r)).toEqual(['god']);
    expect(r.examples[0].changed.tokens).toEqual([{ index: 1, from: 'o', to: '', field: 'text' }]);
  });

  test('HotFlip on a character model substitutes characters; every text distinct and not the input', async () => {
    const model = characterModel();
    const before = tf.memory().numTensors;
    const r = await hotflip(model, { text: 'good' }, { maxFlips: 1, precheck: false, maxResults: 10 });
    expect(r.examples.length).toBeGreaterThan(0);
    expectDistinct(r, 'good');
    for (const t of texts(r)) {
      expect(t).toHaveLength(4);
      expect([...t].filter((c, i) => c !== 'good'[i])).toHaveLength(1);
    }
    // Each leaves one o: the model's own predict says negative.
    for (const p of await positive(model, texts(r))) expect(p).toBeLessThan(0.5);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('nearest: rows repeating a closer row\'s text or the input\'s are left out', async () => {
    const model = characterModel();
    const data = [{ text: 'gxd' }, { text: 'good' }, { text: 'god' }, { text: 'god' }, { text: 'gxd' }];
    const r = await nearestCounterfactual(model, { text: 'good' }, data, { count: 5 });
    expect(texts(r).sort()).toEqual(['god', 'gxd']);
  });
});
