/**
 * Benchmark (issue 16, Speed): integrated gradients, 32 Gauss–Legendre steps in one batch, on
 * models/spam-bigru (masked BiGRU) and models/spam-transformer (two inputs, self-attention), ms
 * per example, tslit on each installed tfjs backend (tensorflow = tfjs-node, wasm) beside
 * TensorFlow 2.21 in Python on the same weights (bench/ig_tf_eager.py: eager, and tf.function as a
 * second figure), with the ratio; also how far tslit's per-token scores are from TensorFlow's.
 *
 * Texts: the first N held-out texts of the models/spam split whose words fit the BiGRU's 128
 * ids (its salience refuses longer texts), the same texts for both models. Each run explains
 * every text once (tokenizing and encoding included); figures are medians over runs.
 * Run: node -r ./bench/metrics-ts-register.js bench/ig-vs-tf.ts [texts=50] [runs=3] [models=spam-bigru,spam-transformer]
 * Python: /work/main/.venv-convert/bin/python (tensorflow-cpu 2.21, tf-keras); skipped when missing.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, installedBackends, integratedGradients, useBackend, type BackendName, type DifferentiableModel, type ModelAdapter } from '../src/index';
import { spamSplit } from '../scripts/train/spam';
import { loadBigru, loadTransformer, MAX_LENGTH } from '../test/models/keras-text-models';
import { median } from './salience-model';

const TEXTS = Number(process.argv[2] ?? 50);
const RUNS = Number(process.argv[3] ?? 3);
const MODELS = (process.argv[4] ?? 'spam-bigru,spam-transformer').split(',');
const STEPS = 32;
const CLASS = 1; // spam
const BACKENDS: BackendName[] = ['tensorflow', 'wasm'];
const PYTHON = join(__dirname, '..', '.venv-convert', 'bin', 'python');
const WORD = /[a-z0-9]+(?:'[a-z]+)*|[$!]/g;

interface PythonResult { tf: string; threads: number; eagerMs: number; functionMs: number; scores: number[][]; ends: number[][] }
interface Side { msPerExample: number; scores: number[][] }

function heldOutTexts(n: number): string[] {
  return spamSplit().heldOut.map((r) => String(r.text)).filter((t) => (t.toLowerCase().match(WORD) ?? []).length <= MAX_LENGTH).slice(0, n);
}

function ig(m: ModelAdapter, text: string): Float32Array {
  return integratedGradients(m, { text }, { steps: STEPS, tolerance: 'off', target: { classIndex: CLASS }, chunkSize: STEPS }).scores;
}

function timeTslit(m: ModelAdapter, texts: readonly string[]): Side {
  for (const t of texts.slice(0, 2)) ig(m, t); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (const t of texts) ig(m, t);
    runs.push((performance.now() - t0) / texts.length);
  }
  return { msPerExample: median(runs), scores: texts.map((t) => Array.from(ig(m, t))) };
}

/** The padded ids the model reads for each text (its first input). */
function paddedIds(m: ModelAdapter, texts: readonly string[]): number[][] {
  return texts.map((text) => {
    const enc = (m as DifferentiableModel).encode({ text });
    enc.input.dispose();
    enc.baseline.dispose();
    const ids = enc.tokenIds ?? [];
    return [...ids, ...new Array<number>(MAX_LENGTH - ids.length).fill(0)];
  });
}

function runPython(model: string, ids: number[][]): PythonResult | string {
  if (!existsSync(PYTHON)) return 'skipped: .venv-convert missing (see python/ requirements)';
  const dir = mkdtempSync(join(tmpdir(), 'ig-vs-tf-'));
  try {
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify({ model, examples: ids.map((i) => ({ ids: i })), classIndex: CLASS, steps: STEPS, repeats: RUNS, threads: 2 }));
    const out = execFileSync(PYTHON, [join(__dirname, 'ig_tf_eager.py'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
    return JSON.parse(out.trim().split('\n').pop() ?? '{}') as PythonResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest |a − b| over all tokens of all texts, relative to the largest |b| of the same text. */
function worstRelDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => {
    if (row.length !== b[i].length) { worst = NaN; return; }
    const scale = Math.max(...b[i].map(Math.abs));
    row.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - b[i][k]) / scale); });
  });
  return worst;
}

async function main(): Promise<void> {
  await initBackend(); // loadTransformer reads weights without choosing a backend (loadModel does)
  const texts = heldOutTexts(TEXTS);
  const available = installedBackends();
  const f = (x: number): string => x.toFixed(1);
  console.log(`IG ${STEPS} Gauss–Legendre steps in one batch, target class spam, ${texts.length} held-out texts, median of ${RUNS} runs; 2 cores`);
  for (const name of MODELS) {
    const loaded = await (name === 'spam-bigru' ? loadBigru({ cacheSize: 0 }) : loadTransformer({ cacheSize: 0 }));
    const ids = paddedIds(loaded, texts);
    const tokens = ids.map((r) => r.filter((v) => v !== 0).length);
    const py = runPython(name, ids);
    const rows: string[] = [];
    for (const backend of BACKENDS) {
      if (!available.includes(backend)) { rows.push(`  ${backend}: not installed`); continue; }
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const side = timeTslit(loaded, texts);
      if (tf.memory().numTensors !== before) throw new Error(`${name} on ${backend}: ${tf.memory().numTensors - before} tensors left`);
      const label = backend === 'tensorflow' ? 'tslit, tfjs-node' : `tslit, ${backend}`;
      if (typeof py === 'string') rows.push(`  ${label.padEnd(18)} ${f(side.msPerExample).padStart(8)} ms/example`);
      else {
        rows.push(`  ${label.padEnd(18)} ${f(side.msPerExample).padStart(8)} ms/example | ×${(side.msPerExample / py.eagerMs).toFixed(2)} TF eager, ×${(side.msPerExample / py.functionMs).toFixed(2)} tf.function | scores vs TF: max rel. diff ${worstRelDiff(side.scores, py.scores).toExponential(1)}`);
      }
    }
    console.log(`${name}: tokens per text median ${median(tokens)} (min ${Math.min(...tokens)}, max ${Math.max(...tokens)})`);
    if (typeof py === 'string') console.log(`  TensorFlow (Python): ${py}`);
    else {
      console.log(`  TF ${py.tf} eager     ${f(py.eagerMs).padStart(8)} ms/example (${py.threads} threads)`);
      console.log(`  TF ${py.tf} tf.function ${f(py.functionMs).padStart(6)} ms/example`);
    }
    for (const r of rows) console.log(r);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
