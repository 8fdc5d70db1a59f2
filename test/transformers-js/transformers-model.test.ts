/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * transformersModel on the tiny BERT of models/tiny-bert-spam, from local files only: PyTorch's
 * probabilities, batching, the cache, Cancel, bad folders, and no network.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as tf from '@tensorflow/tfjs';
import { env } from '@huggingface/transformers';
import { transformersModel, type TransformersTextModel } from '../../src/model/transformers-js';
import { AbortError } from '../../src/model/predict/batches';
import { MODEL_DIR, heldOut, references } from './tiny-bert';

let model: TransformersTextModel;
let fetches: string[];
let baseline: number;
const realFetch = env.fetch;
beforeAll(async () => {
  fetches = [];
  // Any network call transformers.js makes goes through env.fetch: record it (and refuse).
  env.fetch = ((url: string) => { fetches.push(String(url)); return Promise.reject(new Error(`network used: ${url}`)); }) as typeof env.fetch;
  baseline = tf.memory().numTensors;
  model = await transformersModel(MODEL_DIR);
});
afterAll(async () => {
  await model.dispose();
  env.fetch = realFetch;
});

test('local files only: remote models off, no fetch, specs from config.json', () => {
  expect(env.allowRemoteModels).toBe(false);
  expect(fetches).toEqual([]);
  expect(model.outputSpec()).toEqual({ probas: { kind: 'MulticlassPreds', vocab: ['ham', 'spam'], parent: 'label' } });
  expect(model.inputSpec()).toEqual({ text: { kind: 'TextSegment' } });
  expect(model.maxLength).toBe(128);
});

test('the fixture texts are the project\'s held-out texts (the Python port of the split and cleaning agrees)', () => {
  const byId = new Map(heldOut().map((r) => [r.id, r.text]));
  for (const r of references()) expect(byId.get(r.id)).toBe(r.text);
});

test('probabilities equal PyTorch\'s for 20 held-out texts, in one batch and one by one', async () => {
  const refs = references();
  const examples = refs.map((r) => ({ text: r.text }));
  const batched = await model.predict(examples, { bypassCache: true });
  const single = await model.predict(examples, { batchSize: 1, bypassCache: true });
  refs.forEach((r, i) => {
    const p = batched[i].probas as number[];
    const q = single[i].probas as number[];
    p.forEach((v, c) => {
      expect(Math.abs(v - r.probabilities[c])).toBeLessThan(1e-4);
      expect(Math.abs(v - q[c])).toBeLessThan(1e-5);
    });
  });
  expect(tf.memory().numTensors).toBe(baseline);
});

test('held-out accuracy is what models/tiny-bert-spam/README.md says PyTorch measured', async () => {
  const readme = readFileSync(join(MODEL_DIR, 'README.md'), 'utf8');
  const stated = Number(/accuracy (0\.\d+)/.exec(readme)?.[1]);
  const rows = heldOut();
  const preds = await model.predict(rows.map((r) => ({ text: r.text })), { batchSize: 64 });
  const right = preds.filter((p, i) => ((p.probas as number[])[1] >= 0.5 ? 'spam' : 'ham') === rows[i].label).length;
  expect(right / rows.length).toBeCloseTo(stated, 4);
});

test('the cache answers repeated texts without running the model; Cancel stops between batches', async () => {
  const texts = heldOut().slice(200, 230).map((r) => ({ text: `${r.text as string} (cache)` }));
  const firstReports: number[] = [];
  const first = await model.predict(texts, { batchSize: 8, onProgress: (d) => firstReports.push(d) });
  expect(firstReports).toEqual([8, 16, 24, 30]);
  // Everything cached: the only progress report is the whole call, at once.
  const reports: number[] = [];
  expect(await model.predict(texts, { batchSize: 8, onProgress: (d) => reports.push(d) })).toEqual(first);
  expect(reports).toEqual([30]);
  const fresh = heldOut().slice(300, 340).map((r) => ({ text: `${r.text as string} (cancel)` }));
  const cancel = new AbortController();
  let done = 0;
  const run = model.predict(fresh, { batchSize: 8, signal: cancel.signal, onProgress: (d) => { done = d; cancel.abort(); } });
  await expect(run).rejects.toBeInstanceOf(AbortError);
  expect(done).toBe(8);
  // The model still answers after a Cancel, and the same as without the cache.
  const again = await model.predict(fresh, { batchSize: 8 });
  expect(again).toEqual(await model.predict(fresh, { batchSize: 8, bypassCache: true }));
});

test('bad folders: an error naming the folder and the missing file, before anything is loaded', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tiny-bert-'));
  try {
    const noConfig = join(tmp, 'no-config');
    cpSync(MODEL_DIR, noConfig, { recursive: true });
    rmSync(join(noConfig, 'config.json'));
    await expect(transformersModel(noConfig)).rejects.toThrow(new RegExp(`'${noConfig}' has no config\\.json`));
    const noOnnx = join(tmp, 'no-onnx');
    cpSync(MODEL_DIR, noOnnx, { recursive: true });
    rmSync(join(noOnnx, 'onnx', 'model.onnx'));
    await expect(transformersModel(noOnnx)).rejects.toThrow(new RegExp(`'${noOnnx}' has no onnx/model\\.onnx`));
    await expect(transformersModel(noOnnx, { dtype: 'q8' })).rejects.toThrow(/has no onnx\/model_quantized\.onnx/);
    await expect(transformersModel(join(tmp, 'nowhere'))).rejects.toThrow(/nowhere' does not exist/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  expect(fetches).toEqual([]);
});

test('two folders of the same name in different places load at once, each its own', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tiny-bert-'));
  try {
    // A copy whose labels are renamed: if either load read the other's files, its classes would show it.
    const other = join(tmp, 'tiny-bert-spam');
    cpSync(MODEL_DIR, other, { recursive: true });
    const configPath = join(other, 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { id2label: Record<string, string> };
    config.id2label = { 0: 'not-spam', 1: 'junk' };
    writeFileSync(configPath, JSON.stringify(config));
    const [a, b] = await Promise.all([transformersModel(other), transformersModel(MODEL_DIR, { name: 'again' })]);
    expect(a.classes).toEqual(['not-spam', 'junk']);
    expect(b.classes).toEqual(['ham', 'spam']);
    const x = [{ text: references()[3].text }];
    expect((await a.predict(x))[0].probas).toEqual((await b.predict(x))[0].probas);
    await Promise.all([a.dispose(), b.dispose()]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a text that is not a string is refused naming the row and field', async () => {
  await expect(model.predict([{ text: 'ok' }, { text: 3 as unknown as string }])).rejects.toThrow(/row 1.*text|text.*row 1/);
});
