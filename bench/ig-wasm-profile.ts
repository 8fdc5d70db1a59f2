/**
 * Kernel-by-kernel profile of one transformer IG (32 steps, one batch) on a tfjs backend.
 * Run: node -r ./bench/metrics-ts-register.js bench/ig-wasm-profile.ts [backend=wasm] [texts=5]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, integratedGradients, useBackend, type BackendName } from '../src/index';
import { spamSplit } from '../scripts/train/spam';
import { loadTransformer } from '../test/models/keras-text-models';

const BACKEND = (process.argv[2] ?? 'wasm') as BackendName;
const TEXTS = Number(process.argv[3] ?? 5);

async function main(): Promise<void> {
  await initBackend();
  await useBackend(BACKEND);
  const m = await loadTransformer({ cacheSize: 0 });
  const texts = spamSplit().heldOut.map((r) => String(r.text)).slice(0, TEXTS);
  const run = (t: string) => integratedGradients(m, { text: t }, { steps: 32, tolerance: 'off', target: { classIndex: 1 }, chunkSize: 32 });
  run(texts[0]);
  const t0 = performance.now();
  const info = await tf.profile(() => { for (const t of texts) run(t); });
  const wall = (performance.now() - t0) / texts.length;
  const byName = new Map<string, { n: number; ms: number; shapes: Map<string, { n: number; ms: number }> }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { n: 0, ms: 0, shapes: new Map() };
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    e.n++; e.ms += ms;
    const key = k.inputShapes.map((s) => `[${s}]`).join(' ');
    const s = e.shapes.get(key) ?? { n: 0, ms: 0 };
    s.n++; s.ms += ms; e.shapes.set(key, s);
    byName.set(k.name, e);
  }
  const total = [...byName.values()].reduce((a, e) => a + e.ms, 0) / texts.length;
  console.log(`${BACKEND}: ${wall.toFixed(1)} ms/example wall (profiled), ${total.toFixed(1)} ms kernels, ${info.kernels.length / texts.length} kernel calls/example`);
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`${name.padEnd(24)} ${String(e.n / texts.length).padStart(5)} calls ${(e.ms / texts.length).toFixed(2).padStart(8)} ms`);
    for (const [shape, s] of [...e.shapes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 3)) console.log(`    ${(s.ms / texts.length).toFixed(2).padStart(8)} ms ×${s.n / texts.length} ${shape}`);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
