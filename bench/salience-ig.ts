/**
 * Benchmark: integrated gradients, 32 steps (Gauss–Legendre, all steps in one batch), on one
 * example of a spam-sized text model (Embedding → mean → Dense → Dense), in ms per example
 * on each available tfjs backend, and TensorFlow in Python (tf.GradientTape, batched, same
 * weights, same steps) in the same run; prints the ratio ours / TF (target ≤ 1.0).
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/salience-ig.ts [repeats]
 * Python side: .venv-ref (see scripts/reference/salience_reference.py); skipped if missing.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs';
import { integratedGradients } from '../src/explain/salience';
import { installedBackends, useBackend, type BackendName } from '../src/model/backend';
import { benchTextModel, median, SPAM_TEXT } from './salience-model';

const REPEATS = Number(process.argv[2] ?? 30);
const STEPS = 32;

async function main(): Promise<void> {
  const { model, description, weights } = await benchTextModel();
  const example = { text: SPAM_TEXT };
  const enc = model.encode(example);
  const ids = enc.tokenIds ?? [];
  enc.input.dispose();
  enc.baseline.dispose();
  const rows: string[] = [];
  let ours: Float32Array | undefined;
  const msBy: Record<string, number> = {};
  for (const backend of installedBackends().filter((b) => b !== 'tensorflow') as BackendName[]) {
    await useBackend(backend);
    const run = (): Float32Array => integratedGradients(model, example, { steps: STEPS, tolerance: 'off', target: { classIndex: 1 }, chunkSize: STEPS }).scores;
    for (let i = 0; i < 3; i++) run();
    const before = tf.memory().numTensors;
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      ours = run();
      times.push(performance.now() - t0);
    }
    if (tf.memory().numTensors !== before) throw new Error(`tensor leak on ${backend}`);
    msBy[backend] = median(times);
  }
  const py = join(__dirname, '..', '.venv-ref', 'bin', 'python');
  let tfLine = 'TensorFlow (Python): skipped, .venv-ref missing';
  let tfMs: { eagerMs: number; functionMs: number; tf: string; scores: number[] } | undefined;
  if (!weights) tfLine = 'TensorFlow (Python): skipped, the model is not Embedding → mean → Dense → Dense';
  else if (existsSync(py)) {
    const dir = mkdtempSync(join(tmpdir(), 'salience-bench-'));
    try {
      const file = join(dir, 'weights.json');
      writeFileSync(file, JSON.stringify({ ...weights, ids, classIndex: 1, steps: STEPS, repeats: REPEATS }));
      tfMs = JSON.parse(execFileSync(py, [join(__dirname, '..', 'scripts', 'reference', 'salience_bench.py'), file], { encoding: 'utf8' }).trim().split('\n').pop() ?? '{}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (tfMs && ours) {
    const scale = Math.max(...tfMs.scores.map(Math.abs));
    const diff = Math.max(...tfMs.scores.map((v, i) => Math.abs(v - (ours as Float32Array)[i]))) / scale;
    tfLine = `TensorFlow ${tfMs.tf} (Python, GradientTape, batched): eager ${tfMs.eagerMs.toFixed(2)} ms, tf.function ${tfMs.functionMs.toFixed(2)} ms; max |ours − TF| / max|TF| = ${diff.toExponential(1)}`;
  }
  rows.push(`IG ${STEPS} steps (Gauss–Legendre, one batch), ${ids.length} tokens, ${description}; median of ${REPEATS}`);
  for (const [b, ms] of Object.entries(msBy)) {
    const ratio = tfMs ? ` | ratio vs TF eager ${(ms / tfMs.eagerMs).toFixed(2)}, vs tf.function ${(ms / tfMs.functionMs).toFixed(2)}` : '';
    rows.push(`tfjs ${b}: ${ms.toFixed(2)} ms per example${ratio}`);
  }
  rows.push(tfLine);
  console.log(rows.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
