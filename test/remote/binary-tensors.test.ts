/**
 * The binary tensor extension (issue 13) on a real KServe Python model server started by the
 * test, serving the penguin classifier serve_penguins.py trains: predictions equal
 * scikit-learn's own and the JSON path's; without the option the server's metadata decides;
 * MLServer, which does not offer the extension, refuses with a message saying what to change.
 */
import type { Example } from '../../src/core/spec';
import { remoteModel } from '../../src/model/remote';
import { KServeServer } from './kserve';
import { MlServer } from './mlserver';

jest.setTimeout(180_000);

let kserve: KServeServer;
let mlserver: MlServer;
beforeAll(async () => { [kserve, mlserver] = await Promise.all([KServeServer.start(), MlServer.create(0.25)]); }, 180_000);
afterAll(async () => { await Promise.all([kserve?.close(), mlserver?.close()]); });

const spec = () => Object.fromEntries(mlserver.reference.features.map((f) => [f, { kind: 'Scalar' as const }]));
const rows = (): Example[] => mlserver.reference.x.map((x) => Object.fromEntries(mlserver.reference.features.map((f, j) => [f, x[j]])));

test('binary tensors on KServe: every row equals scikit-learn\'s probability and the JSON answer', async () => {
  const binary = await remoteModel({ url: kserve.url, model: 'penguins', inputSpec: spec(), classes: mlserver.reference.classes, binaryTensors: true, batchSize: 25, concurrency: 3 });
  expect(binary.binaryTensors).toBe(true);
  const preds = await binary.predict(rows());
  expect(preds).toHaveLength(mlserver.reference.x.length);
  preds.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(mlserver.reference.proba[i][c], 6)));
  expect(binary.traffic).toEqual({ requests: Math.ceil(rows().length / 25), rows: rows().length });

  // KServe offers the extension without listing it in GET /v2: by default tensors go as JSON.
  const json = await remoteModel({ url: kserve.url, model: 'penguins', inputSpec: spec(), classes: mlserver.reference.classes });
  expect(json.binaryTensors).toBe(false);
  const viaJson = await json.predict(rows());
  // FP64 answers are bit-exact in binary; JSON goes through decimal text and back.
  viaJson.forEach((p, i) => (p.probas as number[]).forEach((v, c) => expect((preds[i].probas as number[])[c]).toBeCloseTo(v, 12)));
});

test('a server without the extension (MLServer) refuses it, and the error says how to send JSON', async () => {
  const m = await remoteModel({ url: mlserver.url, model: 'penguins', inputSpec: spec(), classes: mlserver.reference.classes, binaryTensors: true });
  await expect(m.predict(rows().slice(0, 3))).rejects.toThrow(/remote model 'penguins' .*rows 0\.\.2: HTTP \d{3}.*binary tensor extension.*binaryTensors: false/);
  const auto = await remoteModel({ url: mlserver.url, model: 'penguins', inputSpec: spec(), classes: mlserver.reference.classes });
  expect(auto.binaryTensors).toBe(false);
  await expect(remoteModel({ url: mlserver.url, model: 'penguins', inputSpec: spec(), classes: mlserver.reference.classes, binaryTensors: 'yes' as never })).rejects.toThrow(/binaryTensors must be true or false/);
});
