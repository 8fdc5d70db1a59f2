/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * What runs on an ONNX model (no gradients): LIME, Kernel SHAP and occlusion by those names, on
 * the model's own tokens; ablation flip and the word replacer; thresholds over its held-out
 * scores. Gradient methods and HotFlip refuse, naming what works.
 */
import * as tf from '@tensorflow/tfjs';
import { onnxModel, type OnnxModel } from '../../src/model/onnx';
import { lime, kernelShap, occlusion, gradientNorm, integratedGradients } from '../../src/explain/salience';
import { ablationFlip, hotflip, wordReplacer } from '../../src/explain/counterfactuals';
import { optimalThreshold } from '../../src/explain/thresholds';
import { computeSalience } from '../../src/widgets/salience/compute';
import { MODEL_PATH, heldOut, references } from './spam-onnx';

let model: OnnxModel;
beforeAll(async () => { model = await onnxModel(MODEL_PATH); });
afterAll(async () => { await model.release(); });

/** 'Grow Up And Be A Man!… Click Here …': 11 tokens, spam at 0.9996 by PyTorch. */
const shortSpam = () => ({ text: references()[15].text });

test('lime, kernelShap and occlusion explain the model\'s own tokens', async () => {
  const x = shortSpam();
  const before = tf.memory().numTensors;
  const tokens = model.tokenizer().tokenize(x.text).map((t) => x.text.slice(t.start, t.end));
  const l = await lime(model, x, { samples: 256, seed: 3 });
  expect(l.labels).toEqual(tokens);
  expect(l.target.classIndex).toBe(1); // the predicted class: spam
  const s = await kernelShap(model, x, { samples: 256, seed: 3 });
  expect(s.labels).toEqual(tokens);
  // Efficiency: the scores sum to F(x) − F(no tokens) of the explained class.
  const [fx, empty] = await model.predict([x, { text: '' }]);
  const sum = Array.from(s.scores).reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo((fx.probas as number[])[1] - (empty.probas as number[])[1], 3);
  const o = await occlusion(model, x);
  expect(o.labels).toEqual(tokens);
  // Occlusion of token i is F(x) − F(x without it): check one against a direct prediction.
  const t = model.tokenizer().tokenize(x.text)[Array.from(o.scores).indexOf(Math.max(...o.scores))];
  const without = (await model.predict([{ text: x.text.slice(0, t.start) + x.text.slice(t.end) }]))[0].probas as number[];
  expect(Math.max(...o.scores)).toBeCloseTo((fx.probas as number[])[1] - without[1], 5);
  expect(tf.memory().numTensors).toBe(before);
});

test('ablation flip finds removals that flip a short spam; the word replacer edits and predicts', async () => {
  const x = shortSpam();
  // Held-out row 850, 'Play a Hilarious Phone Prank Wind up your mates today! …': 16 tokens, spam at 0.9987.
  const flip = await ablationFlip(model, { text: heldOut()[850].text }, { maxRemovals: 2 });
  expect(flip.examples.length).toBeGreaterThan(0);
  for (const cf of flip.examples) expect((cf.prediction.probas as number[])[1]).toBeLessThan(0.5);
  const replaced = await wordReplacer(model, x, { rules: 'Click -> Read' });
  expect(replaced.examples).toHaveLength(1);
  expect(replaced.examples[0].example.text).toContain('Read Here');
  expect(replaced.examples[0].prediction).toEqual((await model.predict([replaced.examples[0].example]))[0]);
});

test('gradient methods and HotFlip refuse, naming what works', async () => {
  const x = shortSpam();
  expect(() => gradientNorm(model, x)).toThrow(/'spam-onnx' only has predict\(\)\. lime\(model, example\), kernelShap\(model, example\) and occlusion\(model, example\) work/);
  expect(() => integratedGradients(model, x)).toThrow(/spam-onnx/);
  await expect(hotflip(model, x)).rejects.toThrow(/HotFlip needs gradients: model "spam-onnx"/);
  await expect(computeSalience(model, x, { salienceMethod: 'grad_norm', methodValues: {}, steps: 8, rule: 'left', samples: 8, noise: 0.1, target: 'predicted' }, new AbortController().signal, () => []))
    .rejects.toThrow(/grad_norm needs gradients, and model 'spam-onnx' gives none \(use LIME, Kernel SHAP or occlusion\)/);
  expect(model.gradientsUnavailable).toMatch(/withTokenGradients\(model, \{ embed, gradients \}\) .* enables gradient methods\. lime, kernelShap and occlusion work/);
});

test('thresholds: the cost-optimal threshold over the held-out spam scores', async () => {
  const rows = heldOut();
  const preds = await model.predict(rows);
  const scores = Float64Array.from(preds, (p) => (p.probas as number[])[1]);
  const labels = Int32Array.from(rows, (r) => (r.label === 'spam' ? 1 : 0));
  const cheapFp = optimalThreshold({ scores, labels, costRatio: 0.1 });
  const dearFp = optimalThreshold({ scores, labels, costRatio: 10 });
  expect(dearFp.threshold).toBeGreaterThanOrEqual(cheapFp.threshold);
  // The choice is the grid point with the least cost: recount its errors directly.
  const errs = (t: number) => rows.reduce((n, _, i) => n + ((scores[i] >= t) !== (labels[i] === 1) ? 1 : 0), 0);
  expect(errs(optimalThreshold({ scores, labels }).threshold)).toBeLessThanOrEqual(errs(0.5));
});
