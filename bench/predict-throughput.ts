/**
 * Batch prediction throughput (rows per second) on flights-200k with a tabular regression
 * model, on each installed backend.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/predict-throughput.ts [rows] [batchSize]
 * (default 50,000 rows, batch 1024; pass 200000 for the whole file).
 *
 * Notes: the model has the cars regression model's architecture (Dense 32 relu, 16 relu, 1)
 * over flights' numeric features (distance, time of day) predicting delay, with seeded random
 * weights: throughput does not depend on the weights' values. Two figures per backend: the
 * whole adapter path (validation, encoding, batches, reading outputs) and the bare
 * `model.predict` on a prepared tensor, to show the adapter's overhead.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { readArrow } from '../src/model/dataset';
import { installedBackends, useBackend } from '../src/model/backend';
import { TabularModelAdapter } from '../src/model/adapters/tabular-adapter';
import type { ModelMetadata } from '../src/model/metadata';
import type { Example } from '../src/core/spec';

const ROWS = Number(process.argv[2] ?? 50000);
const BATCH = Number(process.argv[3] ?? 1024);
const FEATURES = ['distance', 'time'];

function stats(rows: Example[], f: string): { mean: number; std: number } {
  const v = rows.map((r) => r[f] as number);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std };
}

function buildModel(): tf.LayersModel {
  const m = tf.sequential({ name: 'flights-delay' });
  m.add(tf.layers.dense({ units: 32, activation: 'relu', inputShape: [FEATURES.length], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  m.add(tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  m.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  return m;
}

async function main(): Promise<void> {
  const file = path.resolve(__dirname, '../node_modules/vega-datasets/data/flights-200k.arrow');
  const ds = readArrow(file);
  const n = Math.min(ROWS, ds.size);
  const rows = ds.rows(Array.from({ length: n }, (_, i) => i));
  const meta: ModelMetadata = {
    name: 'flights-delay', task: 'regression', target: 'delay',
    inputSpec: Object.fromEntries(FEATURES.map((f) => [f, { kind: 'Scalar' }])),
    outputSpec: { delay_pred: { kind: 'RegressionScore', parent: 'delay' } },
    tabular: { features: FEATURES.map((f) => ({ name: f, kind: 'numeric' as const, ...stats(rows, f) })) },
    training: { script: 'bench/predict-throughput.ts', seed: 1, data: 'flights-200k.arrow', heldOut: {} },
  };
  console.log(`flights-200k.arrow: ${ds.size} rows; predicting ${n} rows, batch ${BATCH}, tfjs ${tf.version.tfjs}`);
  const model = buildModel();
  const baseline = tf.memory().numTensors;
  for (const backend of installedBackends()) {
    await useBackend(backend);
    const adapter = new TabularModelAdapter(model, meta, { batchSize: BATCH, cacheSize: 0 });
    await adapter.predict(rows.slice(0, BATCH)); // warm-up
    const t0 = performance.now();
    const preds = await adapter.predict(rows);
    const t1 = performance.now();
    const x = tf.tidy(() => tf.randomNormal([n, FEATURES.length], 0, 1, 'float32', 7));
    tf.tidy(() => { model.predict(x.slice(0, BATCH), { batchSize: BATCH }); });
    const t2 = performance.now();
    const y = model.predict(x, { batchSize: BATCH }) as tf.Tensor;
    await y.data();
    const t3 = performance.now();
    tf.dispose([x, y]);
    if (preds.length !== n) throw new Error('wrong number of predictions');
    const adapterRate = n / ((t1 - t0) / 1000);
    const bareRate = n / ((t3 - t2) / 1000);
    console.log(`${backend.padEnd(10)} adapter ${Math.round(adapterRate).toLocaleString('en-US').padStart(10)} rows/s   bare model.predict ${Math.round(bareRate).toLocaleString('en-US').padStart(10)} rows/s   tensors left ${tf.memory().numTensors - baseline}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
