/**
 * Remote models on a real MLServer (issue 13), started by the tests on loopback and serving
 * a scikit-learn model the test script trains (scripts/remote/serve_penguins.py): metadata
 * read into specs and checked against the person's, predictions equal to scikit-learn's own,
 * batching with a bounded concurrency, the cache (answers with the server gone), black-box
 * salience, counterfactuals and partial dependence on it, gradient methods refused, and the
 * faults: the server killed in the middle of 10,000 rows (the rows already predicted kept, a
 * retry after the restart sends only the rest), a slow server (timeouts, Cancel).
 */
import type { Example } from '../../src/core/spec';
import { remoteModel, RemoteModelError, type RemoteModel } from '../../src/model/remote';
import { kernelShapPredict, occlusionPredict } from '../../src/explain/salience';
import { nearestCounterfactual } from '../../src/explain/counterfactuals';
import { partialDependence } from '../../src/explain/partial-dependence';
import { computeSalience } from '../../src/widgets/salience/compute';
import { MlServer } from './mlserver';

jest.setTimeout(180_000);

let server: MlServer;
beforeAll(async () => { server = await MlServer.create(0.25); }, 180_000);
afterAll(async () => { await server?.close(); });

const spec = () => Object.fromEntries(server.reference.features.map((f) => [f, { kind: 'Scalar' as const }]));
const rows = (): Example[] => server.reference.x.map((x) => Object.fromEntries(server.reference.features.map((f, j) => [f, x[j]])));
const connect = (extra: Partial<Parameters<typeof remoteModel>[0]> = {}): Promise<RemoteModel> =>
  remoteModel({ url: server.url, model: 'penguins', inputSpec: spec(), classes: server.reference.classes, ...extra });

test('metadata becomes the bindings; a spec that disagrees with it is refused naming the tensor', async () => {
  const m = await connect();
  expect(m.metadata?.inputs).toEqual([{ name: 'features', datatype: 'FP32', shape: [-1, 4] }]);
  expect(m.outputSpec()).toEqual({ probas: { kind: 'MulticlassPreds', vocab: ['Adelie', 'Chinstrap', 'Gentoo'] } });
  const three = Object.fromEntries(server.reference.features.slice(0, 3).map((f) => [f, { kind: 'Scalar' as const }]));
  await expect(connect({ inputSpec: three })).rejects.toThrow(/input tensor 'features' takes 4 columns \(shape \[-1,4\]\), but 3 fields are bound to it/);
  await expect(connect({ outputs: { probas: 'predict' } })).rejects.toThrow(/output tensor 'predict' has 1 values per row \(shape \[-1,1\]\); probas needs 3/);
  await expect(connect({ inputs: [{ tensor: 'pixels', fields: server.reference.features }] })).rejects.toThrow(/the server has no input tensor 'pixels' \(it has 'features'\)/);
  await expect(connect({ model: 'no-such-model' })).rejects.toThrow(/remote model 'no-such-model' .*cannot read the model's metadata: HTTP 404/);
  await expect(remoteModel({ url: server.url, model: 'penguins', inputSpec: spec() })).rejects.toThrow(/say what the model returns: classes/);
});

test('predictions equal scikit-learn\'s own, in batches with concurrency; progress counts rows; the cache answers with the server gone', async () => {
  const m = await connect({ batchSize: 25, concurrency: 3 });
  const progress: number[] = [];
  const preds = await m.predict(rows(), { onProgress: (done) => progress.push(done) });
  preds.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(server.reference.proba[i][c], 6)));
  expect(progress[0]).toBe(0);
  expect(progress.at(-1)).toBe(rows().length);
  expect(progress.every((v, i) => i === 0 || v > progress[i - 1])).toBe(true);
  await server.stop();
  try {
    const again = await m.predict(rows().slice(0, 50));
    expect(again).toEqual(preds.slice(0, 50));
    await expect(m.predict([{ ...rows()[0], 'Body Mass (g)': 1234 }])).rejects.toThrow(/remote model 'penguins' \(http:\/\/127\.0\.0\.1:\d+\/v2\/models\/penguins\/infer\), row 0: cannot connect \(ECONNREFUSED\)/);
  } finally {
    await server.start();
  }
});

test('batches of the size the server\'s metadata declares (max_batch_size), unless the person sets one', async () => {
  const declared = await connect({ model: 'penguins-batched' });
  expect(declared.metadata?.parameters.max_batch_size).toBe(16);
  expect(declared.batchSize).toBe(16);
  const preds = await declared.predict(rows());
  expect(declared.traffic).toEqual({ requests: Math.ceil(rows().length / 16), rows: rows().length });
  preds.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(server.reference.proba[i][c], 6)));
  const chosen = await connect({ model: 'penguins-batched', batchSize: 100 });
  expect(chosen.batchSize).toBe(100);
  await chosen.predict(rows());
  expect(chosen.traffic.requests).toBe(Math.ceil(rows().length / 100));
  // A model that declares none: the default of 64.
  expect((await connect()).batchSize).toBe(64);
});

