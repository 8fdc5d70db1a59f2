/**
 * The counterfactuals widget shows edits in the model's own words (issue 16 item 2): a
 * character model's substitutions as characters, a subword model's as whole words (pieces
 * grouped), the text between words as it is; a generator that repeats a text shows it once.
 */
import { modelWordSpans } from '../../src/explain/counterfactuals/text-spans';
import { fromRecords } from '../../src/model/dataset';
import { counterfactuals, diffWords } from '../../src/widgets/counterfactuals';
import { session } from '../../src/widgets/session';
import { characterModel, PieceTokenizer, PIECE_WORDS, subwordModel } from '../counterfactuals/fixtures/tokenizer-models';
import { startTestKernel, type TestKernel } from './session-test-kernel';

const marked = (segments: ReturnType<typeof diffWords>): string[] => segments.filter((g) => g.kind !== 'same').map((g) => `${g.kind}:${g.text}`);

let kernel: TestKernel;
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

test('diffWords with a character split marks the one character changed, with no space after a removal', () => {
  const chars = (t: string) => [...t].map((c, i) => ({ start: i, end: i + 1, text: c }));
  const d = diffWords('good food', 'g0od food', chars);
  expect(marked(d)).toEqual(['removed:o', 'added:0']);
  expect(d.filter((g) => g.kind !== 'removed').map((g) => g.text).join('')).toBe('g0od food');
  expect(marked(diffWords('good', 'god', chars))).toEqual(['removed:o']);
});

test('diffWords with a subword tokenizer\'s words: a word of several pieces is one word; punctuation words too', () => {
  const tok = new PieceTokenizer(PIECE_WORDS);
  const split = (t: string) => modelWordSpans(tok, t);
  const d = diffWords('Hello, worldwide!', 'Hello, wonderful!', split);
  expect(marked(d)).toEqual(['removed:worldwide', 'removed: ', 'added:wonderful']);
  expect(d.filter((g) => g.kind !== 'removed').map((g) => g.text).join('')).toBe('Hello, wonderful!');
});

test('the widget diffs a character model\'s results by character', async () => {
  const s = session({ models: { chars: characterModel() }, datasets: { data: fromRecords([{ text: 'good food' }]) } });
  const w = counterfactuals(s, { generator: 'word_replacer' });
  s.select(['0']);
  await kernel.custom(w.id, { method: 'run', params: { rules: 'o -> 0, 0' } });
  await w.settled();
  // "o -> 0, 0" writes each text twice: shown once each.
  expect(w.examples.map((e) => e.text)).toEqual(['g0od food', 'go0d food', 'good f0od', 'good fo0d']);
  expect(marked(w.state.results[0].segments)).toEqual(['removed:o', 'added:0']);
  w.close();
});

test('the widget diffs a subword model\'s results by whole word', async () => {
  const s = session({ models: { pieces: subwordModel() }, datasets: { data: fromRecords([{ text: 'the film was terrible!' }]) } });
  const w = counterfactuals(s, { generator: 'word_replacer' });
  s.select(['0']);
  await kernel.custom(w.id, { method: 'run', params: { rules: 'terrible -> wonderful' } });
  await w.settled();
  expect(w.examples.map((e) => e.text)).toEqual(['the film was wonderful!']);
  expect(marked(w.state.results[0].segments)).toEqual(['removed:terrible', 'removed: ', 'added:wonderful']);
  w.close();
});
