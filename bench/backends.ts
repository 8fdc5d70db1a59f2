/**
 * Benchmark: the same text model on every tfjs backend this process can load (tensorflow =
 * tfjs-node, wasm, cpu) and in TensorFlow for Python on the same weights, side by side:
 *   - prediction throughput: the adapter's predict() on a batch of texts (tokenising included),
 *     and one forward pass over the batch as a tensor (ids → embedding → model), examples/s;
 *   - integrated gradients, 32 Gauss–Legendre steps in one batch, one example, ms.
 * Also prints how far the backends' numbers are from cpu's and from TensorFlow's.
 *
 * The model is models/spam through loadModel when it exists, else a fixture of the same sizes
 * (bench/salience-model.ts). tfjs-node: `node scripts/tfjs-node/install.mjs` first.
 * Run: node -r ./bench/metrics-ts-register.js bench/backends.ts [batch=128] [repeats=5]
 * Python side: .venv-ref/bin/python bench/backends_tf.py (skipped when .venv-ref is missing).
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs';
import { integratedGradients } from '../src/explain/salience';
import { installedBackends, useBackend, type BackendName } from '../src/model/backend';
import type { DifferentiableModel } from '../src/model/adapter';
import { mulberry32 } from '../src/core/random';
import { adapterFromMetadata } from '../src/model/load-model';
import { MetadataAdapter } from '../src/model/adapters/metadata-adapter';
import { benchTextModel, exportTextWeights, median, spamSizedModel, SPAM_TEXT, type BenchTextModel } from './salience-model';

const BATCH = Number(process.argv[2] ?? 128);
const REPEATS = Number(process.argv[3] ?? 5);
const STEPS = 32;
const ALL: BackendName[] = ['tensorflow', 'wasm', 'cpu'];

interface Row {
  predictMs: number;
  forwardMs?: number;
  igMs: number;
  probas?: number[];
  ig: number[];
  initMs: number;
}

interface PythonResult {
  tf: string;
  predictEagerMs: number;
  predictFunctionMs: number;
  igEagerMs: number;
  igFunctionMs: number;
  probas: number[];
  igScores: number[];
}

/** Texts of 8–60 words drawn (seeded) from the spam text and a few out-of-vocabulary words. */
function texts(n: number): string[] {
  const words = [...(SPAM_TEXT.toLowerCase().match(/\w+/g) ?? []), 'meeting', 'lunch', 'zorblax', 'hello'];
  const r = mulberry32(20261129);
  return Array.from({ length: n }, () => Array.from({ length: 8 + Math.floor(r() * 53) }, () => words[Math.floor(r() * words.length)]).join(' '));
}

