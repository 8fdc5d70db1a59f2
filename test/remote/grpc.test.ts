/**
 * The Open Inference Protocol over gRPC (issue 13) on a real MLServer's gRPC port, started by
 * the test: metadata read and checked, predictions equal scikit-learn's own (and the REST
 * path's), the server killed (a clear error naming the model and rows, the rows answered kept),
 * Cancel stops a slow model's requests.
 */
import type { Example } from '../../src/core/spec';
import { remoteModel, type RemoteModel } from '../../src/model/remote';
import { AbortError } from '../../src/model/predict/batches';
import { MlServer } from './mlserver';

jest.setTimeout(180_000);

let server: MlServer;
const opened: RemoteModel[] = [];
beforeAll(async () => { server = await MlServer.create(0.25); }, 180_000);
afterAll(async () => { opened.forEach((m) => m.close()); await server?.close(); });

const spec = () => Object.fromEntries(server.reference.features.map((f) => [f, { kind: 'Scalar' as const }]));
const rows = (): Example[] => server.reference.x.map((x) => Object.fromEntries(server.reference.features.map((f, j) => [f, x[j]])));
const grpcUrl = () => `grpc://127.0.0.1:${server.port + 1}`;
async function connect(extra: Partial<Parameters<typeof remoteModel>[0]> = {}): Promise<RemoteModel> {
  const m = await remoteModel({ url: grpcUrl(), model: 'penguins', inputSpec: spec(), classes: server.reference.classes, ...extra });
  opened.push(m);
  return m;
}

test('metadata over gRPC becomes the bindings; predictions equal scikit-learn\'s own and the REST answers', async () => {
  const m = await connect({ batchSize: 25, concurrency: 3 });
  expect(m.metadata?.inputs).toEqual([{ name: 'features', datatype: 'FP32', shape: [-1, 4] }]);
  const preds = await m.predict(rows());
  preds.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(server.reference.proba[i][c], 6)));
  expect(m.traffic).toEqual({ requests: Math.ceil(rows().length / 25), rows: rows().length });
  const rest = await remoteModel({ url: server.url, model: 'penguins', inputSpec: spec(), classes: server.reference.classes });
  expect(await rest.predict(rows())).toEqual(preds);
  const three = Object.fromEntries(server.reference.features.slice(0, 3).map((f) => [f, { kind: 'Scalar' as const }]));
  await expect(connect({ inputSpec: three })).rejects.toThrow(/input tensor 'features' takes 4 columns/);
  await expect(connect({ model: 'no-such-model' })).rejects.toThrow(/remote model 'no-such-model' \(grpc:\/\/127\.0\.0\.1:\d+\): cannot read the model's metadata: gRPC NOT_FOUND/);
  await expect(connect({ binaryTensors: true })).rejects.toThrow(/binaryTensors is for REST/);
  await expect(remoteModel({ url: 'grpc://127.0.0.1:1/extra/path', model: 'penguins', inputSpec: spec(), classes: server.reference.classes })).rejects.toThrow(/a gRPC url is grpc:\/\/host:port/);
});

test('the server killed: the next call fails naming the model and rows, the rows answered before are kept', async () => {
  const m = await connect({ retries: 1, backoffMs: 20, batchSize: 50 });
  const first = await m.predict(rows().slice(0, 100));
  await server.stop();
  try {
    const moved = rows().slice(0, 150).map((r, i) => (i < 100 ? r : { ...r, 'Body Mass (g)': 1000 + i }));
    await expect(m.predict(moved)).rejects.toThrow(/remote model 'penguins' \(grpc:\/\/127\.0\.0\.1:\d+ ModelInfer 'penguins'\), rows 100\.\.149: cannot connect \(gRPC UNAVAILABLE.*\(after 2 tries\)/);
    expect((await m.predict(rows().slice(0, 100)))).toEqual(first);
  } finally {
    await server.start();
  }
  const again = await connect();
  expect((await again.predict(rows().slice(0, 5))).map((p) => p.probas)).toEqual(first.slice(0, 5).map((p) => p.probas));
});

test('Cancel stops a slow model\'s requests over gRPC', async () => {
  const m = await connect({ model: 'penguins-slow', batchSize: 10, concurrency: 2 });
  const controller = new AbortController();
  const pending = m.predict(rows(), { signal: controller.signal });
  setTimeout(() => controller.abort(), 400);
  const t = Date.now();
  await expect(pending).rejects.toBeInstanceOf(AbortError);
  expect(Date.now() - t).toBeLessThan(2_000);
  const sent = m.traffic.requests;
  await new Promise((r) => setTimeout(r, 600));
  expect(m.traffic.requests).toBe(sent);
  expect(m.traffic.rows).toBeLessThan(rows().length);
});
