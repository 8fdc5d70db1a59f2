/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * The ONNX adapter on the committed PyTorch model: the same probabilities as PyTorch, batching
 * and padding that do not change them, the cache, cancellation, and the held-out accuracy the
 * training script measured.
 */
import { onnxModel, type OnnxModel } from '../../src/model/onnx';
import { MODEL_PATH, heldOut, references, settings } from './spam-onnx';
import { accuracy, argmaxClasses } from '../../src/core/metrics';

let model: OnnxModel;
beforeAll(async () => { model = await onnxModel(MODEL_PATH); });
afterAll(async () => { await model.release(); });

test('reads the session metadata and the tokenizer settings beside the model', () => {
  expect(model.name).toBe('spam-onnx');
  expect(model.signature.inputs).toEqual([{ name: 'input_ids', type: 'int64', shape: ['batch', 'sequence'] }]);
  expect(model.signature.outputs).toEqual([{ name: 'probabilities', type: 'float32', shape: ['batch', 2] }]);
  expect(model.outputSpec()).toEqual({ probas: { kind: 'MulticlassPreds', vocab: ['ham', 'spam'] } });
  expect(model.textField).toBe('text');
});

test('the tokenizer gives the ids PyTorch was fed, and the probabilities equal PyTorch\'s to 1e-5', async () => {
  const refs = references();
  for (const r of refs) expect(model.tokenizer().encodeIds(r.text, 256)).toEqual(r.ids);
  const preds = await model.predict(refs.map((r) => ({ text: r.text })), { bypassCache: true });
  preds.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(Math.abs(v - refs[i].probabilities[c])).toBeLessThan(1e-5)));
  // Both classes occur among the references, so the comparison is not of one constant.
  expect(new Set(refs.map((r) => r.probabilities[1] > 0.5)).size).toBe(2);
});

test('batched (padded to the batch\'s longest) equals one by one; the cache answers repeats', async () => {
  const m = await onnxModel(MODEL_PATH, undefined);
  const texts = references().map((r) => ({ text: r.text }));
  const one: number[][] = [];
  for (const t of texts) one.push((await m.predict([t], { bypassCache: true }))[0].probas as number[]);
  const batched = await m.predict(texts, { batchSize: 7 });
  batched.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(one[i][c], 6)));
  const before = m.cache.size;
  const progress: number[] = [];
  const again = await m.predict(texts, { onProgress: (d) => progress.push(d) });
  expect(m.cache.size).toBe(before);
  expect(again).toEqual(batched);
  expect(progress).toEqual([texts.length]); // nothing left to run: answered from the cache
  await m.release();
});

test('an aborted signal cancels between batches', async () => {
  const texts = heldOut().slice(0, 200).map((e) => ({ text: `${e.text} abort-test` }));
  const controller = new AbortController();
  const run = model.predict(texts, { batchSize: 10, signal: controller.signal, onProgress: (d) => { if (d >= 20) controller.abort(); } });
  await expect(run).rejects.toThrow(/cancelled/);
  await expect(model.predict(texts.slice(0, 1), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
});

test('held-out accuracy in TypeScript equals what the training script measured', async () => {
  const rows = heldOut();
  expect(rows.length).toBe(settings().heldOut.n);
  const preds = await model.predict(rows, { batchSize: 64 });
  const probs = Float64Array.from(preds.flatMap((p) => p.probas as number[]));
  const labels = Int32Array.from(rows, (r) => (r.label === 'spam' ? 1 : 0));
  const acc = accuracy(labels, argmaxClasses(probs, 2), 2);
  expect(acc).toBeCloseTo(settings().heldOut.accuracy, 4);
});
