/**
 * One request to a serving engine (JSON, or the binary tensor extension's bytes) with a
 * per-request timeout, retries with exponential backoff (and jitter) on 429, 502, 503, 504 and
 * connection errors, and cancellation.
 *
 * Notes: other statuses (400, 404, 500 …) are the server's answer about this request and are
 * not retried; their message is read from the body (`{"error": …}` as KServe, MLServer and TF
 * Serving send it). A timeout is not retried either: a server that is slow will stay slow, and
 * retrying would multiply the wait. A `Retry-After` in seconds is honoured.
 */
import { AbortError } from '../predict/batches';

export interface HttpOptions {
  timeoutMs: number;
  /** Further tries after the first (default 4). */
  retries: number;
  /** First backoff; doubles each retry, with ±50% jitter (default 200 ms). */
  backoffMs: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A failed request: `status` is the HTTP status, or 0 when no answer came (connection error, timeout). */
export class RemoteRequestError extends Error {
  constructor(message: string, readonly status: number, readonly retryable: boolean) {
    super(message);
    this.name = 'RemoteRequestError';
  }
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError());
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(new AbortError()); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The server's own message in an error body, else the start of the body. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; detail?: unknown };
    if (typeof body.error === 'string') return body.error;
    if (body.detail !== undefined) return typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300) || '(empty body)';
}

/** An answer in the binary tensor extension: its bytes and the length of its JSON header. */
export interface BinaryAnswer {
  binary: Uint8Array;
  headerLength: number;
}

const HEADER_LENGTH = 'inference-header-content-length';

/** A request body: JSON text, or binary bytes with the length of their JSON header. */
export type RequestBody = string | { bytes: Uint8Array; headerLength: number };

async function once(method: 'GET' | 'POST', url: string, body: RequestBody | undefined, options: HttpOptions): Promise<unknown> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, options.timeoutMs);
  try {
    let response: Response;
    try {
      const binary = body !== undefined && typeof body !== 'string';
      response = await fetch(url, {
        method,
        headers: {
          ...(body === undefined ? {} : binary ? { 'content-type': 'application/octet-stream', [HEADER_LENGTH]: String(body.headerLength) } : { 'content-type': 'application/json' }),
          accept: 'application/json',
          ...options.headers,
        },
        body: binary ? body.bytes : body,
        signal: controller.signal,
      });
    } catch (e) {
      if (options.signal?.aborted) throw new AbortError();
      if (timedOut) throw new RemoteRequestError(`no answer within ${options.timeoutMs} ms (timeout)`, 0, false);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new RemoteRequestError(`cannot connect (${cause?.code ?? cause?.message ?? (e as Error).message})`, 0, true);
    }
    const headerLength = response.headers.get(HEADER_LENGTH);
    let text = '';
    let bytes: Uint8Array | undefined;
    try {
      if (headerLength !== null && response.ok) bytes = new Uint8Array(await response.arrayBuffer());
      else text = await response.text();
    } catch (e) {
      if (options.signal?.aborted) throw new AbortError();
      if (timedOut) throw new RemoteRequestError(`the answer did not finish within ${options.timeoutMs} ms (timeout)`, 0, false);
      throw new RemoteRequestError(`the connection broke during the answer (${(e as Error).message})`, 0, true);
    }
    if (!response.ok) {
      const error = new RemoteRequestError(`HTTP ${response.status}: ${serverMessage(text)}`, response.status, RETRY_STATUSES.has(response.status));
      (error as RemoteRequestError & { retryAfterMs?: number }).retryAfterMs = Number(response.headers.get('retry-after')) * 1000 || undefined;
      throw error;
    }
    if (bytes !== undefined) return { binary: bytes, headerLength: Number(headerLength) } satisfies BinaryAnswer;
    try {
      return JSON.parse(text);
    } catch {
      throw new RemoteRequestError(`HTTP ${response.status} but the answer is not JSON: ${text.slice(0, 200)}`, response.status, false);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** True for an answer in the binary tensor extension (the server sent `Inference-Header-Content-Length`). */
export function isBinaryAnswer(answer: unknown): answer is BinaryAnswer {
  return answer !== null && typeof answer === 'object' && (answer as BinaryAnswer).binary instanceof Uint8Array;
}

/** Runs `attempt`, retrying what may pass on a second try (RemoteRequestError.retryable) with backoff. */
export async function withRetries<T>(attempt: () => Promise<T>, options: Pick<HttpOptions, 'retries' | 'backoffMs' | 'signal'>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof RemoteRequestError) || !e.retryable || tries >= options.retries) {
        if (e instanceof RemoteRequestError && e.retryable && tries > 0) e.message += ` (after ${tries + 1} tries)`;
        throw e;
      }
      const backoff = (e as RemoteRequestError & { retryAfterMs?: number }).retryAfterMs ?? options.backoffMs * 2 ** tries * (0.5 + Math.random());
      await sleep(backoff, options.signal);
    }
  }
}

/** Sends the request, retrying what may pass on a second try; throws RemoteRequestError or AbortError. */
export function requestJson(method: 'GET' | 'POST', url: string, body: RequestBody | undefined, options: HttpOptions): Promise<unknown> {
  return withRetries(() => once(method, url, body, options), options);
}
