/**
 * Tensor count after 10,000 salience calls: cycles through every method (and calls that
 * fail on bad input) on small text, tabular and image models, and checks that
 * tf.memory().numTensors is back to its starting value.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/salience-calls.ts [calls]
 */
import * as tf from '@tensorflow/tfjs';
import {
  gradientNorm, gradientTimesInput, integratedGradients, kernelShap, lime, occlusion, smoothGrad,
} from '../src/explain/salience';
import { useBackend } from '../src/model/backend';
import { ImageFixture, smallMlp, tabularExample, testImage, textModel } from '../test/salience/fixtures/models';

const CALLS = Number(process.argv[2] ?? 10_000);

async function main(): Promise<void> {
  await useBackend('cpu');
  const text = textModel(7);
  const mlp = smallMlp(5, 3, 11);
  const image = new ImageFixture(8, 3);
  const t = { text: 'win free money now click the offer' };
  const x = tabularExample([0.8, -1.2, 0.3, 1.7, -0.4]);
  const img = { image: testImage(8) };
  const bg = [[0, 0, 0, 0, 0], [1, -1, 0.5, 0.2, 0.3]];
  const calls: Array<() => unknown> = [
    () => gradientNorm(text, t),
    () => gradientTimesInput(mlp, x),
    () => integratedGradients(text, t, { steps: 8 }),
    () => integratedGradients(mlp, x, { steps: 8, target: { classIndex: 1 } }),
    () => integratedGradients(image, img, { steps: 4, chunkSize: 2 }),
    () => smoothGrad(text, t, { samples: 4 }),
    () => lime(text, t, { samples: 32 }),
    () => lime(mlp, x, { samples: 32, background: bg }),
    () => kernelShap(mlp, x, { background: bg }),
    () => occlusion(text, t, { mask: 'remove' }),
    () => occlusion(image, img, { patchSize: 4 }),
    () => integratedGradients(mlp, x, { baseline: [1, 2] }), // fails: wrong baseline shape
    () => gradientNorm(text, { text: '' }), // fails: empty text
  ];
  for (const c of calls) try { c(); } catch { /* warm-up, errors expected */ }
  const before = tf.memory().numTensors;
  let errors = 0;
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    try {
      calls[i % calls.length]();
    } catch {
      errors++;
    }
  }
  const after = tf.memory().numTensors;
  console.log(`${CALLS} salience calls (${errors} rejected bad input) in ${((performance.now() - t0) / 1000).toFixed(1)} s: numTensors ${before} → ${after} (${after === before ? 'unchanged' : 'LEAK'})`);
  if (after !== before) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
