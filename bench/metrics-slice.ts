/**
 * Benchmark: binary metrics over 1,000,000 predictions, recomputed for a newly chosen random
 * 50% slice (accuracy, P/R/F1, ROC AUC, PR AUC, log loss, confusion). Target: <= 100 ms.
 * Two tslit paths: "prepared" (data checked and score column sorted once by
 * `prepareClassification`, then each slice is linear passes) and "cold" (plain data: checks
 * and a radix sort per slice). Times scikit-learn on the same data and slices in the same run
 * and prints the ratios.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/metrics-slice.ts [rows] [repeats]
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';
import { mulberry32 } from '../src/core/random';
import { metricsBySlice, prepareClassification, type ClassificationMetricName } from '../src/core/metrics';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const REPEATS = Number(process.argv[3] ?? 7);
const NAMES: ClassificationMetricName[] = ['accuracy', 'prf', 'rocAuc', 'prAuc', 'logLoss', 'confusion'];

function makeData(n: number, rand: () => number): { labels: Int32Array; probs: Float32Array } {
  const labels = new Int32Array(n);
  const probs = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const y = rand() < 0.3 ? 1 : 0;
    const noise = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const p = Math.fround(1 / (1 + Math.exp(-(1.5 * (2 * y - 1) + 1.5 * noise))));
    labels[i] = y;
    probs[2 * i + 1] = p;
    probs[2 * i] = Math.fround(1 - p);
  }
  return { labels, probs };
}

function randomHalf(n: number, rand: () => number): Uint32Array {
  const picked = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (rand() < 0.5) picked[k++] = i;
  return picked.slice(0, k);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  const rand = mulberry32(42);
  const { labels, probs } = makeData(ROWS, rand);
  const data = { kind: 'classification' as const, labels, probs, numClasses: 2 };
  const tPrep = process.hrtime.bigint();
  const prepared = prepareClassification(data);
  const prepMs = Number(process.hrtime.bigint() - tPrep) / 1e6;
  for (let w = 0; w < 2; w++) {
    metricsBySlice({ warm: randomHalf(ROWS, rand) }, data, NAMES);
    metricsBySlice({ warm: randomHalf(ROWS, rand) }, prepared, NAMES);
  }

  const slices = Array.from({ length: REPEATS }, () => randomHalf(ROWS, rand));
  // Wall time, and this process's CPU time (closer to the uncontended figure when other
  // jobs share the cores).
  const time = (source: typeof data | typeof prepared, times: number[], cpu: number[]) => slices.map((indices) => {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const r = metricsBySlice({ s: indices }, source, NAMES).s;
    const c = process.cpuUsage(c0);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push((c.user + c.system) / 1e3);
    return r;
  });
  const coldTimes: number[] = [], coldCpu: number[] = [];
  const times: number[] = [], cpu: number[] = [];
  const coldResults = time(data, coldTimes, coldCpu);
  const results = time(prepared, times, cpu);
  const ours = median(times);
  const cold = median(coldTimes);

  const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-'));
  try {
    writeFileSync(join(dir, 'labels.i32'), Buffer.from(labels.buffer));
    writeFileSync(join(dir, 'probs.f32'), Buffer.from(probs.buffer));
    const flat = new Uint32Array(slices.reduce((s, x) => s + x.length, 0));
    let off = 0;
    for (const s of slices) { flat.set(s, off); off += s.length; }
    writeFileSync(join(dir, 'slices.u32'), Buffer.from(flat.buffer));
    writeFileSync(join(dir, 'slice_lengths.u32'), Buffer.from(Uint32Array.from(slices.map((s) => s.length)).buffer));
    const py = join(__dirname, '..', '.venv', 'bin', 'python');
    const out = execFileSync(py, [join(__dirname, 'metrics-slice-sklearn.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const sk = JSON.parse(out) as { timesMs: number[]; cpuMs: number[]; results: Array<Record<string, number>> };
    const skMedian = median(sk.timesMs);
    let maxDiff = 0;
    [...results, ...coldResults].forEach((r, j) => {
      const i = j % results.length;
      const s = sk.results[i];
      const pairs: Array<[number, number]> = [
        [r.accuracy!, s.accuracy], [r.prf!.macro.f1, s.macroF1], [r.rocAuc!, s.rocAuc], [r.prAuc!, s.prAuc], [r.logLoss!, s.logLoss],
      ];
      for (const [a, b] of pairs) maxDiff = Math.max(maxDiff, Math.abs(a - b));
    });
    console.log(`rows ${ROWS}, slice ~50% (${slices[0].length} rows), ${REPEATS} slices, metrics: ${NAMES.join(', ')}`);
    const all = (ts: number[]) => ts.map((t) => t.toFixed(0)).join(' ');
    const cpuOf = (ts: number[]) => `${median(ts).toFixed(1)} ms CPU`;
    console.log(`load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
    console.log(`tslit prepared: median ${ours.toFixed(1)} ms wall, ${cpuOf(cpu)} per new slice (wall: ${all(times)}); one-off prepare ${prepMs.toFixed(0)} ms`);
    console.log(`tslit cold:     median ${cold.toFixed(1)} ms wall, ${cpuOf(coldCpu)} per new slice (wall: ${all(coldTimes)})`);
    console.log(`sklearn:        median ${skMedian.toFixed(1)} ms wall, ${cpuOf(sk.cpuMs)} per new slice (wall: ${all(sk.timesMs)})`);
    console.log(`ratio sklearn/tslit: prepared ${(skMedian / ours).toFixed(1)}x, cold ${(skMedian / cold).toFixed(1)}x`);
    console.log(`target <= 100 ms: prepared ${ours <= 100 ? 'met' : 'NOT met'}, cold ${cold <= 100 ? 'met' : 'NOT met'}`);
    console.log(`max |tslit - sklearn| over the metrics: ${maxDiff.toExponential(2)} (log loss: float32 input, sklearn sums in float32)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
