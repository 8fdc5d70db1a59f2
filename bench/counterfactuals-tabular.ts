/**
 * Benchmark: nearest and minimal tabular counterfactuals on the example models (penguins:
 * classes; cars: a regression target range), over held-out rows searched against the training
 * rows. Prints latency per example and model calls batched vs one prediction at a time.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/counterfactuals-tabular.ts [examples=20] [backend=wasm]
 */
import type { Example } from '../src/core/spec';
import { minimalTabularCounterfactual, nearestCounterfactual, type CounterfactualResult } from '../src/explain/counterfactuals';
import { initBackend, type BackendName } from '../src/model/backend';
import { loadModel } from '../src/model/load-model';
import { carsSplit } from '../scripts/train/cars';
import { penguinsSplit } from '../scripts/train/penguins';

const N = Number(process.argv[2] ?? 20);
const BACKEND = (process.argv[3] ?? 'wasm') as BackendName;

function argmax(p: number[]): number { return p.indexOf(Math.max(...p)); }
function median(xs: number[]): number { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

async function measure(label: string, examples: Example[], run: (e: Example, batchSize?: number) => Promise<CounterfactualResult>): Promise<void> {
  await run(examples[0]); // warm-up
  const ms: number[] = [];
  let found = 0; let calls = 0; let single = 0; let cfs = 0;
  for (const e of examples) {
    const t = performance.now();
    const r = await run(e);
    ms.push(performance.now() - t);
    if (r.examples.length) found++;
    calls += r.calls; cfs += r.examples.length;
    single += (await run(e, 1)).calls;
  }
  console.log(`${label}: found for ${found}/${examples.length}; ${(calls / Math.max(1, cfs)).toFixed(2)} calls per counterfactual batched vs ` +
    `${(single / Math.max(1, cfs)).toFixed(1)} one-at-a-time (ratio ${(single / Math.max(1, calls)).toFixed(0)}x); ` +
    `latency median ${median(ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const report = await initBackend([BACKEND, 'cpu']);
  console.log(`backend ${report.active}; ${N} held-out rows per model`);
  const penguins = await loadModel('models/penguins', { cacheSize: 0 });
  const p = penguinsSplit();
  const pTrain = p.train as Example[];
  const pEx = p.heldOut.slice(0, N) as Example[];
  const pPreds = await penguins.predict(pTrain);
  const classes = penguins.classes ?? [];
  await measure('penguins nearest (predictions given)', pEx, (e, batchSize) => nearestCounterfactual(penguins, e, pTrain, { predictions: pPreds, batchSize }));
  await measure('penguins minimal, k <= 2, next class', pEx, async (e, batchSize) => {
    const [p0] = await penguins.predict([e]);
    return minimalTabularCounterfactual(penguins, e, pTrain, { goal: { targetClass: classes[(argmax(p0.probas as number[]) + 1) % classes.length] }, prediction: p0, batchSize });
  });
  const cars = await loadModel('models/cars', { cacheSize: 0 });
  const c = carsSplit();
  const cTrain = c.train as Example[];
  const cEx = c.heldOut.slice(0, N) as Example[];
  await measure('cars minimal, k <= 2, mpg +4..+8', cEx, async (e, batchSize) => {
    const [p0] = await cars.predict([e]);
    const s = p0.score as number;
    return minimalTabularCounterfactual(cars, e, cTrain, { goal: { targetRange: [s + 4, s + 8] }, prediction: p0, batchSize });
  });
  penguins.model.dispose();
  cars.model.dispose();
}

main().catch((e) => { console.error(e); process.exit(1); });