function timeMs(fn: () => unknown, repeats: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function timeAsyncMs(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** max |a − b| / max |b|. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return NaN;
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

async function main(): Promise<void> {
  const loaded = await benchTextModel().catch((e: Error): BenchTextModel => {
    const fx = spamSizedModel();
    return { model: fx, description: `spam-sized fixture (models/spam did not load: ${e.message})`, weights: exportTextWeights(fx) };
  });
  const { description, weights } = loaded;
  // The adapter's prediction cache would turn repeated predict() calls into lookups.
  const model = loaded.model instanceof MetadataAdapter ? adapterFromMetadata(loaded.model.model, loaded.model.metadata, { cacheSize: 0 }) : loaded.model;
  const m = model as DifferentiableModel & { embeddingTable?: () => tf.Tensor2D };
  const examples = texts(BATCH).map((text) => ({ text }));
  const batchIds = examples.map((ex) => {
    const e = m.encode(ex);
    e.input.dispose();
    e.baseline.dispose();
    return e.tokenIds ?? [];
  });
  const igExample = { text: SPAM_TEXT };
  const igEnc = m.encode(igExample);
  const igIds = igEnc.tokenIds ?? [];
  igEnc.input.dispose();
  igEnc.baseline.dispose();
  const maxLength = (weights?.text as { maxLength?: number } | undefined)?.maxLength;

  const rows = new Map<BackendName, Row>();
  const skipped: string[] = [];
  const available = installedBackends();
  for (const backend of ALL) {
    if (!available.includes(backend)) {
      skipped.push(`${backend}: not installed${backend === 'tensorflow' ? " (run 'node scripts/tfjs-node/install.mjs')" : ''}`);
      continue;
    }
    const t0 = performance.now();
    try {
      await useBackend(backend);
    } catch (e) {
      skipped.push(`${backend}: ${(e as Error).message}`);
      continue;
    }
    const initMs = performance.now() - t0;
    const before = tf.memory().numTensors;
    const predictMs = await timeAsyncMs(() => m.predict(examples), REPEATS);
    let forwardMs: number | undefined;
    let probas: number[] | undefined;
    const table = m.embeddingTable?.();
    if (table && maxLength) {
      const padded = batchIds.map((ids) => [...ids, ...new Array<number>(maxLength - ids.length).fill(0)]);
      const forward = (): Float32Array => tf.tidy(() => m.forward(tf.gather(table, tf.tensor2d(padded, [BATCH, maxLength], 'int32'))).dataSync() as Float32Array);
      forwardMs = timeMs(forward, REPEATS);
      probas = Array.from(forward());
    }
    const ig = (): Float32Array => integratedGradients(m, igExample, { steps: STEPS, tolerance: 'off', target: { classIndex: 1 }, chunkSize: STEPS }).scores;
    const igMs = timeMs(ig, REPEATS * 2);
    const igScores = Array.from(ig());
    if (tf.memory().numTensors !== before) throw new Error(`tensor leak on ${backend}: ${tf.memory().numTensors - before}`);
    rows.set(backend, { predictMs, forwardMs, igMs, probas, ig: igScores, initMs });
  }

  let py: PythonResult | undefined;
  let pyNote = '';
  const python = join(__dirname, '..', '.venv-ref', 'bin', 'python');
  if (!weights) pyNote = 'skipped: the model is not Embedding → mean → Dense → Dense';
  else if (!existsSync(python)) pyNote = 'skipped: .venv-ref missing (python3 -m venv .venv-ref && .venv-ref/bin/pip install tensorflow-cpu==2.18.1 numpy)';
  else {
    const dir = mkdtempSync(join(tmpdir(), 'backends-bench-'));
    try {
      const file = join(dir, 'spec.json');
      writeFileSync(file, JSON.stringify({ ...weights, batchIds, igIds, classIndex: 1, steps: STEPS, repeats: REPEATS * 2, threads: 2 }));
      const out = execFileSync(python, [join(__dirname, 'backends_tf.py'), file], { encoding: 'utf8' });
      py = JSON.parse(out.trim().split('\n').pop() ?? '{}') as PythonResult;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const eps = (ms: number | undefined): string => (ms === undefined ? '—' : `${Math.round((BATCH / ms) * 1000)}/s`);
  const f = (x: number | undefined, d = 2): string => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
  const cpu = rows.get('cpu');
  console.log(`Model: ${description}; batch ${BATCH} texts (8–60 words), IG ${STEPS} steps on ${igIds.length} tokens; medians of ${REPEATS} (IG ${REPEATS * 2}); 2 shared cores`);
  console.log('backend                | init ms | predict() ex/s | forward ex/s | IG ms  | IG vs TF eager | probas Δ vs cpu | Δ vs TF | IG Δ vs TF');
  for (const [b, r] of rows) {
    const name = b === 'tensorflow' ? 'tensorflow (tfjs-node)' : b;
    console.log(
      `${name.padEnd(22)} | ${f(r.initMs, 0).padStart(7)} | ${eps(r.predictMs).padStart(14)} | ${eps(r.forwardMs).padStart(12)} | ${f(r.igMs).padStart(6)} | ` +
        `${(py ? `${f(r.igMs / py.igEagerMs)}×` : '—').padStart(14)} | ${(cpu?.probas && r.probas ? relDiff(r.probas, cpu.probas).toExponential(1) : '—').padStart(15)} | ` +
        `${(py && r.probas ? relDiff(r.probas, py.probas).toExponential(1) : '—').padStart(7)} | ${py ? relDiff(r.ig, py.igScores).toExponential(1) : '—'}`,
    );
  }
  if (py) {
    console.log(`TensorFlow ${py.tf} (Python) | forward eager ${eps(py.predictEagerMs)}, tf.function ${eps(py.predictFunctionMs)} | IG eager ${f(py.igEagerMs)} ms, tf.function ${f(py.igFunctionMs)} ms`);
    const ratios = [...rows].map(([b, r]) => `${b}: forward ${f(r.forwardMs !== undefined ? r.forwardMs / py.predictEagerMs : undefined)}×, IG ${f(r.igMs / py.igEagerMs)}× (vs tf.function ${f(r.igMs / py.igFunctionMs)}×)`);
    console.log(`time ratios tfjs / TF eager (<1 = tfjs faster): ${ratios.join('; ')}`);
  } else {
    console.log(`TensorFlow (Python): ${pyNote}`);
  }
  for (const s of skipped) console.log(`skipped ${s}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
