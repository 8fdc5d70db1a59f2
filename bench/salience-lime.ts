/**
 * Benchmark: LIME with 256 samples on one text example of the spam-sized model, ms per call
 * on each available backend (target ≤ 100 ms). All 256 perturbations go through `forward`
 * in one batch; masking with the pad embedding and with removal are both timed.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/salience-lime.ts [repeats]
 */
import * as tf from '@tensorflow/tfjs';
import { lime } from '../src/explain/salience';
import { installedBackends, useBackend, type BackendName } from '../src/model/backend';
import { benchTextModel, median, SPAM_TEXT } from './salience-model';

const REPEATS = Number(process.argv[2] ?? 20);

async function main(): Promise<void> {
  const { model, description } = await benchTextModel();
  const example = { text: SPAM_TEXT };
  const enc = model.encode(example);
  console.log(`LIME 256 samples, ${enc.labels.length} tokens, ${description}; median of ${REPEATS}`);
  enc.input.dispose();
  enc.baseline.dispose();
  for (const backend of installedBackends().filter((b) => b !== 'tensorflow') as BackendName[]) {
    await useBackend(backend);
    for (const mask of ['pad', 'remove'] as const) {
      const run = (seed: number): Float32Array => lime(model, example, { samples: 256, seed, mask }).scores;
      for (let i = 0; i < 3; i++) run(i);
      const before = tf.memory().numTensors;
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const t0 = performance.now();
        run(i);
        times.push(performance.now() - t0);
      }
      if (tf.memory().numTensors !== before) throw new Error(`tensor leak on ${backend}`);
      const ms = median(times);
      console.log(`tfjs ${backend}, mask ${mask}: ${ms.toFixed(1)} ms per call (${ms <= 100 ? 'meets' : 'misses'} the 100 ms target)`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
