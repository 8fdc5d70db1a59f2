/** Logits given as probabilities are caught where they enter, with the row named (issue 16). */
import './helpers/env-backend';
import * as tf from '@tensorflow/tfjs';
import { probabilityProblem } from '../../src/model/predict/probabilities';
import { predictFnAdapter } from '../../src/model/adapters/predict-fn-adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';

const outputSpec = { probas: { kind: 'MulticlassPreds' as const, vocab: ['a', 'b', 'c'] } };

test('a distribution passes; logits, negatives and rows off 1 are named', () => {
  expect(probabilityProblem([0.2, 0.3, 0.5])).toBeUndefined();
  expect(probabilityProblem([0.2, 0.3, 0.5 + 5e-4])).toBeUndefined();
  expect(probabilityProblem([0.1, -0.3, 0.4])).toMatch(/not probabilities \(-0\.3 is outside \[0, 1\]\): if the model returns logits, apply softmax/);
  expect(probabilityProblem([0.9, 0.9, 0.9])).toMatch(/they sum to 2\.7, not 1/);
});

test('a predict function returning logits fails naming the row and field', async () => {
  const m = predictFnAdapter(async (rows) => rows.map((r) => ({ probas: r.x === 3 ? [1.5, -2, 0.5] : [0.1, 0.2, 0.7] })), { name: 'fn', inputSpec: { x: { kind: 'Scalar' } }, outputSpec });
  await expect(m.predict([{ x: 1 }, { x: 2 }, { x: 3 }])).rejects.toThrow(/row 2, output 'probas': these are not probabilities \(1\.5 is outside/);
});

test('a LayersModel whose last layer has no softmax fails naming the row', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer: tf.initializers.constant({ value: 1 }) })] });
  const m = layersModelAdapter(model, { inputSpec: { a: { kind: 'Scalar' }, b: { kind: 'Scalar' } }, outputSpec });
  await expect(m.predict([{ a: 1, b: 2 }])).rejects.toThrow(/row 0, output 'probas': these are not probabilities \(3 is outside \[0, 1\]\)/);
  model.dispose();
});
