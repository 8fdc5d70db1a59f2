/**
 * Gradients at the embedding of text models that are not embedding → pooling → dense (issue 16):
 * a masked bidirectional GRU with a residual (characters, right padding), a self-attention block
 * with residuals and layer norm (words, left padding), and a model with two inputs whose ids
 * come from the person's toTensor. For each: forward of the encoded example equals predict, IG's
 * completeness gap is under 1% of F(x) − F(baseline), every gradient method and HotFlip run,
 * and no tensor is left behind.
 */
import './helpers/env-backend';
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../src/core/spec';
import { isDifferentiable, type DifferentiableModel } from '../../src/model/adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import { LayersTextAdapter } from '../../src/model/adapters/layers-text-adapter';
import { characterTokenizer, wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { integratedGradients, gradientNorm, gradientTimesInput, smoothGrad, occlusion, lime } from '../../src/explain/salience';
import { ablationFlip, hotflip } from '../../src/explain/counterfactuals';
import { limePredict } from '../../src/explain/salience';
import type { ModelAdapter } from '../../src/model/adapter';
import { attentionBlock, CHARS, chars, idsOf, maskedBiGru, TEXTS, twoInputs, WORDS, words } from './helpers/any-text-models';

jest.setTimeout(120_000);

const inputSpec: Spec = { text: { kind: 'TextSegment' } };
const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const examples: Example[] = [{ text: 'the film was good' }, { text: 'awful plot' }, { text: 'very bad' }];

let bigru: tf.LayersModel;
let attention: tf.LayersModel;
let two: tf.LayersModel;
// Trains three small models; on the shared 2-core CI, beside the other suites, that took over 120 s.
beforeAll(async () => {
  [bigru, attention, two] = [await maskedBiGru(), await attentionBlock(), await twoInputs()];
}, 600_000);

function probas(model: tf.LayersModel, inputs: tf.Tensor | tf.Tensor[]): number[][] {
  const y = model.predict(inputs) as tf.Tensor;
  const out = y.arraySync() as number[][];
  tf.dispose([y, inputs]);
  return out;
}

/** The checks every model must pass; `direct(ex)` is the model's own predict on the example. */
async function checkAll(m: DifferentiableModel, direct: (ex: Example) => number[], tokens: (ex: Example) => string[]): Promise<void> {
  expect(isDifferentiable(m)).toBe(true);
  const before = tf.memory().numTensors;
  const preds = await m.predict(examples);
  let widest = 0;
  for (const [i, ex] of examples.entries()) {
    const want = direct(ex);
    (preds[i].probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(want[c], 5));
    const enc = m.encode(ex);
    expect(enc.labels).toEqual(tokens(ex));
    const y = (enc.forward as (x: tf.Tensor) => tf.Tensor)(enc.input);
    Array.from(y.dataSync()).forEach((v, c) => expect(v).toBeCloseTo(want[c], 5));
    tf.dispose([y, enc.input, enc.baseline]);
    const ig = integratedGradients(m, ex, { target: { classIndex: 1 } });
    const span = (ig.output as number) - (ig.baselineOutput as number);
    widest = Math.max(widest, Math.abs(span));
    // Completeness: sum of attributions = F(x) − F(baseline) within 1% (float32 floor 1e-5).
    expect(Math.abs(ig.delta as number)).toBeLessThan(Math.max(0.01 * Math.abs(span), 1e-5));
    expect(ig.labels).toEqual(tokens(ex));
    for (const r of [gradientNorm(m, ex), gradientTimesInput(m, ex), smoothGrad(m, ex, { samples: 8 }), occlusion(m, ex), lime(m, ex, { samples: 64 })]) {
      expect(r.scores).toHaveLength(tokens(ex).length);
      expect(Array.from(r.scores).every(Number.isFinite)).toBe(true);
      expect(Array.from(r.scores).some((s) => s !== 0)).toBe(true);
    }
  }
  expect(widest).toBeGreaterThan(0.3); // the 1% check was not vacuous: some example's F moved far from its baseline
  const flips = await hotflip(m, examples[0], { maxResults: 2 });
  expect(flips.examples.length + (flips.reason ? 1 : 0)).toBeGreaterThan(0);
  for (const cf of flips.examples) {
    const p = cf.prediction.probas as number[];
    const q = direct(cf.example);
    p.forEach((v, c) => expect(v).toBeCloseTo(q[c], 5));
    expect(p[1] < 0.5).not.toBe((preds[0].probas as number[])[1] < 0.5); // it flipped, by the model's own predict
  }
  expect(tf.memory().numTensors).toBe(before);
}

test('a character-level masked bidirectional GRU with a residual connection', async () => {
  const tokenizer = characterTokenizer({ vocabulary: CHARS, padId: 0, unknownId: 1 });
  const m = layersModelAdapter(bigru, { inputSpec, outputSpec, tokenizer }) as LayersTextAdapter;
  expect(m).toBeInstanceOf(LayersTextAdapter);
  expect(m.tokenizer?.()).toBe(tokenizer);
  await checkAll(m, (ex) => probas(bigru, tf.tensor2d([idsOf(ex.text as string, CHARS, chars, 24, 'right')], undefined, 'int32'))[0], (ex) => chars(ex.text as string));
  // forward without the example (stand-in ids) is exact here: the ids reach the model only through the embedding and its mask.
  const enc = m.encode(examples[1]);
  const y = m.forward(enc.input);
  const want = probas(bigru, tf.tensor2d([idsOf('awful plot', CHARS, chars, 24, 'right')], undefined, 'int32'))[0];
  Array.from(y.dataSync()).forEach((v, c) => expect(v).toBeCloseTo(want[c], 5));
  tf.dispose([y, enc.input, enc.baseline]);
});

test('a word-level self-attention block with residuals and layer norm, left padding', async () => {
  const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
  const m = layersModelAdapter(attention, { inputSpec, outputSpec, tokenizer, padding: 'left' }) as LayersTextAdapter;
  await checkAll(m, (ex) => probas(attention, tf.tensor2d([idsOf(ex.text as string, WORDS, words, 8, 'left')], undefined, 'int32'))[0], (ex) => words(ex.text as string));
});

test('two inputs (ids and a number) from the person\'s toTensor keep gradients; forward without the example says what it needs', async () => {
  const spec: Spec = { text: { kind: 'TextSegment' }, stars: { kind: 'Scalar' } };
  const toTensor = (batch: readonly Example[]): tf.Tensor[] => [
    tf.tensor2d(batch.map((ex) => idsOf(ex.text as string, WORDS, words, 6, 'right')), [batch.length, 6], 'int32'),
    tf.tensor2d(batch.map((ex) => [ex.stars as number]), [batch.length, 1]),
  ];
  const m = layersModelAdapter(two, { inputSpec: spec, outputSpec, toTensor, vocabulary: WORDS }) as LayersTextAdapter;
  examples.forEach((ex, i) => { ex.stars = [4, 1, 2][i]; });
  try {
    await checkAll(m, (ex) => probas(two, toTensor([ex]))[0], (ex) => words(ex.text as string));
    const enc = m.encode(examples[0]);
    expect(() => m.forward(enc.input)).toThrow(/forward of 'two-inputs' needs the example's other inputs; use encode\(example\)\.forward/);
    tf.dispose([enc.input, enc.baseline]);
    // The number is an input like the text: the same text with other stars predicts otherwise, and IG follows.
    const a = integratedGradients(m, { text: 'the film was good', stars: 5 });
    const b = integratedGradients(m, { text: 'the film was good', stars: 1 });
    expect(a.output).not.toBeCloseTo(b.output as number, 3);
  } finally {
    examples.forEach((ex) => { delete ex.stars; });
  }
});

test('bad set-ups are named: no such layer, no tokenizer, a vocabulary larger than the embedding, no tokens', async () => {
  const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1 });
  expect(() => layersModelAdapter(attention, { inputSpec, outputSpec, tokenizer, embeddingLayer: 'nope' })).toThrow(/has no layer named 'nope' \(its layers: words, word_embedding, /);
  expect(() => layersModelAdapter(attention, { inputSpec, outputSpec })).toThrow(/model 'attention-block': give its tokenizer \(or toTensor\(examples\) building the model's inputs\)/);
  const big = wordTokenizer({ vocabulary: [...WORDS, 'extra', 'words'], padId: 0, unknownId: 1 });
  expect(() => layersModelAdapter(attention, { inputSpec, outputSpec, tokenizer: big })).toThrow(/the tokenizer's vocabulary has 16 entries but embedding layer 'word_embedding' has 14 rows/);
  expect(() => (layersModelAdapter(attention, { inputSpec, outputSpec, tokenizer, embeddingLayer: 'query' }) as LayersTextAdapter).embeddingTable()).toThrow(/layer 'query' is a Dense, not an Embedding; token substitution \(HotFlip\) needs an embedding table/);
  const m = layersModelAdapter(attention, { inputSpec, outputSpec, tokenizer, padding: 'left' }) as LayersTextAdapter;
  expect(() => m.encode({ text: '!!!' })).toThrow(/field 'text': the text has no tokens/);
  expect(TEXTS.length).toBeGreaterThan(0);
});

test('the model\'s tokenizer everywhere: black-box players, ablation flip and HotFlip on the character model work in characters', async () => {
  const tokenizer = characterTokenizer({ vocabulary: CHARS, padId: 0, unknownId: 1 });
  const m = layersModelAdapter(bigru, { inputSpec, outputSpec, tokenizer }) as LayersTextAdapter;
  const seen: string[] = [];
  const blackBox: ModelAdapter = {
    name: 'char-gru (predict only)', inputSpec: () => inputSpec, outputSpec: () => outputSpec, tokenizer: () => tokenizer,
    predict: (rows) => { seen.push(...rows.map((r) => r.text as string)); return m.predict(rows); },
  };
  const lime = await limePredict(blackBox, { text: 'awful plot' }, { samples: 64 });
  expect(lime.labels).toEqual(Array.from('awful plot'));
  // Every perturbed text is the original with some characters cut (a subsequence), spaces kept as characters.
  const isSubsequence = (t: string, of: string): boolean => { let j = 0; for (const c of of) if (c === t[j]) j++; return j === t.length; };
  expect(seen.every((t) => isSubsequence(t, 'awful plot'))).toBe(true);
  expect(seen.some((t) => t.length === 'awful plot'.length - 1)).toBe(true);

  const abl = await ablationFlip(m, { text: 'very bad' });
  const texts = abl.examples.map((cf) => cf.example.text as string);
  expect(new Set(texts).size).toBe(texts.length); // no duplicate counterfactuals
  for (const cf of abl.examples) {
    expect(isSubsequence(cf.example.text as string, 'very bad')).toBe(true);
    expect((cf.changed.tokens ?? []).every((t) => t.from.length === 1)).toBe(true);
  }

  const flips = await hotflip(m, { text: 'the film was good' }, { maxResults: 3 });
  expect(flips.reason ?? '').not.toMatch(/no token/i);
  expect(abl.examples.length).toBeGreaterThan(0);
  expect(flips.examples.length).toBeGreaterThan(0);
  for (const cf of flips.examples) expect((cf.example.text as string).length).toBe('the film was good'.length); // characters substituted in place
});
