/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * The transformers.js tiny BERT with its default tokenizer, hfTokenizer over its tokenizer.json:
 * the ids hfTokenizer gives are the ones the model is fed, and the players of occlusion and LIME
 * and the words of the word replacer are the model's words, made of its WordPiece pieces, with
 * spans in the original (not lowercased) text. HotFlip refuses: ONNX Runtime gives no gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { transformersModel, type TransformersTextModel } from '../../src/model/transformers-js';
import type { LoadedPipeline } from '../../src/model/transformers-js/load-local';
import { encodeFramed, frameOf } from '../../src/model/transformers-js/feeds';
import { lime, occlusion } from '../../src/explain/salience';
import { hotflip, wordReplacer } from '../../src/explain/counterfactuals';
import { editSpans, modelWordSpans } from '../../src/explain/counterfactuals/text-spans';
import type { Tokenizer } from '../../src/model/tokenizer';
import { MODEL_DIR, heldOut } from './tiny-bert';

let model: TransformersTextModel;
let tokenizer: Tokenizer;
let baseline: number;
beforeAll(async () => {
  baseline = tf.memory().numTensors;
  model = await transformersModel(MODEL_DIR);
  tokenizer = model.tokenizer!();
});
afterAll(async () => { await model.dispose(); });
afterEach(() => expect(tf.memory().numTensors).toBe(baseline));

/** Held-out row 916, 'Do you Remember Me?': `Remember` is read as `rem` `##ember`. */
const remember = (): { text: string } => ({ text: heldOut()[916].text as string });

test('by default the model\'s tokenizer is hfTokenizer over its tokenizer.json, giving the ids the model is fed', () => {
  expect(tokenizer.kind).toBe('subword');
  // What predictBatch feeds ONNX Runtime: transformers.js's own tokenizer, framed (feeds.ts).
  const own = (model as unknown as { loaded: LoadedPipeline }).loaded.tokenizer;
  const frame = frameOf(own);
  const rows = heldOut();
  let differ = 0;
  for (const r of rows) {
    if (JSON.stringify(tokenizer.encodeIds(r.text as string, model.maxLength)) !== JSON.stringify(encodeFramed(own, frame, r.text as string, model.maxLength))) differ++;
  }
  expect([rows.length, differ]).toEqual([1177, 0]);
});

test('occlusion and LIME players are words made of subword pieces, spans in the original text', async () => {
  const x = remember();
  const tokens = tokenizer.tokenize(x.text);
  expect(tokens.slice(0, 6).map((t) => [t.token, t.word, x.text.slice(t.start, t.end)])).toEqual([
    ['do', 0, 'Do'], ['you', 1, 'you'], ['rem', 2, 'Rem'], ['##ember', 2, 'ember'], ['me', 3, 'Me'], ['?', 4, '?'],
  ]);
  const words = modelWordSpans(tokenizer, x.text);
  expect(words.length).toBeLessThan(tokens.length);
  const o = await occlusion(model, x);
  expect(o.labels).toEqual(words.map((w) => w.text));
  expect(o.labels.slice(0, 5)).toEqual(['Do', 'you', 'Remember', 'Me', '?']);
  // Occluding `Remember` cuts both its pieces: F(x) − F(x without the word), with the spaces tidied.
  const c = o.target.classIndex!;
  const [fx, without] = await model.predict([x, { text: editSpans(x.text, words, new Map([[2, '']])) }]);
  expect(editSpans(x.text, words, new Map([[2, '']])).startsWith('Do you Me?')).toBe(true);
  expect(o.scores[2]).toBeCloseTo((fx.probas as number[])[c] - (without.probas as number[])[c], 5);
  const l = await lime(model, x, { samples: 128, seed: 1 });
  expect(l.labels).toEqual(o.labels);
  expect(Array.from(l.scores).every(Number.isFinite)).toBe(true);
});

test('the word replacer matches the model\'s whole words; HotFlip refuses, naming what would enable it', async () => {
  const x = remember();
  const replaced = await wordReplacer(model, x, { rules: 'Remember -> recall' });
  expect(replaced.examples).toHaveLength(1);
  expect(replaced.examples[0].example.text).toBe(x.text.replace('Remember', 'recall'));
  expect(replaced.examples[0].prediction).toEqual((await model.predict([replaced.examples[0].example]))[0]);
  // `ember` is a piece of a word, not a word: no rule matches inside `Remember`.
  expect((await wordReplacer(model, x, { rules: 'ember -> x' })).examples).toHaveLength(0);
  await expect(hotflip(model, x)).rejects.toThrow(/HotFlip needs gradients: model "tiny-bert-spam" has no encode\(\)\/forward\(\); wrap a predict-only text model with withTokenGradients/);
});
