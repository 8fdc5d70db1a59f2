/**
 * The tfjs-layers corrections tslit installs (src/model/tfjs-fixes.ts), against TensorFlow's
 * own semantics: `tf.GradientTape` over `tf.reduce_max([1., 1., 0.])` gives [0.5, 0.5, 0]
 * (TensorFlow's `_MaxGrad` divides by the number of tied elements), and Keras' `Add` of two
 * masked inputs carries the AND of their masks.
 */
import './helpers/env-backend';
import * as tf from '@tensorflow/tfjs';
import '../../src/model/tfjs-fixes';

test('max and min share the gradient among ties, as TensorFlow does', () => {
  const gMax = tf.grad((x: tf.Tensor) => tf.max(x) as tf.Scalar)(tf.tensor1d([1, 1, 0]));
  expect(Array.from(gMax.dataSync())).toEqual([0.5, 0.5, 0]);
  const gMin = tf.grad((x: tf.Tensor) => tf.min(x, 1).sum() as tf.Scalar)(tf.tensor2d([[2, 0, 0, 0], [3, 1, 4, 1]]));
  expect(Array.from(gMin.dataSync()).map((v) => +v.toFixed(6))).toEqual([0, 1 / 3, 1 / 3, 1 / 3, 0, 0.5, 0, 0.5].map((v) => +v.toFixed(6)));
  // Without ties the gradient is the usual one-hot.
  const gOne = tf.grad((x: tf.Tensor) => tf.max(x, 0).sum() as tf.Scalar)(tf.tensor2d([[1, 5], [2, 4]]));
  expect(Array.from(gOne.dataSync())).toEqual([0, 1, 1, 0]);
  tf.dispose([gMax, gMin, gOne]);
});

test('a masked residual connection (Embedding(maskZero) → GRU → Add → GRU) predicts, and its padding is skipped', () => {
  const embedding = tf.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true, embeddingsInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 1 }) });
  const first = tf.layers.gru({ units: 4, returnSequences: true, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) });
  const add = tf.layers.add();
  const last = tf.layers.gru({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
  // One set of layers (shared weights) applied to inputs of length 6 and 3.
  const build = (length: number): tf.LayersModel => {
    const ids = tf.input({ shape: [length], dtype: 'int32' });
    const emb = embedding.apply(ids) as tf.SymbolicTensor;
    const res = add.apply([emb, first.apply(emb) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    return tf.model({ inputs: ids, outputs: last.apply(res) as tf.SymbolicTensor });
  };
  const padded = build(6).predict(tf.tensor2d([[4, 7, 2, 0, 0, 0]], undefined, 'int32')) as tf.Tensor;
  const alone = build(3).predict(tf.tensor2d([[4, 7, 2]], undefined, 'int32')) as tf.Tensor;
  expect(padded.shape).toEqual([1, 3]);
  // The mask, ANDed through Add, makes the last GRU skip the three padded steps.
  Array.from(padded.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(alone.dataSync()[i], 6));
  tf.dispose([padded, alone]);
});
