/**
 * The image example: MNIST digits with a small CNN.
 *
 * Notes: [28, 28, 1] in [0, 1] -> Conv2D(8, 3x3, relu) -> MaxPool(2) -> Flatten -> Dense(10,
 * softmax). Trained on the 80% of the `mnist` package's 10,000 digits that are not held out.
 *
 * Training runs the same network written on image patches (`twinLogits`): the convolution as a
 * matmul of 3x3 patches with the kernel, the 2x2 max pool as a max over reshaped blocks. The
 * cpu backend's Conv2DBackpropFilter and MaxPoolGrad kernels took ~1 s of every 1.5 s batch
 * step; the twin's gradients are plain matmuls and element-wise ops. The trained variables are
 * then written into the Sequential CNN, which is what is saved and evaluated.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../src/model/metadata';
import { loadMnist, MNIST_SIDE } from './data/mnist';
import type { Row } from './data/rows';
import { splitById } from './split';
import { predictFlat, runSeededEpochs } from './fit';
import { accuracy, argmaxRows, logLoss } from './metrics';
import { packageVersion, round6 } from './common';

export const MNIST = { name: 'mnist', seed: 20261132, target: 'label', epochs: 3, batchSize: 32, learningRate: 0.004 };
const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SHAPE: [number, number, number] = [MNIST_SIDE, MNIST_SIDE, 1];
const KERNEL = 3;
const FILTERS = 8;
/** Side of the convolution's output ('valid' padding) and of the pooled map. */
const CONV_SIDE = MNIST_SIDE - KERNEL + 1;
const POOL_SIDE = CONV_SIDE / 2;

/** The CNN's weights in the twin's shapes: kernel [9, 8], conv bias [8], dense [1352, 10], dense bias [10]. */
export interface TwinWeights { kernel: tf.Tensor2D; convBias: tf.Tensor1D; dense: tf.Tensor2D; denseBias: tf.Tensor1D }

export function mnistSplit(): { train: Row[]; heldOut: Row[] } {
  return splitById(loadMnist(), MNIST.name);
}

