/**
 * HotFlip on a subword model writes pieces of the right kind at each position (issue 16 item 2):
 * a continuation (`##der`) only inside a word, a word-start piece (`won`) only where a word
 * starts, each as the tokenizer's surface text. So the model reads every counterfactual as
 * exactly the pieces HotFlip proposed: the input's ids with the flipped positions changed to the
 * inserted entries. Before, only word-start entries were allowed anywhere, and one written
 * inside "terrible" ("terwonle") was read by the model as other pieces than the ones ranked.
 */
import * as tf from '@tensorflow/tfjs';
import { hotflip } from '../../src/explain/counterfactuals';
import { PieceTokenizer, PIECE_WORDS, positive, subwordModel } from './fixtures/tokenizer-models';

const tokenizer = new PieceTokenizer(PIECE_WORDS);
/** The ids the model reads: [CLS] first, as HotFlip's token indices count them. */
const ids = (text: string): number[] => tokenizer.encodeIds(text);

describe('HotFlip on a subword tokenizer', () => {
  test('"the film was terrible" flips to positive through whole-word-consistent pieces', async () => {
    const model = subwordModel();
    const input = 'the film was terrible';
    const before = tf.memory().numTensors;
    const r = await hotflip(model, { text: input }, { maxFlips: 3, precheck: false, maxResults: 20 });
    expect(r.reason).toBeUndefined();
    expect(r.examples.length).toBeGreaterThan(0);
    const vocab = tokenizer.vocabulary();
    for (const e of r.examples) {
      const text = e.example.text as string;
      // Same pieces as the input except at the flipped positions, which hold what HotFlip says it wrote.
      const expected = ids(input);
      for (const t of e.changed.tokens ?? []) expected[t.index] = vocab.indexOf(t.to);
      expect(ids(text)).toEqual(expected);
      for (const t of e.changed.tokens ?? []) expect(vocab.indexOf(t.to)).toBeGreaterThan(2);
    }
    // Every counterfactual re-predicts positive, as claimed.
    for (const p of await positive(model, r.examples.map((e) => e.example.text as string))) expect(p).toBeGreaterThan(0.5);
    // Two of the three pieces of "terrible" (−1 each) turned into +1 pieces are enough: "ter" → "won" at the word start, "##rib" → "##der" inside it.
    expect(r.examples.map((e) => e.example.text)).toContain('the film was wonderle');
    expect(tf.memory().numTensors).toBe(before);
  });

  test('an inside-word position is never given a word-start piece, nor a word start a continuation', async () => {
    const r = await hotflip(subwordModel(), { text: 'terrible film' }, { maxFlips: 2, precheck: false, maxResults: 20 });
    // Token index i + 1 (after [CLS]) starts a word when the piece before it is of another word.
    const starts = new Set(tokenizer.tokenize('terrible film').map((t, i, all) => (i === 0 || all[i - 1].word !== t.word ? i + 1 : -1)));
    expect(r.examples.length).toBeGreaterThan(0);
    for (const e of r.examples) {
      for (const t of e.changed.tokens ?? []) expect(t.to.startsWith('##')).toBe(!starts.has(t.index));
    }
  });
});
