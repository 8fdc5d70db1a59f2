/**
 * Benchmark (issue 13): the binary tensor extension against JSON, through a real KServe 0.21
 * Python model server on loopback (scripts/remote/kserve_penguins.py), distinct rows in batches
 * of 64 at concurrency 1, 4 and 16. tslit's remoteModel (JSON, then binaryTensors: true) side by
 * side with a plain client loop (the peer: `fetch` in N workers, the same request bytes,
 * nothing else) in each encoding.
 *
 * Prints the median of `runs` per row and the ratios tslit / plain client and binary / JSON.
 * Run: node -r ./bench/metrics-ts-register.js bench/remote-binary.ts [rows=20000] [runs=3]
 */
import { cpus, loadavg } from 'os';
import type { Example } from '../src/core/spec';
import { remoteModel } from '../src/model/remote';
import { BATCH, plainClient } from './remote-plain-client';
import { KServeServer } from '../test/remote/kserve';
import { MlServer } from '../test/remote/mlserver';

const ROWS = Number(process.argv[2] ?? 20_000);
const RUNS = Number(process.argv[3] ?? 3);
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rowsOf(x: number[][], features: string[], n: number, run: number): Example[] {
  return Array.from({ length: n }, (_, i) => {
    const r = x[i % x.length];
    return Object.fromEntries(features.map((f, j) => [f, j === 3 ? r[j] + i * 1e-4 + run * 0.5 : r[j]]));
  });
}

async function main(): Promise<void> {
  // MLServer only trains the model and writes the reference rows; KServe serves the same model.
  const reference = await MlServer.create(0.01);
  await reference.stop();
  const server = await KServeServer.start();
  try {
    const { x, features, classes } = reference.reference;
    console.log(`${ROWS} rows, batches of ${BATCH}, KServe 0.21 Python model server on loopback, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
    for (const concurrency of [1, 4, 16]) {
      const line: string[] = [`concurrency ${String(concurrency).padStart(2)}:`];
      const figures: Record<string, number> = {};
      for (const binary of [false, true]) {
        const model = await remoteModel({ url: server.url, model: 'penguins', inputSpec: Object.fromEntries(features.map((f) => [f, { kind: 'Scalar' as const }])), classes, batchSize: BATCH, concurrency, binaryTensors: binary });
        const ours: number[] = [];
        const peer: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const a = rowsOf(x, features, ROWS, run + (binary ? 10 : 0));
          let t = performance.now();
          await model.predict(a);
          ours.push(ROWS / ((performance.now() - t) / 1000));
          const b = rowsOf(x, features, ROWS, run + 100);
          t = performance.now();
          const n = await plainClient(server.url, features, b, concurrency, { binary });
          if (n !== ROWS) throw new Error(`the plain client got ${n} rows`);
          peer.push(ROWS / ((performance.now() - t) / 1000));
        }
        const name = binary ? 'binary' : 'JSON';
        figures[name] = median(ours);
        line.push(`${name}: tslit ${median(ours).toFixed(0)} rows/s, plain client ${median(peer).toFixed(0)} rows/s, ratio ${(median(ours) / median(peer)).toFixed(2)};`);
      }
      line.push(`tslit binary / JSON ${(figures.binary / figures.JSON).toFixed(2)}`);
      console.log(line.join(' '));
    }
  } finally {
    await server.close();
    await reference.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
