import './helpers/env-backend';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../src/core/spec';
import { isDifferentiable } from '../../src/model/adapter';
import { graphModelAdapter } from '../../src/model/adapters/graph-model';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import { predictFnAdapter } from '../../src/model/adapters/predict-fn-adapter';
import { loadGraphModelFromDir } from '../../src/model/io/file-system';
import { GRAPH_B, GRAPH_W, writeLinearGraphModel } from './helpers/graph-model-fixture';

const W = [[0.5, -1], [2, 0.25], [-0.75, 1.5]];
const B = [0.1, -0.2];
const inputSpec: Spec = { a: { kind: 'Scalar' }, b: { kind: 'Scalar' }, c: { kind: 'Scalar' } };
const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['no', 'yes'] } };

/** Dense(2, softmax) on 3 scalars with fixed weights W, B. */
function denseModel(): tf.LayersModel {
  const m = tf.sequential({ name: 'dense' });
  m.add(tf.layers.dense({ units: 2, activation: 'softmax', inputShape: [3] }));
  m.layers[0].setWeights([tf.tensor2d(W), tf.tensor1d(B)]);
  return m;
}

/** The same softmax(xW + b), in plain JS. */
function softmaxRef(x: number[]): number[] {
  const z = [0, 1].map((k) => x.reduce((s, v, i) => s + v * W[i][k], B[k]));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e[0] + e[1];
  return e.map((v) => v / s);
}

const rows: Example[] = [[1, 2, 3], [0, 0, 0], [-1, 0.5, 2], [3, -2, 1], [0.25, 0.5, -0.5]].map(([a, b, c]) => ({ a, b, c, id: 'x' }));

