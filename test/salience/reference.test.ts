/**
 * Agreement with TensorFlow in Python on the same weights: gradients and integrated gradients
 * within 1e-4 relative. Values from scripts/reference/salience_reference.py (tf.GradientTape),
 * committed in test/fixtures/salience-{weights,reference}.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { gradientNorm, gradientTimesInput, integratedGradients } from '../../src/explain/salience';
import { gradientOf } from '../../src/explain/salience/gradients';
import { smallMlp, tabularExample, TextFixture } from './fixtures/models';
import { expectNoLeak } from './helpers';

interface DenseJson { kernel: number[][]; bias: number[] }
interface WeightsJson {
  vocab: string[];
  text: { maxLength: number; embedding: number[][]; dense1: DenseJson; dense2: DenseJson };
  mlp: { layers: DenseJson[] };
}
interface TextCase { text: string; ids: number[]; classIndex: number; gradient: number[]; gradNorm: number[]; gradXInput: number[]; ig: number[]; output: number; baselineOutput: number }
interface MlpCase { input: number[]; classIndex: number; gradient: number[]; ig: number[]; output: number; baselineOutput: number }
interface ReferenceJson { steps: number; rule: string; text: TextCase[]; mlp: MlpCase[] }

const fixtures = path.join(__dirname, '..', 'fixtures');
const weights = JSON.parse(fs.readFileSync(path.join(fixtures, 'salience-weights.json'), 'utf8')) as WeightsJson;
const reference = JSON.parse(fs.readFileSync(path.join(fixtures, 'salience-reference.json'), 'utf8')) as ReferenceJson;

const dense = (d: DenseJson): tf.Tensor[] => [tf.tensor2d(d.kernel), tf.tensor1d(d.bias)];

function loadText(): TextFixture {
  const m = new TextFixture({ vocab: weights.vocab, maxLength: weights.text.maxLength, dim: weights.text.embedding[0].length, hidden: weights.text.dense1.bias.length, classes: ['ham', 'spam'], seed: 1 });
  m.embedding.setWeights([tf.tensor2d(weights.text.embedding)]);
  m.dense1.setWeights(dense(weights.text.dense1));
  m.dense2.setWeights(dense(weights.text.dense2));
  return m;
}

function loadMlp(): ReturnType<typeof smallMlp> {
  const m = smallMlp(5, 3, 1);
  m.model.setWeights(weights.mlp.layers.flatMap(dense));
  return m;
}

/** Elementwise |a − e| ≤ 1e-4 · max(|e|, 1e-2 · max|e|): relative, with a floor for entries near zero. */
function expectRelClose(actual: ArrayLike<number>, expected: number[], label: string): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  let worst = 0;
  expected.forEach((e, i) => {
    const rel = Math.abs(actual[i] - e) / Math.max(Math.abs(e), 1e-2 * scale);
    worst = Math.max(worst, rel);
  });
  if (worst > 1e-4) throw new Error(`${label}: worst relative difference ${worst.toExponential(2)} > 1e-4`);
  return worst;
}

describe('agreement with TensorFlow (Python) on the same weights', () => {
  const text = loadText();
  const mlp = loadMlp();
  let worst = 0;
  afterAll(() => console.log(`worst relative difference vs TensorFlow: ${worst.toExponential(2)}`));

  it.each(reference.text.map((c) => [c.text, c.classIndex, c] as const))('text "%s" class %d', (_, cls, c) => {
    const target = { target: { classIndex: cls } };
    const ig = expectNoLeak(() => integratedGradients(text, { text: c.text }, { ...target, steps: reference.steps, rule: 'gauss-legendre', tolerance: 'off' }));
    const enc = text.encode({ text: c.text });
    expect(enc.tokenIds).toEqual(c.ids);
    const g = gradientOf(text, enc.input, { classIndex: cls });
    worst = Math.max(worst, expectRelClose(g.dataSync(), c.gradient, 'gradient'));
    g.dispose();
    enc.input.dispose();
    enc.baseline.dispose();
    worst = Math.max(worst, expectRelClose(ig.scores, c.ig, 'IG'));
    worst = Math.max(worst, expectRelClose(gradientNorm(text, { text: c.text }, target).scores, c.gradNorm, 'grad norm'));
    worst = Math.max(worst, expectRelClose(gradientTimesInput(text, { text: c.text }, target).scores, c.gradXInput, 'grad×input'));
    worst = Math.max(worst, expectRelClose([ig.output ?? NaN, ig.baselineOutput ?? NaN], [c.output, c.baselineOutput], 'F'));
  });

  it.each(reference.mlp.map((c) => [c.input.join(','), c.classIndex, c] as const))('mlp [%s] class %d', (_, cls, c) => {
    const ex = tabularExample(c.input);
    const ig = expectNoLeak(() => integratedGradients(mlp, ex, { target: { classIndex: cls }, baseline: 'zeros', steps: reference.steps, tolerance: 'off' }));
    const x = tf.tensor2d([c.input]);
    const g = gradientOf(mlp, x, { classIndex: cls });
    worst = Math.max(worst, expectRelClose(g.dataSync(), c.gradient, 'gradient'));
    g.dispose();
    x.dispose();
    worst = Math.max(worst, expectRelClose(ig.scores, c.ig, 'IG'));
    worst = Math.max(worst, expectRelClose([ig.output ?? NaN, ig.baselineOutput ?? NaN], [c.output, c.baselineOutput], 'F'));
  });
});
