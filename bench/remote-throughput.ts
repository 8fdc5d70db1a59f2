/**
 * Benchmark (issue 13): rows per second through a real MLServer on loopback (the scikit-learn
 * penguin classifier of scripts/remote/serve_penguins.py), 100,000 distinct rows in batches of
 * 64, at concurrency 1, 4 and 16 — tslit's remoteModel against a plain client loop (the peer:
 * `fetch` in N workers with the same batches and the same JSON, nothing else), and, for
 * scale, tslit's own penguins model run in-process on tfjs.
 *
 * Prints the median of `runs` per row and the ratio tslit / plain client (target ≥ 0.9).
 * Run: node -r ./bench/metrics-ts-register.js bench/remote-throughput.ts [rows=100000] [runs=3] [nocache] [gzip]
 */
import { cpus, loadavg } from 'os';
import { join } from 'path';
import type { Example } from '../src/core/spec';
import { remoteModel } from '../src/model/remote';
import { BATCH, plainClient } from './remote-plain-client';
import { initBackend, loadModel } from '../src/model';
import { exampleRecords } from '../src/examples';
import { MlServer } from '../test/remote/mlserver';
import { validateExamples } from '../src/model/predict/spec-check';
import { exampleKey } from '../src/model/predict/example-key';
import { PredictionCache } from '../src/model/predict/prediction-cache';
import { checkPrediction } from '../src/model/adapters/predict-fn-adapter';

/**
 * The client-side work tslit does per call that the plain client does not — input checks,
 * content keys, the cache, output checks — timed alone (no server), in ms per `rows` rows: on
 * two cores shared with the server, this CPU time is what separates the two clients.
 */
function clientWork(server: MlServer, rows: Example[]): string {
  const spec = Object.fromEntries(server.reference.features.map((f) => [f, { kind: 'Scalar' as const }]));
  const outSpec = { probas: { kind: 'MulticlassPreds' as const, vocab: server.reference.classes } };
  const fields = Object.keys(spec).sort();
  const time = (fn: () => void): number => { const t = performance.now(); fn(); return performance.now() - t; };
  const validate = time(() => validateExamples(spec, rows));
  const keys: string[] = [];
  const keying = time(() => rows.forEach((r) => keys.push(exampleKey(r, fields))));
  const cache = new PredictionCache(100_000);
  const preds = rows.map((_, i) => ({ probas: server.reference.proba[i % server.reference.proba.length] }));
  const caching = time(() => keys.forEach((k, i) => { cache.get(k); cache.set(k, preds[i]); }));
  const checks = time(() => preds.forEach((p, i) => checkPrediction(outSpec, p, i)));
  return `validate ${validate.toFixed(0)} ms, content keys ${keying.toFixed(0)} ms, cache ${caching.toFixed(0)} ms, output checks ${checks.toFixed(0)} ms`;
}

const ROWS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 3);
/** `nocache`: tslit without its prediction cache (no content keys), to see what the cache costs. */
const NO_CACHE = process.argv.slice(4).includes('nocache');
/**
 * `gzip`: both clients ask for compressed answers (MLServer gzips by default). Without it both
 * send `accept-encoding: identity`, tslit's default on loopback.
 */
const GZIP = process.argv.slice(4).includes('gzip');
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `n` distinct rows: the penguins' measurements, each bird's mass nudged by its index. */
function rowsOf(server: MlServer, n: number, run: number): Example[] {
  const { x, features } = server.reference;
  return Array.from({ length: n }, (_, i) => {
    const r = x[i % x.length];
    return Object.fromEntries(features.map((f, j) => [f, j === 3 ? r[j] + i * 1e-4 + run * 0.5 : r[j]]));
  });
}

async function main(): Promise<void> {
  const server = await MlServer.create(0.01);
  try {
    const features = server.reference.features;
    console.log(`${ROWS} rows, batches of ${BATCH},${NO_CACHE ? ' tslit without its cache,' : ''}${GZIP ? ' gzip-compressed answers,' : ' uncompressed answers,'} MLServer 1.7.1 on loopback (one process), ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
    const results: string[] = [];
    for (const concurrency of [1, 4, 16]) {
      const model = await remoteModel({ url: server.url, model: 'penguins', inputSpec: Object.fromEntries(features.map((f) => [f, { kind: 'Scalar' as const }])), classes: server.reference.classes, batchSize: BATCH, concurrency, compressedAnswers: GZIP, ...(NO_CACHE ? { cacheSize: 0 } : {}) });
      const ours: number[] = [];
      const peer: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternate who goes first, so neither always meets a server just warmed (or tired) by the other.
        const runOurs = async () => {
          const rows = rowsOf(server, ROWS, run);
          const t = performance.now();
          await model.predict(rows);
          ours.push(ROWS / ((performance.now() - t) / 1000));
        };
        const runPeer = async () => {
          const rows = rowsOf(server, ROWS, run + 100);
          const t = performance.now();
          const n = await plainClient(server.url, features, rows, concurrency, { gzip: GZIP });
          if (n !== ROWS) throw new Error(`the plain client got ${n} rows`);
          peer.push(ROWS / ((performance.now() - t) / 1000));
        };
        if (run % 2 === 0) { await runOurs(); await runPeer(); } else { await runPeer(); await runOurs(); }
      }
      const line = `concurrency ${String(concurrency).padStart(2)}: tslit ${median(ours).toFixed(0)} rows/s (runs ${ours.map((v) => v.toFixed(0)).join(', ')}), plain client ${median(peer).toFixed(0)} rows/s (runs ${peer.map((v) => v.toFixed(0)).join(', ')}), ratio ${(median(ours) / median(peer)).toFixed(2)}`;
      console.log(line);
      results.push(line);
    }
    const works = Array.from({ length: RUNS }, (_, run) => clientWork(server, rowsOf(server, ROWS, run + 200)));
    console.log(`tslit's own client-side work per ${ROWS} rows, no server (last of ${RUNS}): ${works.at(-1)}`);
    await initBackend(['tensorflow', 'wasm', 'cpu']);
    const local = await loadModel(join(__dirname, '..', 'models', 'penguins'), { cacheSize: 0 });
    const records = exampleRecords('penguins');
    const localRows = Array.from({ length: ROWS }, (_, i) => records[i % records.length] as unknown as Example);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await local.predict(localRows, { batchSize: 1024 });
      times.push(ROWS / ((performance.now() - t) / 1000));
    }
    console.log(`in-process for scale (tslit's own penguins network on tfjs, batches of 1024): ${median(times).toFixed(0)} rows/s`);
  } finally {
    await server.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