describe('LayersModel adapter (generic, specs given)', () => {
  const model = denseModel();
  it('predicts probabilities equal to the closed form, in input order, across batch sizes', async () => {
    const before = tf.memory().numTensors;
    const ad = layersModelAdapter(model, { inputSpec, outputSpec, batchSize: 2, cacheSize: 0 });
    const preds = await ad.predict(rows);
    rows.forEach((r, i) => {
      const ref = softmaxRef([r.a, r.b, r.c] as number[]);
      (preds[i].probas as number[]).forEach((p, k) => expect(p).toBeCloseTo(ref[k], 6));
    });
    const big = await ad.predict(rows, { batchSize: 64 });
    expect(big).toEqual(preds);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('caches by content: the same example in a new object is not predicted again', async () => {
    const ad = layersModelAdapter(model, { inputSpec, outputSpec });
    await ad.predict(rows);
    expect(ad.cache.misses).toBe(rows.length);
    const again = await ad.predict(rows.map((r) => ({ c: r.c, b: r.b, a: r.a, id: 'other' })));
    expect(ad.cache.hits).toBe(rows.length);
    expect(again[0].probas).toEqual((await ad.predict([rows[0]]))[0].probas);
    // A mutated result does not corrupt the cache.
    (again[0].probas as number[])[0] = 42;
    expect(((await ad.predict([rows[0]]))[0].probas as number[])[0]).not.toBe(42);
  });

  it('is cancelled between batches with an AbortError, tensors back to baseline', async () => {
    const before = tf.memory().numTensors;
    const ad = layersModelAdapter(model, { inputSpec, outputSpec, batchSize: 2, cacheSize: 0 });
    const ctl = new AbortController();
    const seen: number[] = [];
    const p = ad.predict(rows, { signal: ctl.signal, onProgress: (done) => { seen.push(done); ctl.abort(); } });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad rows naming row and field, before predicting anything', async () => {
    const before = tf.memory().numTensors;
    const ad = layersModelAdapter(model, { inputSpec, outputSpec });
    await expect(ad.predict([rows[0], { a: 1, b: 2 }])).rejects.toThrow("row 1, field 'c': is missing");
    await expect(ad.predict([{ a: 1, b: NaN, c: 0 }])).rejects.toThrow("row 0, field 'b': should be a finite number, got NaN");
    await expect(ad.predict([{ a: '1', b: 0, c: 0 }])).rejects.toThrow(/row 0, field 'a': should be a number, got string "1"/);
    expect(ad.cache.misses).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an output whose shape disagrees with the spec, naming the field', async () => {
    const before = tf.memory().numTensors;
    const ad = layersModelAdapter(model, { inputSpec, outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ['a', 'b', 'c'] } } });
    await expect(ad.predict(rows)).rejects.toThrow("output 'probas': the spec (MulticlassPreds) needs shape [5,3] but the model returned [5,2]");
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is differentiable: encode gives [1, 3] features, forward equals predict, gradient matches finite differences', async () => {
    const ad = layersModelAdapter(model, { inputSpec, outputSpec, cacheSize: 0 });
    if (!isDifferentiable(ad)) throw new Error('expected a differentiable adapter');
    expect(ad.task).toBe('multiclass');
    expect(ad.classes).toEqual(['no', 'yes']);
    const before = tf.memory().numTensors;
    const [pred] = await ad.predict([rows[2]]);
    const { fwd, grad, labels } = tf.tidy(() => {
      const enc = ad.encode(rows[2]);
      const f = (x: tf.Tensor) => ad.forward(x).slice([0, 1], [1, 1]).sum();
      return { fwd: Array.from(ad.forward(enc.input).dataSync()), grad: Array.from(tf.grad(f)(enc.input).dataSync()), labels: enc.labels };
    });
    expect(labels).toEqual(['a', 'b', 'c']);
    expect(fwd).toEqual(pred.probas);
    const x0 = [rows[2].a, rows[2].b, rows[2].c] as number[];
    const h = 1e-3;
    grad.forEach((g, i) => {
      const up = x0.slice(); up[i] += h;
      const dn = x0.slice(); dn[i] -= h;
      expect(g).toBeCloseTo((softmaxRef(up)[1] - softmaxRef(dn)[1]) / (2 * h), 4);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('needs toTensor for inputs without a default encoding', () => {
    expect(() => layersModelAdapter(model, { inputSpec: { t: { kind: 'TextSegment' } }, outputSpec })).toThrow(/give toTensor/);
  });
});

describe('GraphModel adapter', () => {
  it('predicts a regression score and differentiates through the graph', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-graph-'));
    writeLinearGraphModel(dir);
    const g = await loadGraphModelFromDir(dir);
    const ad = graphModelAdapter(g, {
      name: 'linear', inputSpec: { u: { kind: 'Scalar' }, v: { kind: 'Scalar' } }, outputSpec: { y: { kind: 'RegressionScore' } },
    });
    const before = tf.memory().numTensors;
    const preds = await ad.predict([{ u: 1, v: 2 }, { u: -3, v: 0.5 }]);
    expect(preds.map((p) => p.y)).toEqual([[1, 2], [-3, 0.5]].map(([u, v]) => Math.fround(Math.fround(u * GRAPH_W[0] + v * GRAPH_W[1]) + GRAPH_B[0])));
    if (!isDifferentiable(ad)) throw new Error('expected differentiable');
    expect(ad.task).toBe('regression');
    const grad = tf.tidy(() => {
      const enc = ad.encode({ u: 1, v: 2 });
      return Array.from(tf.grad((x: tf.Tensor) => ad.forward(x).sum())(enc.input).dataSync());
    });
    expect(grad).toEqual(GRAPH_W);
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
  });
});

describe('predict-function adapter', () => {
  const spec = { inputSpec: { t: { kind: 'TextSegment' } } as Spec, outputSpec: { p: { kind: 'MulticlassPreds', vocab: ['short', 'long'] } } as Spec };
  it('calls the function in batches and keeps input order', async () => {
    const calls: number[] = [];
    const ad = predictFnAdapter(async (ex) => {
      calls.push(ex.length);
      return ex.map((e) => ((e.t as string).length > 3 ? { p: [0, 1] } : { p: [1, 0] }));
    }, { ...spec, batchSize: 2 });
    const preds = await ad.predict(['a', 'abcd', 'xy', 'hello', 'z'].map((t) => ({ t })));
    expect(calls).toEqual([2, 2, 1]);
    expect(preds.map((p) => (p.p as number[])[1])).toEqual([0, 1, 0, 1, 0]);
    // Repeated examples are predicted once.
    const again = await ad.predict([{ t: 'new' }, { t: 'new' }, { t: 'a' }]);
    expect(calls).toEqual([2, 2, 1, 1]);
    expect(again.map((p) => p.p)).toEqual([[1, 0], [1, 0], [1, 0]]);
  });
  it('rejects results that break the output spec, naming row and field', async () => {
    const ad = predictFnAdapter(async (ex) => ex.map((_, i) => ({ p: i === 1 ? [NaN, 1] : [0.5, 0.5] })), spec);
    await expect(ad.predict([{ t: 'a' }, { t: 'b' }])).rejects.toThrow(/row 1, output 'p': should be 2 finite probabilities/);
    const short = predictFnAdapter(async () => [], spec);
    await expect(short.predict([{ t: 'a' }])).rejects.toThrow(/returned 0 result\(s\) for 1 examples/);
  });
});
