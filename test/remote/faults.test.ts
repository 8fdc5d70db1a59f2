/**
 * Servers that misbehave, on a real socket (a node:http server in the test answering the
 * Open Inference Protocol the way a broken or busy engine would): 500 with a message (not
 * retried), 503 and 429 (retried with backoff, Retry-After honoured), malformed JSON, wrong
 * shapes, non-finite values, a connection refused; and the limits — never more requests in
 * flight than `concurrency`, never more started in any second than `maxQps`. The kernel-side
 * adapter is the real one; only the server is small.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { remoteModel } from '../../src/model/remote';

type Handler = (body: { inputs: Array<{ shape: number[]; data: number[] }> }, res: http.ServerResponse, hit: number) => void | Promise<void>;

interface TestServer { url: string; hits: number; starts: number[]; maxInFlight: number; close(): Promise<void> }

async function serve(handler: Handler): Promise<TestServer> {
  const state = { hits: 0, starts: [] as number[], inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'm', versions: [], platform: 'test', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 2] }], outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 2] }] }));
      return;
    }
    let text = '';
    req.on('data', (d) => { text += String(d); });
    req.on('end', async () => {
      const hit = ++state.hits;
      state.starts.push(Date.now());
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      res.on('close', () => { state.inFlight--; });
      await handler(JSON.parse(text), res, hit);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get hits() { return state.hits; },
    get starts() { return state.starts; },
    get maxInFlight() { return state.maxInFlight; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A correct answer: P(class 1) = sigmoid(x0 − x1). */
function answer(body: { inputs: Array<{ shape: number[]; data: number[] }> }, res: http.ServerResponse, delayMs = 0): void {
  const [n] = body.inputs[0].shape;
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-(body.inputs[0].data[2 * i] - body.inputs[0].data[2 * i + 1])));
    data.push(1 - p, p);
  }
  setTimeout(() => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ model_name: 'm', outputs: [{ name: 'probs', datatype: 'FP32', shape: [n, 2], data }] }));
  }, delayMs);
}

const SPEC = { a: { kind: 'Scalar' as const }, b: { kind: 'Scalar' as const } };
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ a: i / 10, b: 1 }));
const connect = (url: string, extra: Record<string, unknown> = {}) => remoteModel({ url, model: 'm', inputSpec: SPEC, classes: ['no', 'yes'], backoffMs: 10, cacheSize: 0, ...extra });

let server: TestServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

test('500 with a message: the server\'s words in the error, naming the model, URL and rows, not retried', async () => {
  server = await serve((_b, res) => { res.statusCode = 500; res.end(JSON.stringify({ error: 'model crashed: division by zero' })); });
  const m = await connect(server.url);
  await expect(m.predict(rows(3))).rejects.toThrow(new RegExp(`remote model 'm' \\(${server.url.replace(/[./]/g, '\\$&')}/v2/models/m/infer\\), rows 0\\.\\.2: HTTP 500: model crashed: division by zero`));
  expect(server.hits).toBe(1);
});

test('503 and 429 are retried with backoff (Retry-After honoured) and then succeed; too many give up naming the tries', async () => {
  server = await serve((b, res, hit) => {
    if (hit === 1) { res.statusCode = 503; res.end('{"error":"loading"}'); return; }
    if (hit === 2) { res.statusCode = 429; res.setHeader('retry-after', '0'); res.end('{"error":"slow down"}'); return; }
    answer(b, res);
  });
  const m = await connect(server.url, { retries: 3 });
  const preds = await m.predict(rows(2));
  expect(server.hits).toBe(3);
  expect((preds[1].probas as number[])[1]).toBeCloseTo(1 / (1 + Math.exp(-(0.1 - 1))), 6);
  await server.close();
  server = await serve((_b, res) => { res.statusCode = 503; res.end('{"error":"overloaded"}'); });
  const n = await connect(server.url, { retries: 2 });
  await expect(n.predict(rows(1))).rejects.toThrow(/row 0: HTTP 503: overloaded \(after 3 tries\)/);
  expect(server.hits).toBe(3);
});

test('malformed JSON, wrong shapes, a missing output and non-finite values are refused naming what was wrong', async () => {
  const cases: Array<[(res: http.ServerResponse) => void, RegExp]> = [
    [(res) => res.end('{"outputs": [ {"name": "probs", '), /rows 0\.\.1: HTTP 200 but the answer is not JSON/],
    [(res) => res.end(JSON.stringify({ outputs: [{ name: 'probs', shape: [2, 3], data: [0.1, 0.2, 0.7, 0.3, 0.3, 0.4] }] })), /output 'probs' has 6 values \(shape \[2,3\]\) for 2 rows; probas needs 2 per row \(4\)/],
    [(res) => res.end(JSON.stringify({ outputs: [{ name: 'logits', shape: [2, 2], data: [1, 2, 3, 4] }] })), /the answer has no output 'probs' \(it has 'logits'\)/],
    [(res) => res.end(JSON.stringify({ outputs: [{ name: 'probs', shape: [2, 2], data: [0.5, 0.5, null, 0.5] }] })), /output 'probs' holds values that are not numbers/],
    [(res) => res.end(JSON.stringify({ id: 'x' })), /the answer has no 'outputs' list/],
  ];
  for (const [respond, message] of cases) {
    server = await serve((_b, res) => respond(res));
    const m = await connect(server.url);
    await expect(m.predict(rows(2))).rejects.toThrow(message);
    await server.close();
    server = undefined;
  }
});

test('a connection refused is retried and then named', async () => {
  server = await serve((b, res) => answer(b, res));
  const m = await connect(server.url, { retries: 2 });
  const url = server.url;
  await server.close();
  server = undefined;
  await expect(m.predict(rows(1))).rejects.toThrow(new RegExp(`${url.replace(/[./]/g, '\\$&')}/v2/models/m/infer\\), row 0: cannot connect \\(ECONNREFUSED\\) \\(after 3 tries\\)`));
});

test('never more requests in flight than concurrency, never more started in a second than maxQps, answers in input order', async () => {
  server = await serve((b, res) => answer(b, res, 40));
  const m = await connect(server.url, { batchSize: 5, concurrency: 3 });
  const examples = rows(60);
  const preds = await m.predict(examples);
  expect(server.hits).toBe(12);
  expect(server.maxInFlight).toBe(3);
  preds.forEach((p, i) => expect((p.probas as number[])[1]).toBeCloseTo(1 / (1 + Math.exp(-(examples[i].a - 1))), 6));
  await server.close();
  server = await serve((b, res) => answer(b, res));
  const limited = await connect(server.url, { batchSize: 1, concurrency: 8, maxQps: 4 });
  await limited.predict(rows(10));
  const starts = server.starts;
  expect(starts).toHaveLength(10);
  // A token bucket of one second's worth: any window of 1 s holds at most 4 + 4 starts (a full bucket, then its refill).
  for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(8);
  // And the whole run cannot be faster than the refill allows: 10 starts need at least (10 − 4) / 4 s of refill.
  expect(starts[9] - starts[0]).toBeGreaterThanOrEqual(1400);
});
