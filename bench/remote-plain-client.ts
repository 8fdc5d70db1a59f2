/**
 * The peer of the remote-model benchmarks: N workers posting batches of 64 penguin rows to a
 * served model's `/infer` with fetch and reading the answers, nothing more (no checks, no cache).
 * The same request bytes as tslit's: JSON, or the binary tensor extension.
 */
import type { Example } from '../src/core/spec';
import { encodeInferRequest } from '../src/model/remote/oip-codec';
import { decodeBinaryInferResponse, encodeBinaryInferRequest } from '../src/model/remote/oip-binary';

export const BATCH = 64;

/** Rows answered (the answers' probabilities / 3 classes). */
export async function plainClient(url: string, features: string[], rows: Example[], concurrency: number, { binary = false, gzip = false } = {}): Promise<number> {
  let next = 0;
  let answered = 0;
  const inputs = [{ tensor: 'features', datatype: 'FP32' as const, fields: features }];
  const encoding = gzip ? {} : { 'accept-encoding': 'identity' };
  const worker = async () => {
    for (;;) {
      const start = next;
      next += BATCH;
      if (start >= rows.length) return;
      const batch = rows.slice(start, start + BATCH);
      let answer: { outputs: Array<{ data: number[] }> };
      if (binary) {
        const { body, headerLength } = encodeBinaryInferRequest(batch, inputs, ['predict_proba']);
        const r = await fetch(`${url}/v2/models/penguins/infer`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength), ...encoding }, body });
        answer = decodeBinaryInferResponse(new Uint8Array(await r.arrayBuffer()), Number(r.headers.get('inference-header-content-length')), 'bench') as typeof answer;
      } else {
        const body = encodeInferRequest(batch, inputs, ['predict_proba']);
        const r = await fetch(`${url}/v2/models/penguins/infer`, { method: 'POST', headers: { 'content-type': 'application/json', ...encoding }, body: JSON.stringify(body) });
        answer = (await r.json()) as typeof answer;
      }
      answered += answer.outputs[0].data.length / 3;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answered;
}
