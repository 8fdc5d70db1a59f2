/**
 * TCAV on models trained here with a fixed seed: one trained to use a synthetic feature `s`
 * (the planted concept "high s" must score near 1 for the positive class, significantly),
 * one that never sees `s` (the same concept must not be significant). Plus the layer hook's
 * gradients against finite differences on a functional model with a residual connection,
 * tensor disposal and bad input.
 */
import * as tf from '@tensorflow/tfjs';
import { layersModelAdapter } from '../../src/model';
import type { Example } from '../../src/core/spec';
import { tcav, activationGradients, layerActivations, layerNamed } from '../../src/explain/tcav';
import { seededRandom } from '../../src/explain/salience/random';

const FEATURES = ['x0', 'x1', 'x2', 'x3', 's'];

function makeData(n: number, seed: number, label: (e: Record<string, number>) => boolean): Example[] {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const e: Record<string, number> = {};
    for (const f of FEATURES) e[f] = rng.normal();
    return { ...e, label: label(e) ? 'yes' : 'no' };
  });
}

async function trainModel(examples: Example[], features: string[], seed: number) {
  const input = tf.input({ shape: [features.length] });
  const hidden = tf.layers.dense({ units: 12, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', name: 'probas', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(hidden) as tf.SymbolicTensor;
  const net = tf.model({ inputs: input, outputs: out });
  net.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(examples.map((e) => features.map((f) => e[f] as number)));
  const y = tf.oneHot(tf.tensor1d(examples.map((e) => (e.label === 'yes' ? 1 : 0)), 'int32'), 2);
  await net.fit(x, y, { epochs: 60, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const adapter = layersModelAdapter(net, {
    inputSpec: Object.fromEntries(features.map((f) => [f, { kind: 'Scalar' as const }])),
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ['no', 'yes'], parent: 'label' } },
  });
  return { net, adapter: Object.assign(adapter, { model: net }) };
}

describe('TCAV with a planted concept', () => {
  const data = makeData(800, 5, (e) => e.s + 0.3 * e.x0 > 0);
  const highS = data.filter((e) => (e.s as number) > 1.2).slice(0, 40);
  const scored = data.slice(0, 150);

  it('the concept the model was trained to use is significant, with a score near 1 for "yes" and near 0 for "no"', async () => {
    const { net, adapter } = await trainModel(data, FEATURES, 3);
    const tensors = tf.memory().numTensors;
    const result = await tcav(adapter, { layer: 'hidden', concepts: { 'high s': highS }, examples: scored, pool: data, runs: 8, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    const [yes] = result.concepts[0].classes.filter((c) => c.className === 'yes');
    const [no] = result.concepts[0].classes.filter((c) => c.className === 'no');
    expect(yes.score).toBeGreaterThan(0.9);
    expect(no.score).toBeLessThan(0.1);
    expect(yes.significant).toBe(true);
    expect(yes.p).toBeLessThan(0.01);
    expect(result.concepts[0].cavAccuracy).toBeGreaterThan(0.9);
    net.dispose();
  });

  it('the same concept on a model that never sees s is not significant', async () => {
    const control = makeData(800, 5, (e) => e.x0 + e.x1 > 0);
    const { net, adapter } = await trainModel(control, FEATURES.slice(0, 4), 3);
    const concept = control.filter((e) => (e.s as number) > 1.2).slice(0, 40);
    const result = await tcav(adapter, { layer: 'hidden', concepts: { 'high s': concept }, examples: control.slice(0, 150), pool: control, runs: 8, seed: 1 });
    for (const c of result.concepts[0].classes) {
      expect(c.significant).toBe(false);
      expect(c.p).toBeGreaterThan(0.05); // a number: NaN would also read as "not significant"
    }
    net.dispose();
  });
});

describe('layer output hook', () => {
  it('gradients at a layer inside a residual graph equal finite differences, and the hook is removed', () => {
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 3, activation: 'tanh', name: 'a', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(input) as tf.SymbolicTensor;
    const skip = tf.layers.add().apply([input, a]) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 2, activation: 'softmax', name: 'b', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }).apply(skip) as tf.SymbolicTensor;
    const net = tf.model({ inputs: input, outputs: b });
    const layer = layerNamed(net, 'a');
    const x = tf.tensor2d([[0.3, -0.2, 0.5], [1, 0.1, -0.4]]);
    const before = tf.memory().numTensors;
    const g = activationGradients(net, layer, x, 0, 1);
    const acts = layerActivations(net, layer, x);
    // f(h) = softmax(Wb (x + h) + bb)[1]; finite differences on h computed without the hook.
    const [wb, bb] = net.getLayer('b').getWeights();
    const f = (h: number[][]) => tf.tidy(() => tf.softmax(x.add(tf.tensor2d(h)).matMul(wb).add(bb)).slice([0, 1], [-1, 1]).sum().dataSync()[0]);
    const eps = 1e-3;
    const grad = g.arraySync() as number[][];
    const base = acts.arraySync() as number[][];
    for (let r = 0; r < 2; r++) {
      for (let k = 0; k < 3; k++) {
        const plus = base.map((row, i) => row.map((v, j) => v + (i === r && j === k ? eps : 0)));
        const minus = base.map((row, i) => row.map((v, j) => v - (i === r && j === k ? eps : 0)));
        const fd = (f(plus) - f(minus)) / (2 * eps);
        expect(grad[r][k]).toBeCloseTo(fd, 3);
      }
    }
    tf.dispose([g, acts]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.prototype.hasOwnProperty.call(layer, 'call')).toBe(false);
    net.dispose();
    x.dispose();
  });
});

describe('TCAV bad input', () => {
  it('names the layer, the concept, the class and the pool size', async () => {
    const data = makeData(60, 9, (e) => e.x0 > 0);
    const { net, adapter } = await trainModel(data, FEATURES, 2);
    const base = { layer: 'hidden', concepts: { c: data.slice(0, 5) }, examples: data.slice(0, 10), pool: data };
    await expect(tcav(adapter, { ...base, layer: 'nope' })).rejects.toThrow(/has no layer 'nope'; its layers: input/);
    await expect(tcav(adapter, { ...base, concepts: { c: data.slice(0, 1) } })).rejects.toThrow(/concept 'c' needs at least 2 examples, got 1/);
    await expect(tcav(adapter, { ...base, classes: ['maybe'] })).rejects.toThrow(/class "maybe" is not one of \["no","yes"\]/);
    await expect(tcav(adapter, { ...base, concepts: { c: data.slice(0, 30) } })).rejects.toThrow(/the pool has 30 examples outside the concepts, fewer than two random sets of 30/);
    await expect(tcav(adapter, { ...base, runs: 1 })).rejects.toThrow(/runs must be an integer >= 2/);
    net.dispose();
  });
});
