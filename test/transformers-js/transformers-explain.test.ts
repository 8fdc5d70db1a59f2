/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * What runs on the transformers.js tiny BERT (no gradients): LIME, Kernel SHAP and occlusion
 * by those names, ablation flip and the word replacer, metrics by slice and thresholds over its
 * held-out predictions; partial dependence and gradient methods refuse, naming why.
 */
import * as tf from '@tensorflow/tfjs';
import { transformersModel, type TransformersTextModel } from '../../src/model/transformers-js';
import { lime, kernelShap, occlusion, gradientNorm } from '../../src/explain/salience';
import { ablationFlip, wordReplacer } from '../../src/explain/counterfactuals';
import { optimalThreshold } from '../../src/explain/thresholds';
import { partialDependence } from '../../src/explain/partial-dependence';
import { metricsBySlice } from '../../src/core/metrics/bySlice';
import { computeSalience } from '../../src/widgets/salience/compute';
import { wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { MODEL_DIR, heldOut } from './tiny-bert';

let model: TransformersTextModel;
let baseline: number;
beforeAll(async () => {
  baseline = tf.memory().numTensors;
  // No tokenizer: the whitespace fallback (the default, hfTokenizer, is tested in hf-tokenizer-players.test.ts).
  model = await transformersModel(MODEL_DIR, { tokenizer: null });
});
afterAll(async () => { await model.dispose(); });
afterEach(() => expect(tf.memory().numTensors).toBe(baseline));

/** A short held-out spam: its words are few enough for exact black-box checks. */
function shortSpam(): { text: string } {
  const row = heldOut().find((r) => r.label === 'spam' && (r.text as string).split(' ').length <= 14 && (r.text as string).split(' ').length >= 6);
  if (row === undefined) throw new Error('no short held-out spam');
  return { text: row.text as string };
}

/**
 * What the black-box methods split the text into when the model is given no tokenizer
 * (`tokenizer: null`): its whitespace-separated words (the last test shows a given tokenizer is
 * the one used).
 */
function players(text: string): Array<{ start: number; end: number }> {
  expect(model.tokenizer).toBeUndefined();
  return [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

test('lime, kernelShap and occlusion by those names give a score per token span, checked against predictions', async () => {
  const x = shortSpam();
  const spans = players(x.text);
  const labels = spans.map((s) => x.text.slice(s.start, s.end));
  const l = await lime(model, x, { samples: 200, seed: 3 });
  expect(l.labels).toEqual(labels);
  expect(l.scores).toHaveLength(labels.length);
  const s = await kernelShap(model, x, { samples: 200, seed: 3 });
  expect(s.labels).toEqual(labels);
  const c = s.target.classIndex!;
  // Efficiency: the scores sum to F(x) − F(no tokens) of the explained class.
  const [fx, empty] = await model.predict([x, { text: '' }]);
  const sum = Array.from(s.scores).reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo((fx.probas as number[])[c] - (empty.probas as number[])[c], 3);
  const o = await occlusion(model, x);
  expect(o.labels).toEqual(labels);
  // Occlusion of the top player is F(x) − F(x without it).
  const top = Array.from(o.scores).indexOf(Math.max(...o.scores));
  const t = spans[top];
  const without = (await model.predict([{ text: x.text.slice(0, t.start) + x.text.slice(t.end) }]))[0].probas as number[];
  expect(Math.max(...o.scores)).toBeCloseTo((fx.probas as number[])[c] - without[c], 4);
});

test('ablation flip finds removals whose predictions flip; the word replacer edits and predicts', async () => {
  const x = shortSpam();
  // Held-out row 916, 'Do you Remember Me?': spam at 0.977; removing one or two words flips it.
  const remember = { text: heldOut()[916].text as string };
  expect(remember.text.startsWith('Do you Remember Me?')).toBe(true);
  const before = ((await model.predict([remember]))[0].probas as number[])[1];
  expect(before).toBeGreaterThan(0.5);
  const flip = await ablationFlip(model, remember, { maxRemovals: 2 });
  expect(flip.examples.length).toBeGreaterThan(0);
  for (const cf of flip.examples) {
    expect(((cf.prediction.probas as number[])[1] >= 0.5)).not.toBe(before >= 0.5);
    expect(cf.prediction).toEqual((await model.predict([cf.example]))[0]);
  }
  const word = x.text.split(' ')[0];
  const replaced = await wordReplacer(model, x, { rules: `${word} -> meeting` });
  expect(replaced.examples).toHaveLength(1);
  expect(replaced.examples[0].example.text).toContain('meeting');
  expect(replaced.examples[0].prediction).toEqual((await model.predict([replaced.examples[0].example]))[0]);
});

test('metrics by slice and thresholds over the held-out predictions', async () => {
  const rows = heldOut();
  const preds = await model.predict(rows.map((r) => ({ text: r.text })));
  const probs = Float64Array.from(preds.flatMap((p) => p.probas as number[]));
  const labels = Int32Array.from(rows, (r) => (r.label === 'spam' ? 1 : 0));
  const hard = Uint32Array.from(rows.flatMap((r, i) => (String(r.id).startsWith('hard-ham') ? [i] : [])));
  const all = Uint32Array.from(rows, (_, i) => i);
  const m = metricsBySlice({ all, hard }, { kind: 'classification', labels, probs, numClasses: 2 }, ['accuracy', 'rocAuc']);
  expect(m.all.count).toBe(rows.length);
  expect(m.hard.count).toBe(hard.length);
  // Accuracy recounted directly.
  const right = rows.filter((_, i) => (probs[2 * i + 1] >= probs[2 * i] ? 1 : 0) === labels[i]).length;
  expect(m.all.accuracy).toBeCloseTo(right / rows.length, 12);
  expect(m.all.rocAuc).toBeGreaterThan(0.95);
  const scores = Float64Array.from(preds, (p) => (p.probas as number[])[1]);
  const cheapFp = optimalThreshold({ scores, labels, costRatio: 0.1 });
  const dearFp = optimalThreshold({ scores, labels, costRatio: 10 });
  expect(dearFp.threshold).toBeGreaterThanOrEqual(cheapFp.threshold);
});

test('partial dependence and gradient methods refuse, saying why and what works', async () => {
  const x = shortSpam();
  await expect(partialDependence(model, [x], { feature: 'text', grid: ['a'] })).rejects.toThrow(/feature 'text' is TextSegment; only Scalar and CategoryLabel/);
  expect(() => gradientNorm(model, x)).toThrow(/'tiny-bert-spam' only has predict\(\)\. lime\(model, example\), kernelShap.*occlusion/);
  await expect(computeSalience(model, x, { salienceMethod: 'integrated_gradients', methodValues: {}, steps: 8, rule: 'left', samples: 8, noise: 0.1, target: 'predicted' }, new AbortController().signal, () => []))
    .rejects.toThrow(/integrated_gradients needs gradients, and model 'tiny-bert-spam' gives none \(use LIME, Kernel SHAP or occlusion\)/);
  expect(model.gradientsUnavailable).toMatch(/'gradients' callback .*withTokenGradients.* lime, kernelShap and occlusion work/);
});

test('a tokenizer built from the folder\'s tokenizer.json is the one black-box salience splits with', async () => {
  let seen: Record<string, unknown> | undefined;
  const withWords = await transformersModel(MODEL_DIR, {
    tokenizer: (json) => {
      seen = json;
      // The whole-word entries of the WordPiece vocabulary, index = id.
      const vocab = (json.model as { vocab: Record<string, number> }).vocab;
      const vocabulary: string[] = [];
      for (const [piece, id] of Object.entries(vocab)) vocabulary[id] = piece;
      return wordTokenizer({ vocabulary, padId: vocab['[PAD]'], unknownId: vocab['[UNK]'] });
    },
  });
  try {
    expect((seen?.model as { type?: string }).type).toBe('WordPiece');
    const x = shortSpam();
    const tokens = withWords.tokenizer!().tokenize(x.text);
    const o = await occlusion(withWords, x);
    expect(o.labels).toEqual(tokens.map((t) => x.text.slice(t.start, t.end)));
  } finally {
    await withWords.dispose();
  }
});