function buildModel(seed: number): tf.Sequential {
  const model = tf.sequential({ name: 'mnist' });
  model.add(tf.layers.conv2d({ name: 'conv', inputShape: SHAPE, filters: 8, kernelSize: 3, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.add(tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'probas', units: CLASSES.length, activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return model;
}

/**
 * im2col: the 3x3 patch under every output position of the images at `indices` of flat
 * `images` ([n, 784]), as [b * 26 * 26, 9] in (dy, dx) row-major order, matching a Conv2D
 * kernel [3, 3, 1, 8] reshaped to [9, 8].
 */
export function patchesOf(images: Float32Array, indices: readonly number[]): tf.Tensor2D {
  const size = MNIST_SIDE * MNIST_SIDE;
  const out = new Float32Array(indices.length * CONV_SIDE * CONV_SIDE * KERNEL * KERNEL);
  let o = 0;
  for (const row of indices) {
    const base = row * size;
    for (let i = 0; i < CONV_SIDE; i++) {
      for (let j = 0; j < CONV_SIDE; j++) {
        for (let dy = 0; dy < KERNEL; dy++) {
          for (let dx = 0; dx < KERNEL; dx++) out[o++] = images[base + (i + dy) * MNIST_SIDE + j + dx];
        }
      }
    }
  }
  return tf.tensor2d(out, [indices.length * CONV_SIDE * CONV_SIDE, KERNEL * KERNEL]);
}

/** The CNN's logits for `batch` images given as patches; the pooled map flattens in Flatten's (row, col, filter) order. */
export function twinLogits(patches: tf.Tensor2D, w: TwinWeights, batch: number): tf.Tensor2D {
  return tf.tidy(() => {
    const conv = tf.relu(tf.add(tf.matMul(patches, w.kernel), w.convBias));
    const pooled = tf.max(tf.reshape(conv, [batch, POOL_SIDE, 2, POOL_SIDE, 2, FILTERS]), [2, 4]);
    return tf.add(tf.matMul(tf.reshape(pooled, [batch, POOL_SIDE * POOL_SIDE * FILTERS]), w.dense), w.denseBias) as tf.Tensor2D;
  });
}

/** The Sequential CNN's weights in the twin's shapes (new tensors; the caller disposes them). */
export function twinWeightsOf(model: tf.LayersModel): TwinWeights {
  const [kernel, convBias] = model.getLayer('conv').getWeights();
  const [dense, denseBias] = model.getLayer('probas').getWeights();
  return {
    kernel: tf.reshape(kernel, [KERNEL * KERNEL, FILTERS]),
    convBias: tf.clone(convBias) as tf.Tensor1D,
    dense: tf.clone(dense) as tf.Tensor2D,
    denseBias: tf.clone(denseBias) as tf.Tensor1D,
  };
}

/** Encodes rows into [n, 28, 28, 1] images and class indices. */
export function encodeMnist(rows: readonly Row[], meta: ModelMetadata): { x: tf.Tensor4D; labels: number[] } {
  const pre = meta.image;
  if (pre === undefined) throw new Error(`model ${meta.name} has no image preprocessing`);
  const size = pre.shape[0] * pre.shape[1] * pre.shape[2];
  const data = new Float32Array(rows.length * size);
  const classes = meta.classes ?? [];
  const labels = rows.map((r, i) => {
    const img = r[pre.field];
    if (!(img instanceof Float32Array) && !Array.isArray(img)) throw new Error(`row ${r.id}: field '${pre.field}' is not a pixel array`);
    if (img.length !== size) throw new Error(`row ${r.id}: field '${pre.field}' has ${img.length} values, expected ${size}`);
    data.set(img as ArrayLike<number>, i * size);
    const k = classes.indexOf(String(r[meta.target]));
    if (k < 0) throw new Error(`row ${r.id}: '${meta.target}' value '${String(r[meta.target])}' is not one of ${classes.join(', ')}`);
    return k;
  });
  return { x: tf.tensor4d(data, [rows.length, ...pre.shape]), labels };
}

export function evaluateMnist(model: tf.LayersModel, meta: ModelMetadata, rows: readonly Row[]): Record<string, number> {
  const { x, labels } = encodeMnist(rows, meta);
  const probs = predictFlat(model, x);
  x.dispose();
  return { examples: rows.length, accuracy: round6(accuracy(argmaxRows(probs, 10), labels)), logLoss: round6(logLoss(probs, 10, labels)) };
}

export async function trainMnist(log: (line: string) => void = () => undefined): Promise<{ model: tf.LayersModel; metadata: ModelMetadata }> {
  const { train, heldOut } = mnistSplit();
  const metadata: ModelMetadata = {
    name: MNIST.name,
    task: 'multiclass',
    classes: CLASSES,
    target: MNIST.target,
    inputSpec: { image: { kind: 'Image', shape: SHAPE, required: true } },
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: CLASSES, parent: MNIST.target } },
    image: { field: 'image', shape: SHAPE },
    training: {
      script: 'scripts/train/mnist.ts',
      seed: MNIST.seed,
      data: `mnist@${packageVersion('mnist')} (10,000 digits); id = digit-index; ` +
        `held out: isHeldOut(id, 'mnist') from scripts/train/split.ts (${heldOut.length} of ${train.length + heldOut.length})`,
      heldOut: {},
    },
  };
  const { x, labels } = encodeMnist(train, metadata);
  const images = x.dataSync() as Float32Array;
  x.dispose();
  const model = buildModel(MNIST.seed);
  const start = twinWeightsOf(model);
  const w: TwinWeights & Record<string, tf.Variable> = {
    kernel: tf.variable(start.kernel), convBias: tf.variable(start.convBias),
    dense: tf.variable(start.dense), denseBias: tf.variable(start.denseBias),
  };
  tf.dispose(Object.values(start));
  const optimizer = tf.train.adam(MNIST.learningRate);
  await runSeededEpochs(labels.length, (indices) => {
    const patches = patchesOf(images, indices);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(indices.map((i) => labels[i]), 'int32'), CLASSES.length));
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, twinLogits(patches, w, indices.length)), true, Object.values(w));
    const value = loss === null ? NaN : loss.dataSync()[0];
    tf.dispose([patches, y, loss ?? []]);
    return value;
  }, { epochs: MNIST.epochs, batchSize: MNIST.batchSize, seed: MNIST.seed,
    onEpoch: (e, loss) => log(`mnist epoch ${e + 1} loss ${loss.toFixed(4)}`) });
  const kernel = tf.reshape(w.kernel, [KERNEL, KERNEL, 1, FILTERS]);
  model.getLayer('conv').setWeights([kernel, w.convBias]);
  model.getLayer('probas').setWeights([w.dense, w.denseBias]);
  tf.dispose([kernel, ...Object.values(w)]);
  optimizer.dispose();
  metadata.training.heldOut = evaluateMnist(model, metadata, heldOut);
  return { model, metadata };
}
