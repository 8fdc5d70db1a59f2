/**
 * Benchmark: the ONNX spam model (models/spam-onnx) through `onnxModel`, examples per second at
 * batch 1, 32 and 256 on the held-out texts, and LIME with 256 samples on one text (ms, target
 * ≤ 150), beside onnxruntime in Python on the same model and the same token ids.
 *
 * Notes: "adapter" is `predict` end to end (tokenizing, padding, the session, probabilities; the
 * cache bypassed); "session" is `session.run` alone on tensors built before timing, which is
 * what the Python peer times, so their ratio compares the two runtimes' bindings.
 *
 * Run: npm run bench:onnx  (node -r ./bench/metrics-ts-register.js bench/onnx-throughput.ts [repeats])
 */
import { execFileSync } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tmpdir } from 'os';
import * as ort from 'onnxruntime-node';
import { onnxModel } from '../src/model/onnx';
import { lime } from '../src/explain/salience';
import { spamSplit } from '../scripts/train/spam';
import { median } from './salience-model';

const REPEATS = Number(process.argv[2] ?? 5);
const MODEL = join(__dirname, '..', 'models', 'spam-onnx', 'model.onnx');
const PYTHON = join(__dirname, '..', '.venv-train', 'bin', 'python');
/** Batch size and how many held-out texts each run predicts. */
const SIZES: Array<[number, number]> = [[1, 300], [32, 1177], [256, 1177]];

function padded(ids: readonly number[][], size: number): ort.Tensor[] {
  const out: ort.Tensor[] = [];
  for (let s = 0; s < ids.length; s += size) {
    const rows = ids.slice(s, s + size);
    const longest = Math.max(1, ...rows.map((r) => r.length));
    const data = new BigInt64Array(rows.length * longest);
    rows.forEach((r, i) => r.forEach((id, p) => { data[i * longest + p] = BigInt(id); }));
    out.push(new ort.Tensor('int64', data, [rows.length, longest]));
  }
  return out;
}

async function rate(count: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const rates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await run();
    rates.push(count / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

function pythonPeer(ids: number[][]): { version: string; rates: Record<string, number> } | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const file = join(tmpdir(), `tslit-onnx-bench-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ sizes: SIZES, ids }));
  const out = JSON.parse(execFileSync(PYTHON, [join(__dirname, 'onnx_throughput.py'), MODEL, file, String(REPEATS)], { encoding: 'utf8' })) as { onnxruntime: string; rates: Record<string, number> };
  return { version: out.onnxruntime, rates: out.rates };
}

async function main(): Promise<void> {
  const model = await onnxModel(MODEL);
  const texts = spamSplit().heldOut.map((r) => ({ text: String(r.text) }));
  const ids = texts.map((t) => model.tokenizer().encodeIds(t.text, 256));
  const peer = pythonPeer(ids);
  console.log(`spam-onnx (${texts.length} held-out texts), median of ${REPEATS}; peer: ${peer ? `onnxruntime ${peer.version} (Python)` : 'none (.venv-train absent)'}`);
  console.log('batch | adapter ex/s | session ex/s | Python session ex/s | ratio (session / Python)');
  for (const [size, count] of SIZES) {
    const adapter = await rate(count, () => model.predict(texts.slice(0, count), { batchSize: size, bypassCache: true }));
    const feeds = padded(ids.slice(0, count), size);
    const session = await rate(count, async () => { for (const x of feeds) (await model.session.run({ input_ids: x })).probabilities.dispose(); });
    feeds.forEach((t) => t.dispose());
    const py = peer?.rates[String(size)];
    console.log(`${size} | ${adapter.toFixed(0)} | ${session.toFixed(0)} | ${py?.toFixed(0) ?? '-'} | ${py ? (session / py).toFixed(2) : '-'}`);
  }
  const example = texts.find((t) => model.tokenizer().tokenize(t.text).length >= 30 && model.tokenizer().tokenize(t.text).length <= 60) ?? texts[0];
  const tokens = model.tokenizer().tokenize(example.text).length;
  const times: number[] = [];
  for (let seed = 0; seed < REPEATS + 2; seed++) {
    const t0 = performance.now();
    await lime(model, example, { samples: 256, seed: 1000 + seed }); // a new seed each run: new perturbations, no cache hits
    if (seed >= 2) times.push(performance.now() - t0);
  }
  console.log(`LIME 256 samples on one text (${tokens} tokens): median ${median(times).toFixed(1)} ms (target <= 150 ms)`);
  await model.release();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
