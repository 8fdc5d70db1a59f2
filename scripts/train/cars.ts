/**
 * The tabular regression example: miles per gallon from six numeric features and the origin.
 *
 * Notes: 9 inputs (6 standardised, 3 one-hot) -> Dense(32, relu) -> Dense(16, relu) -> Dense(1).
 * The output bias starts at the training mean of the target, so the model predicts miles per
 * gallon directly (no target scaling to undo in the adapter).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata, TabularFeature } from '../../src/model/metadata';
import type { Spec } from '../../src/core/spec';
import { CARS_NUMERIC, loadCars } from './data/cars';
import type { Row } from './data/rows';
import { splitById } from './split';
import { categoricalFeature, encodeTabular, numericFeature } from './tabular';
import { fitSeeded, predictFlat } from './fit';
import { mae, rmse } from './metrics';
import { packageVersion, round6 } from './common';

export const CARS = { name: 'cars', seed: 20261130, target: 'Miles_per_Gallon', epochs: 150, batchSize: 16, learningRate: 0.01 };

export function carsSplit(): { train: Row[]; heldOut: Row[] } {
  return splitById(loadCars(), CARS.name);
}

function buildModel(inputs: number, targetMean: number, seed: number): tf.Sequential {
  const model = tf.sequential({ name: 'cars' });
  model.add(tf.layers.dense({ name: 'hidden1', inputShape: [inputs], units: 32, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }));
  model.add(tf.layers.dense({ name: 'hidden2', units: 16, activation: 'relu',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  model.add(tf.layers.dense({ name: 'score', units: 1,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }),
    biasInitializer: tf.initializers.constant({ value: targetMean }) }));
  return model;
}

/** Encodes rows into model inputs and targets. */
export function encodeCars(rows: readonly Row[], meta: ModelMetadata): { x: tf.Tensor2D; targets: number[] } {
  const { data, width } = encodeTabular(rows, meta.tabular?.features ?? []);
  const targets = rows.map((r) => {
    const v = r[meta.target];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`row ${r.id}: target '${meta.target}' is ${JSON.stringify(v)}`);
    return v;
  });
  return { x: tf.tensor2d(data, [rows.length, width]), targets };
}

/** Held-out RMSE and MAE (miles per gallon) of a cars model. */
export function evaluateCars(model: tf.LayersModel, meta: ModelMetadata, rows: readonly Row[]): Record<string, number> {
  const { x, targets } = encodeCars(rows, meta);
  const pred = predictFlat(model, x);
  x.dispose();
  return { examples: rows.length, rmse: round6(rmse(pred, targets)), mae: round6(mae(pred, targets)) };
}

export async function trainCars(log: (line: string) => void = () => undefined): Promise<{ model: tf.LayersModel; metadata: ModelMetadata }> {
  const { train, heldOut } = carsSplit();
  const features: TabularFeature[] = [
    ...CARS_NUMERIC.map((f) => numericFeature(train, f)),
    categoricalFeature(train, 'Origin'),
  ];
  const inputSpec: Spec = {};
  for (const f of features) inputSpec[f.name] = f.kind === 'numeric' ? { kind: 'Scalar' } : { kind: 'CategoryLabel', vocab: f.values };
  const metadata: ModelMetadata = {
    name: CARS.name,
    task: 'regression',
    target: CARS.target,
    inputSpec,
    outputSpec: { score: { kind: 'RegressionScore', parent: CARS.target } },
    tabular: { features },
    training: {
      script: 'scripts/train/cars.ts',
      seed: CARS.seed,
      data: `vega-datasets@${packageVersion('vega-datasets')} data/cars.json; rows missing MPG or horsepower dropped; ` +
        `Model_Year = year of Year; held out: isHeldOut(row index, 'cars') from scripts/train/split.ts (${heldOut.length} of ${train.length + heldOut.length})`,
      heldOut: {},
    },
  };
  const { x, targets } = encodeCars(train, metadata);
  const y = tf.tensor2d(targets, [targets.length, 1]);
  const mean = targets.reduce((a, b) => a + b, 0) / targets.length;
  const model = buildModel(x.shape[1], mean, CARS.seed);
  const optimizer = tf.train.adam(CARS.learningRate);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  await fitSeeded(model, x, y, { epochs: CARS.epochs, batchSize: CARS.batchSize, seed: CARS.seed,
    onEpoch: (e, loss) => { if ((e + 1) % 50 === 0) log(`cars epoch ${e + 1} mse ${loss.toFixed(3)}`); } });
  tf.dispose([x, y]);
  optimizer.dispose();
  metadata.training.heldOut = evaluateCars(model, metadata, heldOut);
  return { model, metadata };
}
