/**
 * `tslit convert` end to end (issue 16 item 3): the Keras 3 (tf.keras, TF 2.21) and Keras 2
 * (tf_keras) models of test/fixtures/keras-convert — a masked-Embedding GRU text model and a
 * tabular model (one-hot Island + Normalization), each also as a SavedModel — trained by
 * scripts/reference/keras_models.py with fixed seeds, converted through the real CLI in a child
 * process, loaded through the public API; predictions equal Keras's (predictions.json, written
 * by the same script) within 1e-5; gradient methods, LIME and a counterfactual run on them.
 *
 * Needs .venv-convert (`node scripts/setup.mjs --for-tests` or `node scripts/convert/venv.mjs`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { gradientNorm, hotflip, integratedGradients, lime, loadGraphModelFromDir, loadModel, minimalTabularCounterfactual } from '../../src';
import { FIXTURES, KERAS_VERSIONS, reference, requireConvertVenv, tslitConvert } from './convert-cli';

const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-convert-'));

function maxDifference(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
}

beforeAll(requireConvertVenv);
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

describe.each(KERAS_VERSIONS)('%s', (version, file) => {
  test('text model (Embedding mask_zero → GRU → Dense): converts, predicts as Keras, gradients, LIME and HotFlip run', async () => {
    const out = path.join(OUT, version, 'text');
    expect(tslitConvert(path.join(FIXTURES, version, 'text', file), out)).toMatch(/layers model .* with its tslit\.json/);
    const ref = reference(version, 'text');
    const before = tf.memory().numTensors;
    const model = await loadModel(out);
    const predicted = await model.predict(ref.records);
    expect(maxDifference(predicted.map((p) => Array.from(p.probas as ArrayLike<number>)), ref.probas)).toBeLessThan(1e-5);
    // Salience does not truncate: the first 20 words of a held-out text fit the model's 40 tokens.
    const example = { ...ref.records[0], text: String(ref.records[0].text).split(/\s+/).slice(0, 20).join(' ') };
    const ig = await integratedGradients(model, example, { target: { classIndex: 1 } });
    expect(Math.abs(ig.delta ?? NaN)).toBeLessThanOrEqual(0.01 * Math.max(Math.abs((ig.output ?? 0) - (ig.baselineOutput ?? 0)), 1e-3));
    const norms = await gradientNorm(model, example);
    expect(norms.scores.length).toBe(norms.labels.length);
    expect(Array.from(norms.scores).every(Number.isFinite)).toBe(true);
    const explained = await lime(model, example, { samples: 64 });
    expect(Array.from(explained.scores).every(Number.isFinite)).toBe(true);
    const flips = await hotflip(model, example, { maxResults: 2 });
    expect(flips.examples.length > 0 || (flips.reason ?? '').length > 0).toBe(true);
    model.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  test('tabular model (one-hot Island + Normalization): converts, predicts as Keras, IG, LIME and a minimal counterfactual run', async () => {
    const out = path.join(OUT, version, 'tabular');
    tslitConvert(path.join(FIXTURES, version, 'tabular', file), out);
    const ref = reference(version, 'tabular');
    const before = tf.memory().numTensors;
    const model = await loadModel(out);
    const predicted = await model.predict(ref.records);
    expect(maxDifference(predicted.map((p) => Array.from(p.probas as ArrayLike<number>)), ref.probas)).toBeLessThan(1e-5);
    const example = ref.records[1];
    const ig = await integratedGradients(model, example, { baseline: { row: ref.records[0] } } as never);
    expect(Math.abs(ig.delta ?? NaN)).toBeLessThanOrEqual(0.01 * Math.max(Math.abs((ig.output ?? 0) - (ig.baselineOutput ?? 0)), 1e-3));
    expect(ig.labels).toContain('Island');
    const explained = await lime(model, example, { samples: 64 });
    expect(Array.from(explained.scores).every(Number.isFinite)).toBe(true);
    const counterfactual = await minimalTabularCounterfactual(model, example, ref.records, { count: 1 });
    expect(counterfactual.examples.length > 0 || (counterfactual.reason ?? '').length > 0).toBe(true);
    model.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  test('tabular SavedModel → graph model predicting as Keras', async () => {
    const out = path.join(OUT, version, 'savedmodel');
    expect(tslitConvert(path.join(FIXTURES, version, 'tabular', 'savedmodel'), out)).toMatch(/graph model/);
    const ref = reference(version, 'tabular');
    const before = tf.memory().numTensors;
    const graph = await loadGraphModelFromDir(out);
    const x = tf.tensor2d(ref.inputs);
    const y = graph.execute(x) as tf.Tensor;
    expect(maxDifference(y.arraySync() as number[][], ref.probas)).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    graph.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
