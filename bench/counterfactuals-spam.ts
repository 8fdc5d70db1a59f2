/**
 * Benchmark: counterfactual generators on the spam model's held-out set.
 *
 * Prints, over correctly classified held-out messages: the share HotFlip and ablation flip can
 * flip (ablation also removing every occurrence of a word at once) and the mean number of
 * tokens they change; model calls per counterfactual with batched
 * verification against the same search run one prediction at a time (batchSize 1); and the
 * latency of each text generator on one example (target <= 200 ms on WASM).
 *
 * Notes: messages are cut after the model's first `maxLength` tokens (what predict reads
 * anyway; checked) so that HotFlip, which needs gradients at every token, can encode them.
 * The held-out split is `spamSplit()` from scripts/train/spam.ts; examples are taken evenly
 * spaced through it. The adapter's prediction cache is off so every call is real work.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/counterfactuals-spam.ts [examples=40] [backend=wasm] [maxFlips=3] [maxRemovals=4] [precheck=on|off]
 */
import { readFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../src/core/spec';
import { ablationFlip, cutAfterTokens, hotflip, scrambler, wordReplacer, type CounterfactualResult } from '../src/explain/counterfactuals';
import { TextModelAdapter } from '../src/model/adapters/text-adapter';
import { initBackend, type BackendName } from '../src/model/backend';
import { loadLayersModelFromDir } from '../src/model/io/file-system';
import type { ModelMetadata } from '../src/model/metadata';
import { spamSplit } from '../scripts/train/spam';

const N = Number(process.argv[2] ?? 40);
const BACKEND = (process.argv[3] ?? 'wasm') as BackendName;
const MAX_FLIPS = Number(process.argv[4] ?? 3);
const MAX_REMOVALS = Number(process.argv[5] ?? 4);
const PRECHECK = (process.argv[6] ?? 'on') !== 'off';
const DIR = join(__dirname, '..', 'models', 'spam');
const SINGLE_RUNS = 8;
const RULES = 'free -> complimentary, gratis\nmoney -> cash\nclick -> press\nyou -> one\nthe -> a';

function quantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function timed(f: () => Promise<CounterfactualResult>): Promise<{ r: CounterfactualResult; ms: number }> {
  const t = performance.now();
  const r = await f();
  return { r, ms: performance.now() - t };
}

function argmax(p: number[]): number { return p.indexOf(Math.max(...p)); }

async function main(): Promise<void> {
  const report = await initBackend([BACKEND, 'cpu']);
  const meta = JSON.parse(readFileSync(join(DIR, 'tslit.json'), 'utf8')) as ModelMetadata;
  const model = await loadLayersModelFromDir(DIR);
  const adapter = new TextModelAdapter(model, meta, { cacheSize: 0 });
  const pre = meta.text!;
  const classes = meta.classes!;
  const heldOut = spamSplit().heldOut;
  const step = heldOut.length / N;
  const rows = Array.from({ length: N }, (_, i) => heldOut[Math.floor(i * step)]);
  const full: Example[] = rows.map((r) => ({ text: String(r.text) }));
  // The model lowercases before matching its token pattern; matching case-insensitively finds the same tokens.
  const tokenPattern = new RegExp(pre.tokenPattern, 'gi');
  const cut: Example[] = full.map((e) => ({ text: cutAfterTokens(e.text as string, tokenPattern, pre.maxLength) }));
  const [pf, pc] = [await adapter.predict(full), await adapter.predict(cut)];
  const changedByCut = pf.filter((p, i) => argmax(p.probas as number[]) !== argmax(pc[i].probas as number[])).length;
  const correct = cut.map((e, i) => ({ e, i })).filter(({ i }) => classes[argmax(pc[i].probas as number[])] === String(rows[i].label));
  console.log(`backend ${report.active}; model ${meta.name} (maxLength ${pre.maxLength}, vocab ${pre.vocab.length}); ` +
    `maxFlips ${MAX_FLIPS}, maxRemovals ${MAX_REMOVALS}, precheck ${PRECHECK ? 'on' : 'off'}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; ${N} held-out messages of ${heldOut.length}, ${correct.length} correctly classified; cutting changed ${changedByCut} predictions`);

  await hotflip(adapter, correct[0].e);  // warm-up (WASM compile, first kernels)
  await ablationFlip(adapter, correct[0].e, { tokenPattern });
  const gens = {
    hotflip: (e: Example, batchSize?: number) => hotflip(adapter, e, { batchSize, maxFlips: MAX_FLIPS, precheck: PRECHECK }),
    ablation: (e: Example, batchSize?: number) => ablationFlip(adapter, e, { tokenPattern, batchSize, maxRemovals: MAX_REMOVALS, precheck: PRECHECK }),
    ablationByWord: (e: Example, batchSize?: number) => ablationFlip(adapter, e, { tokenPattern, batchSize, maxRemovals: MAX_REMOVALS, precheck: PRECHECK, unit: 'word' }),
    wordReplacer: (e: Example) => wordReplacer(adapter, e, { rules: RULES, ignoreCase: true }),
    scrambler: (e: Example) => scrambler(adapter, e, { seed: 1, count: 3 }),
  };
  const before = tf.memory().numTensors;
  for (const name of ['hotflip', 'ablation', 'ablationByWord'] as const) {
    const runs: Array<{ r: CounterfactualResult; ms: number }> = [];
    for (const { e } of correct) runs.push(await timed(() => gens[name](e)));
    const flipped = runs.filter((x) => x.r.examples.length > 0);
    const minTokens = flipped.map((x) => Math.min(...x.r.examples.map((c) => c.distance)));
    const cfs = runs.reduce((a, x) => a + x.r.examples.length, 0);
    const calls = runs.reduce((a, x) => a + x.r.calls, 0);
    // The same search one prediction at a time, on the first few messages that flipped.
    const sample = correct.filter((_, j) => runs[j].r.examples.length > 0).slice(0, SINGLE_RUNS);
    let sCalls = 0; let bCalls = 0; let sCfs = 0;
    for (const { e } of sample) {
      const s = await gens[name](e, 1);
      const b = await gens[name](e);
      sCalls += s.calls; bCalls += b.calls; sCfs += s.examples.length;
      if (s.examples.length !== b.examples.length) console.log(`  note: ${name} found ${s.examples.length} one-at-a-time vs ${b.examples.length} batched`);
    }
    const ms = runs.map((x) => x.ms);
    console.log(`${name}: flipped ${flipped.length}/${runs.length} = ${(100 * flipped.length / runs.length).toFixed(1)}%; ` +
      `tokens changed (fewest per message) mean ${(minTokens.reduce((a, b) => a + b, 0) / Math.max(1, minTokens.length)).toFixed(2)}; ` +
      `${cfs} counterfactuals, ${(calls / Math.max(1, cfs)).toFixed(2)} calls each batched; ` +
      `on ${sample.length} messages: ${(bCalls / Math.max(1, sCfs)).toFixed(2)} vs ${(sCalls / Math.max(1, sCfs)).toFixed(2)} calls per counterfactual one-at-a-time (ratio ${(sCalls / Math.max(1, bCalls)).toFixed(1)}x); ` +
      `latency median ${quantile(ms, 0.5).toFixed(0)} ms, p90 ${quantile(ms, 0.9).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
  }
  for (const name of ['wordReplacer', 'scrambler'] as const) {
    const ms = [];
    for (const { e } of correct) ms.push((await timed(() => gens[name](e))).ms);
    console.log(`${name}: latency median ${quantile(ms, 0.5).toFixed(0)} ms, p90 ${quantile(ms, 0.9).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
  }
  console.log(`tensors after the runs: ${tf.memory().numTensors - before} more than before`);
  model.dispose();
}

main().catch((e) => { console.error(e); process.exit(1); });
