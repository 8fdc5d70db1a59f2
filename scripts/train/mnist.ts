/**
 * The image example: MNIST digits with a small CNN.
 *
 * Notes: [28, 28, 1] in [0, 1] -> Conv2D(8, 3x3, relu) -> MaxPool(2) -> Flatten -> Dense(10,
 * softmax). Trained on the 80% of the `mnist` package's 10,000 digits that are not held out.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../src/model/metadata';
import { loadMnist, MNIST_SIDE } from './data/mnist';
import type { Row } from './data/rows';
import { splitById } from './split';
import { fitSeeded, predictFlat } from './fit';
import { accuracy, argmaxRows, logLoss } from './metrics';
import { packageVersion, round6 } from './common';

export const MNIST = { name: 'mnist', seed: 20261132, target: 'label', epochs: 2, batchSize: 32, learningRate: 0.004 };
const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SHAPE: [number, number, number] = [MNIST_SIDE, MNIST_SIDE, 1];

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
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES.length));
  const model = buildModel(MNIST.seed);
  const optimizer = tf.train.adam(MNIST.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await fitSeeded(model, x, y, { epochs: MNIST.epochs, batchSize: MNIST.batchSize, seed: MNIST.seed,
    onEpoch: (e, loss) => log(`mnist epoch ${e + 1} loss ${loss.toFixed(4)}`) });
  tf.dispose([x, y]);
  optimizer.dispose();
  metadata.training.heldOut = evaluateMnist(model, metadata, heldOut);
  return { model, metadata };
}
