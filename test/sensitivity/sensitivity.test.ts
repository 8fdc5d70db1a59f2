/**
 * Parameter sensitivity: the pure perturbations, the profile on the spam example model and on
 * a functional model with a residual connection, and the guarantees — the model's weights are
 * bit-identical afterwards (also after a Cancel or an error), no perturbed prediction is seen
 * by a concurrent predict() or kept in the cache, every tensor is disposed.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadModel, layersModelAdapter, type MetadataAdapter } from '../../src/model';
import { exampleDataset } from '../../src/examples';
import type { Example } from '../../src/core/spec';
import { parameterSensitivity, perturbValues, weightedLayers, readWeights, type SensitivityMetric } from '../../src/explain/sensitivity';
import { seededRandom } from '../../src/explain/salience/random';
import { spread } from '../../src/explain/sensitivity/perturbations';

const modelsDir = path.join(__dirname, '..', '..', 'models');

function allWeights(model: tf.LayersModel): Float32Array[] {
  return model.layers.flatMap((l) => readWeights(l));
}

function expectSameWeights(a: Float32Array[], b: Float32Array[]): void {
  expect(b.length).toBe(a.length);
  // Bit for bit: compare the raw bytes, not within a tolerance.
  a.forEach((w, i) => expect(Buffer.from(b[i].buffer).equals(Buffer.from(w.buffer))).toBe(true));
}

describe('perturbValues', () => {
  const values = Float32Array.from({ length: 12 }, (_, i) => (i - 5) / 3);
  it('gaussian at scale 0 leaves the values as they are; at scale s adds noise of std s·std(W)', () => {
    expect(Array.from(perturbValues(values, [3, 4], { kind: 'gaussian', scale: 0 }, seededRandom(1)))).toEqual(Array.from(values));
    const big = Float32Array.from({ length: 20000 }, (_, i) => Math.sin(i));
    const out = perturbValues(big, [100, 200], { kind: 'gaussian', scale: 0.5 }, seededRandom(2));
    const diff = out.map((v, i) => v - big[i]);
    expect(spread(diff) / spread(big)).toBeCloseTo(0.5, 1);
  });
  it('zero sets exactly round(fraction·n) weights to 0, the same ones for the same seed', () => {
    const nonzero = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    const a = perturbValues(nonzero, [10, 10], { kind: 'zero', fraction: 0.3 }, seededRandom(7));
    const b = perturbValues(nonzero, [10, 10], { kind: 'zero', fraction: 0.3 }, seededRandom(7));
    expect(a.filter((v) => v === 0).length).toBe(30);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
  it('ablate-units zeroes every weight of the listed output units (last axis) and nothing else', () => {
    const out = perturbValues(values, [3, 4], { kind: 'ablate-units', units: [1, 3] }, seededRandom(0));
    for (let i = 0; i < 12; i++) expect(out[i]).toBe(i % 4 === 1 || i % 4 === 3 ? 0 : values[i]);
    expect(() => perturbValues(values, [3, 4], { kind: 'ablate-units', units: [4] }, seededRandom(0))).toThrow(/unit 4 does not exist: the weight's last axis has 4 units/);
  });
});

describe('parameterSensitivity on the spam model', () => {
  let model: MetadataAdapter;
  let examples: Example[];
  beforeAll(async () => {
    model = await loadModel(path.join(modelsDir, 'spam'));
    const data = exampleDataset('spam', { limit: 120 });
    examples = data.ids().map((id) => data.example(id)).map((e) => ({ ...e, text: String(e.text).slice(0, 400) }));
  });
  afterAll(() => model.model.dispose());

  it('scale 0 changes nothing: every drop is exactly 0, and the weights are bit-identical afterwards', async () => {
    const before = allWeights(model.model);
    const tensors = tf.memory().numTensors;
    const profile = await parameterSensitivity(model, examples, { perturbation: { kind: 'gaussian', scale: 0 }, repeats: 2, focus: [0] });
    expect(profile.metric).toBe('accuracy');
    expect(profile.layers.map((l) => l.layer)).toEqual(weightedLayers(model.model).map((l) => l.name));
    for (const l of profile.layers) {
      expect(l.slices.all.drop).toBe(0);
      expect(l.focus[0]).toEqual([profile.focusReference[0], profile.focusReference[0]]);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expectSameWeights(before, allWeights(model.model));
  });

  it('ablating every unit of the output layer gives uniform outputs: accuracy = share of the first class', async () => {
    const dense = weightedLayers(model.model).at(-1)!;
    const units = Array.from({ length: dense.shapes[0].at(-1)! }, (_, i) => i);
    const profile = await parameterSensitivity(model, examples, { perturbation: { kind: 'ablate-units', units }, layers: [dense.name], repeats: 1, focus: [3] });
    const hamShare = examples.filter((e) => e.label === 'ham').length / examples.length;
    expect(profile.layers[0].slices.all.values[0]).toBeCloseTo(hamShare, 10);
    // softmax of equal logits, in float32 (tfjs-node gives 0.49999997)
    profile.layers[0].focus[0][0].forEach((v) => expect(v).toBeCloseTo(0.5, 6));
    expect(profile.layers[0].slices.all.drop).toBeCloseTo(profile.reference.all - hamShare, 10);
  });

  it('noise gives a profile by slice that is the same for the same seed; larger noise hurts more', async () => {
    const slices = { ham: Uint32Array.from(examples.flatMap((e, i) => (e.label === 'ham' ? [i] : []))), spam: Uint32Array.from(examples.flatMap((e, i) => (e.label === 'spam' ? [i] : []))) };
    const run = (scale: number) => parameterSensitivity(model, examples, { perturbation: { kind: 'gaussian', scale }, repeats: 2, seed: 11, slices, metric: 'logLoss' });
    const a = await run(1);
    const b = await run(1);
    expect(b).toEqual(a);
    const small = await run(0.05);
    const sumDrop = (p: typeof a) => p.layers.reduce((s, l) => s + l.slices.ham.drop + l.slices.spam.drop, 0);
    expect(sumDrop(a)).toBeGreaterThan(sumDrop(small));
    expect(sumDrop(a)).toBeGreaterThan(0);
  });

  it('a concurrent predict() sees the original model, and no perturbed prediction stays in the cache', async () => {
    model.cache.clear();
    const reference = await model.predict(examples.slice(0, 8), { bypassCache: true });
    const seen: Array<Promise<unknown>> = [];
    await parameterSensitivity(model, examples, {
      perturbation: { kind: 'zero', fraction: 0.9 }, repeats: 3,
      onProgress: () => { seen.push(model.predict(examples.slice(0, 8))); },
    });
    for (const p of await Promise.all(seen)) expect(p).toEqual(reference);
    expect(await model.predict(examples.slice(0, 8))).toEqual(reference);
  });

  it('a Cancel between repeats and an error in a custom metric both leave the weights bit-identical', async () => {
    const before = allWeights(model.model);
    const tensors = tf.memory().numTensors;
    const controller = new AbortController();
    await expect(parameterSensitivity(model, examples, {
      perturbation: { kind: 'gaussian', scale: 2 }, repeats: 4, signal: controller.signal,
      onProgress: (done) => { if (done === 2) controller.abort(); },
    })).rejects.toMatchObject({ name: 'AbortError' });
    expectSameWeights(before, allWeights(model.model));
    let calls = 0;
    const failing: SensitivityMetric = { name: 'fails', higherIsBetter: true, needsLabels: false, compute: () => { if (++calls > 2) throw new Error('metric broke'); return 1; } };
    await expect(parameterSensitivity(model, examples, { perturbation: { kind: 'gaussian', scale: 2 }, metric: failing })).rejects.toThrow('metric broke');
    expectSameWeights(before, allWeights(model.model));
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('bad input names what is wrong', async () => {
    const run = (o: Partial<Parameters<typeof parameterSensitivity>[2]>, ex: Example[] = examples) =>
      parameterSensitivity(model, ex, { perturbation: { kind: 'gaussian', scale: 1 }, ...o });
    await expect(run({ layers: ['nope'] })).rejects.toThrow(/has no layer 'nope'; layers with weights: embedding/);
    await expect(run({ perturbation: { kind: 'zero', fraction: 2 } })).rejects.toThrow(/fraction must be in \[0, 1\], got 2/);
    await expect(run({ repeats: 0 })).rejects.toThrow(/repeats must be an integer >= 1/);
    await expect(run({ metric: 'f1' })).rejects.toThrow(/unknown sensitivity metric 'f1'; known: accuracy/);
    await expect(run({ focus: [999] })).rejects.toThrow(/focus: row 999 is outside the 120 examples/);
    await expect(run({}, [])).rejects.toThrow(/at least one example/);
    await expect(run({}, [{ ...examples[0], label: 'maybe' }])).rejects.toThrow(/row 0, field 'label': "maybe" is not one of the classes/);
    await expect(run({}, [{ text: 42, label: 'ham' } as unknown as Example])).rejects.toThrow(/text/);
  });
});

describe('parameterSensitivity on a functional model with a residual connection', () => {
  it('profiles every layer, and ablating the skip branch changes outputs while the weights come back', async () => {
    const input = tf.input({ shape: [4] });
    const h = tf.layers.dense({ units: 4, activation: 'tanh', name: 'inner', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([input, h]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, name: 'head', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(sum) as tf.SymbolicTensor;
    const net = tf.model({ inputs: input, outputs: out });
    const features = ['a', 'b', 'c', 'd'];
    const adapter = layersModelAdapter(net, {
      inputSpec: Object.fromEntries(features.map((f) => [f, { kind: 'Scalar' as const }])),
      outputSpec: { y: { kind: 'RegressionScore', parent: 'target' } },
    });
    const examples: Example[] = Array.from({ length: 40 }, (_, i) => ({ a: Math.sin(i), b: Math.cos(i), c: i / 40, d: 1 - i / 40, target: i / 20 }));
    // layersModelAdapter hides its model; wrap it the way a person would reach sensitivity: through .model.
    const reachable = Object.assign(adapter, { model: net });
    const before = allWeights(net);
    const profile = await parameterSensitivity(reachable, examples, { perturbation: { kind: 'ablate-units', units: [0, 1, 2, 3] }, layers: ['inner'], repeats: 1, metric: 'meanAbsoluteChange' });
    // Ablating 'inner' leaves head(x) = w·x + b: the change is |w·tanh(Wx+b)| per row, computed here independently.
    const expected = tf.tidy(() => {
      const x = tf.tensor2d(examples.map((e) => features.map((f) => e[f] as number)));
      const [w] = net.getLayer('head').getWeights();
      const inner = net.getLayer('inner').apply(x) as tf.Tensor;
      return inner.matMul(w).abs().mean().dataSync()[0];
    });
    expect(profile.layers[0].slices.all.values[0]).toBeCloseTo(expected, 5);
    expectSameWeights(before, allWeights(net));
    net.dispose();
  });
});
