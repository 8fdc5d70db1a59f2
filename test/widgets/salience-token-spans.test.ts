/**
 * Where the salience widget says each token sits in the text (src/widgets/salience/token-spans.ts),
 * and the widget sending it: gradient labels (vocabulary entries, [CLS] included) and black-box
 * labels (the model's words) placed with the model's tokenizer, on a character model and a
 * subword model; labels found in the text without one; the static picture drawn on the text.
 */
import { integratedGradients, occlusionPredict } from '../../src/explain/salience';
import { staticPictureOf } from '../../src/core/static/pictures';
import { fromRecords } from '../../src/model/dataset';
import { salience } from '../../src/widgets/salience';
import { tokenSpansOf } from '../../src/widgets/salience/token-spans';
import { session } from '../../src/widgets/session';
import { characterModel, PieceTokenizer, PIECE_WORDS, subwordModel } from '../counterfactuals/fixtures/tokenizer-models';
import { startTestKernel, type TestKernel } from './session-test-kernel';

const triples = (flat: Int32Array): number[][] => Array.from({ length: flat.length / 3 }, (_, i) => Array.from(flat.slice(3 * i, 3 * i + 3)));

let kernel: TestKernel;
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

test('subword gradient labels: pieces at their spans with their word, the [CLS] at none', () => {
  const model = subwordModel();
  const text = 'Wonderful, big film';
  const ig = integratedGradients(model, { text });
  expect(ig.labels).toEqual(['[CLS]', 'won', '##der', '##ful', ',', 'big', 'fil', '##m']);
  expect(triples(tokenSpansOf(model.tokenizer?.(), text, ig.labels))).toEqual([
    [-1, -1, -1], [0, 3, 0], [3, 6, 0], [6, 9, 0], [9, 10, 1], [11, 14, 2], [15, 18, 3], [18, 19, 3],
  ]);
});

test('black-box labels are the model\'s words: each placed as one word', async () => {
  const model = subwordModel();
  const text = 'Wonderful, big film';
  const occ = await occlusionPredict(model, { text });
  expect(occ.labels).toEqual(['Wonderful', ',', 'big', 'film']);
  expect(triples(tokenSpansOf(model.tokenizer?.(), text, occ.labels))).toEqual([[0, 9, 0], [9, 10, 1], [11, 14, 2], [15, 19, 3]]);
});

test('character model: each character (spaces too) at its own offset; without a tokenizer, words found in the text', () => {
  const model = characterModel();
  const ig = integratedGradients(model, { text: 'go od' });
  expect(ig.labels).toEqual(['g', 'o', ' ', 'o', 'd']);
  expect(triples(tokenSpansOf(model.tokenizer?.(), 'go od', ig.labels))).toEqual([[0, 1, 0], [1, 2, 1], [2, 3, 2], [3, 4, 3], [4, 5, 4]]);
  expect(triples(tokenSpansOf(undefined, 'The film, the END', ['the', 'film', 'the', 'end']))).toEqual([[0, 3, 0], [4, 8, 1], [10, 13, 2], [14, 17, 3]]);
  // Labels the tokenizer cannot have made (not its tokens, not special entries): nothing placed.
  expect(tokenSpansOf(new PieceTokenizer(PIECE_WORDS), 'big film', ['#12', '#7'])).toHaveLength(0);
});

test('the widget sends the spans with the text they index into; the static picture draws the text as written, words grouped', async () => {
  const data = fromRecords([{ text: 'Wonderful, big film' }]);
  const s = session({ models: { pieces: subwordModel() }, datasets: { data } });
  const w = salience(s, { salienceMethod: 'grad_x_input' });
  s.select(['0']);
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(w.state.tokenText).toBe('Wonderful, big film');
  expect(w.state.tokenSpans).toBeInstanceOf(Int32Array);
  expect(triples(w.state.tokenSpans)[1]).toEqual([0, 3, 0]);
  const html = staticPictureOf('SalienceModel', (k) => (w.state as unknown as Record<string, unknown>)[k]) ?? '';
  const shown = html.replace(/<[^>]+>/g, '');
  expect(shown).toContain('[CLS]Wonderful, big film');
  // One span for the whole word "Wonderful", its title the sum of its three pieces.
  const scores = Array.from(w.state.scores);
  expect(html).toMatch(/<span title="[^"]* = won [^"]* \+ ##der [^"]* \+ ##ful [^"]*"[^>]*>Wonderful<\/span>/);
  expect(scores).toHaveLength(8);
  w.close();
});
