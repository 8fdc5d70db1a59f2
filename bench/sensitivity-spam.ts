/**
 * Benchmark: the parameter-sensitivity profile over every layer of the spam model, 5 repeats,
 * 1,000 rows (issue 14's target: under 10 s on the native backend, progress shown throughout).
 *
 * Prints the seconds of each run (median of `runs`), the longest gap between two progress
 * calls (how long the view would go without an update), and the time of one plain
 * `predict()` pass over the same rows for scale (the profile runs layers × repeats + 1 passes).
 * No notebook tool we compare with offers parameter sensitivity, so there is no peer ratio.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/sensitivity-spam.ts [backend=tensorflow] [rows=1000] [runs=3]
 */
import { cpus, loadavg } from 'os';
import { join } from 'path';
import { parameterSensitivity } from '../src/explain/sensitivity';
import { initBackend, loadModel, type BackendName } from '../src/model';
import { exampleDataset } from '../src/examples';

const BACKEND = (process.argv[2] ?? 'tensorflow') as BackendName;
const ROWS = Number(process.argv[3] ?? 1000);
const RUNS = Number(process.argv[4] ?? 3);

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const backend = await initBackend([BACKEND]);
  const model = await loadModel(join(__dirname, '..', 'models', 'spam'), { cacheSize: 0 });
  const data = exampleDataset('spam', { limit: ROWS });
  const examples = data.ids().map((id) => data.example(id));
  console.log(`backend ${backend.active}, ${examples.length} rows, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
  let t = performance.now();
  await model.predict(examples);
  console.log(`one predict() pass: ${(performance.now() - t).toFixed(0)} ms`);
  const seconds: number[] = [];
  const gaps: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let last = performance.now();
    let gap = 0;
    t = performance.now();
    const profile = await parameterSensitivity(model, examples, {
      perturbation: { kind: 'gaussian', scale: 0.5 }, repeats: 5, seed: r,
      onProgress: () => { const now = performance.now(); gap = Math.max(gap, now - last); last = now; },
    });
    seconds.push((performance.now() - t) / 1000);
    gaps.push(gap);
    if (r === 0) for (const l of profile.layers) console.log(`  ${l.layer} (${l.className}, ${l.weights} weights): accuracy drop ${l.slices.all.drop.toFixed(4)} ± ${l.slices.all.std.toFixed(4)}`);
  }
  console.log(`sensitivity profile, every layer, 5 repeats, ${examples.length} rows: median ${median(seconds).toFixed(2)} s (runs ${seconds.map((s) => s.toFixed(2)).join(', ')}; target < 10 s)`);
  console.log(`longest gap between progress updates: median ${median(gaps).toFixed(0)} ms`);
  model.model.dispose();
}

main().catch((e) => { console.error(e); process.exit(1); });