test('a repeated row is sent once and answered in every place it appears; the cache off still sends each distinct row once', async () => {
  for (const cacheSize of [100, 0]) {
    const m = await connect({ batchSize: 7, cacheSize });
    const base = rows().slice(0, 20);
    const mixed = [...base, ...base.slice(0, 5), base[3], ...base.slice(10, 12)];
    const preds = await m.predict(mixed);
    expect(m.traffic.rows).toBe(20);
    expect(preds).toHaveLength(mixed.length);
    preds.forEach((p, i) => expect(p.probas).toEqual(preds[base.indexOf(mixed[i])].probas));
    (preds[0].probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(server.reference.proba[0][c], 6));
  }
});

test('black-box salience, a counterfactual and partial dependence run on the remote model; gradient methods refuse', async () => {
  const m = await connect();
  const data = rows();
  const x = data[150];
  const background = data.filter((_, i) => i % 17 === 0);
  const shap = await kernelShapPredict(m, x, { background, samples: 200, seed: 1 });
  // Completeness: the scores sum to f(x) − mean f(background) of the explained class.
  const c = shap.target.classIndex!;
  const bg = await m.predict(background);
  const mean = bg.reduce((s, p) => s + (p.probas as number[])[c], 0) / bg.length;
  const fx = ((await m.predict([x]))[0].probas as number[])[c];
  expect(Array.from(shap.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(fx - mean, 4);
  const occ = await occlusionPredict(m, x, { background });
  expect(occ.labels).toEqual(server.reference.features);
  const cf = await nearestCounterfactual(m, x, data);
  expect(cf.examples.length).toBeGreaterThan(0);
  const pdp = await partialDependence(m, data.slice(0, 40), { feature: 'Flipper Length (mm)', grid: [180, 200, 220] });
  expect(pdp.average[2][2]).toBeGreaterThan(pdp.average[2][0]); // longer flippers: more Gentoo
  await expect(computeSalience(m, x, { salienceMethod: 'integrated_gradients', methodValues: {}, steps: 8, rule: 'left', samples: 8, noise: 0.1, target: 'predicted' }, new AbortController().signal, () => background))
    .rejects.toThrow(/integrated_gradients needs gradients, and model 'penguins' gives none \(use LIME, Kernel SHAP or occlusion\)/);
});

/** 10,000 distinct rows (each bird's mass nudged), so the cache cannot answer any. */
function manyRows(n: number): Example[] {
  const base = rows();
  return Array.from({ length: n }, (_, i) => ({ ...base[i % base.length], 'Body Mass (g)': (base[i % base.length]['Body Mass (g)'] as number) + i * 1e-3 }));
}

test('the server killed in the middle of 10,000 rows: a clear error, the rows already predicted kept, a retry after the restart sends only the rest', async () => {
  const m = await remoteModel({ url: server.url, model: 'penguins-slow', inputSpec: spec(), classes: server.reference.classes, batchSize: 250, concurrency: 2, retries: 1, backoffMs: 50 });
  const examples = manyRows(10_000);
  let done = 0;
  const run = m.predict(examples, { onProgress: (d) => { done = d; } });
  while (done < 1000) await new Promise((r) => setTimeout(r, 20));
  await server.stop();
  const error = await run.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteModelError);
  const kept = (error as RemoteModelError).kept;
  expect(kept).toBeGreaterThanOrEqual(1000);
  expect(kept).toBeLessThan(10_000);
  expect((error as Error).message).toMatch(new RegExp(`remote model 'penguins-slow' \\(${server.url.replace(/[./]/g, '\\$&')}/v2/models/penguins-slow/infer\\), rows \\d+\\.\\.\\d+: (cannot connect|the connection broke)`));
  expect((error as Error).message).toContain(`${kept} of 10000 rows were predicted before the failure and are kept`);
  await server.start();
  const progress: number[] = [];
  const sentBefore = m.traffic.rows;
  const preds = await m.predict(examples, { onProgress: (d) => progress.push(d) });
  expect(m.traffic.rows - sentBefore).toBe(10_000 - kept); // the kept rows came from the cache: only the rest were sent
  expect(progress.at(-1)).toBe(10_000);
  expect(progress.every((v, i) => i === 0 || v > progress[i - 1])).toBe(true);
  expect(preds).toHaveLength(10_000);
  const check = await connect();
  const direct = await check.predict([examples[9_999], examples[0]]);
  expect(preds[9_999]).toEqual(direct[0]);
  expect(preds[0]).toEqual(direct[1]);
});

test('a slow server: a per-request timeout names the wait; Cancel stops the requests in flight', async () => {
  const slow = await remoteModel({ url: server.url, model: 'penguins-slow', inputSpec: spec(), classes: server.reference.classes, timeoutMs: 100, cacheSize: 0 });
  await expect(slow.predict(rows().slice(0, 3))).rejects.toThrow(/rows 0\.\.2: no answer within 100 ms \(timeout\)/);
  const m = await remoteModel({ url: server.url, model: 'penguins-slow', inputSpec: spec(), classes: server.reference.classes, batchSize: 10, concurrency: 2, cacheSize: 0 });
  const controller = new AbortController();
  let done = 0;
  const run = m.predict(manyRows(400), { signal: controller.signal, onProgress: (d) => { done = d; } });
  while (done < 20) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  // Stopped where it was: the batches not yet sent never were.
  await new Promise((r) => setTimeout(r, 600));
  expect(done).toBeLessThan(400);
});
