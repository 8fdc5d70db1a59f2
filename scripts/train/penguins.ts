/**
 * The tabular classification example: penguin species from four measurements and the island.
 *
 * Notes: `Sex` stays in the data for slicing but is not a model input. 7 inputs (4 standardised,
 * 3 one-hot) -> Dense(16, relu) -> Dense(3, softmax).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata, TabularFeature } from '../../src/model/metadata';
import type { Spec } from '../../src/core/spec';
import { loadPenguins, PENGUIN_NUMERIC } from './data/penguins';
import type { Row } from './data/rows';
import { splitById } from './split';
import { categoricalFeature, encodeTabular, numericFeature } from './tabular';
import { fitSeeded, predictFlat } from './fit';
import { accuracy, argmaxRows, logLoss } from './metrics';
import { packageVersion, round6 } from './common';

export const PENGUINS = { name: 'penguins', seed: 20261129, target: 'Species', epochs: 20, batchSize: 16, learningRate: 0.01 };

/** The held-out rows of the penguins model (the split rule salted with its name). */
export function penguinsSplit(): { train: Row[]; heldOut: Row[] } {
  return splitById(loadPenguins(), PENGUINS.name);
}

function buildModel(inputs: number, classes: number, seed: number): tf.Sequential {
  const model = tf.sequential({ name: 'penguins' });
  model.add(tf.layers.dense({ name: 'hidden', inputShape: [inputs], units: 16, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.add(tf.layers.dense({ name: 'probas', units: classes, activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  return model;
}

/** Encodes rows into model inputs and class indices. */
export function encodePenguins(rows: readonly Row[], meta: ModelMetadata): { x: tf.Tensor2D; labels: number[] } {
  const features = meta.tabular?.features ?? [];
  const { data, width } = encodeTabular(rows, features);
  const classes = meta.classes ?? [];
  const labels = rows.map((r) => {
    const k = classes.indexOf(String(r[meta.target]));
    if (k < 0) throw new Error(`row ${r.id}: '${meta.target}' value '${String(r[meta.target])}' is not one of ${classes.join(', ')}`);
    return k;
  });
  return { x: tf.tensor2d(data, [rows.length, width]), labels };
}

/** Held-out accuracy and log loss of a penguins model. */
export function evaluatePenguins(model: tf.LayersModel, meta: ModelMetadata, rows: readonly Row[]): Record<string, number> {
  const { x, labels } = encodePenguins(rows, meta);
  const probs = predictFlat(model, x);
  x.dispose();
  const k = meta.classes?.length ?? 0;
  return { examples: rows.length, accuracy: round6(accuracy(argmaxRows(probs, k), labels)), logLoss: round6(logLoss(probs, k, labels)) };
}

export async function trainPenguins(log: (line: string) => void = () => undefined): Promise<{ model: tf.LayersModel; metadata: ModelMetadata }> {
  const { train, heldOut } = penguinsSplit();
  const features: TabularFeature[] = [
    ...PENGUIN_NUMERIC.map((f) => numericFeature(train, f)),
    categoricalFeature(train, 'Island'),
  ];
  const classes = [...new Set(train.map((r) => String(r.Species)))].sort();
  const inputSpec: Spec = {};
  for (const f of features) inputSpec[f.name] = f.kind === 'numeric' ? { kind: 'Scalar' } : { kind: 'CategoryLabel', vocab: f.values };
  const metadata: ModelMetadata = {
    name: PENGUINS.name,
    task: 'multiclass',
    classes,
    target: PENGUINS.target,
    inputSpec,
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: classes, parent: PENGUINS.target } },
    tabular: { features },
    training: {
      script: 'scripts/train/penguins.ts',
      seed: PENGUINS.seed,
      data: `vega-datasets@${packageVersion('vega-datasets')} data/penguins.json; rows with a missing measurement dropped; ` +
        `held out: isHeldOut(row index, 'penguins') from scripts/train/split.ts (${heldOut.length} of ${train.length + heldOut.length})`,
      heldOut: {},
    },
  };
  const { x, labels } = encodePenguins(train, metadata);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes.length));
  const model = buildModel(x.shape[1], classes.length, PENGUINS.seed);
  const optimizer = tf.train.adam(PENGUINS.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  await fitSeeded(model, x, y, { epochs: PENGUINS.epochs, batchSize: PENGUINS.batchSize, seed: PENGUINS.seed,
    onEpoch: (e, loss) => { if ((e + 1) % 5 === 0) log(`penguins epoch ${e + 1} loss ${loss.toFixed(4)}`); } });
  tf.dispose([x, y]);
  optimizer.dispose();
  metadata.training.heldOut = evaluatePenguins(model, metadata, heldOut);
  return { model, metadata };
}
