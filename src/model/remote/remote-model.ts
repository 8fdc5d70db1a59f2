/**
 * A model on a serving engine as a tslit model: the Open Inference Protocol (KServe v2, over REST or gRPC:
 * Triton, KServe, MLServer, Seldon, OpenVINO Model Server) or TensorFlow Serving's REST API.
 *
 * Notes:
 * - Rows not in the prediction cache go to the server in batches, `concurrency` requests at
 *   a time and at most `maxQps` started per second; each batch is cached as soon as it lands,
 *   so when the server fails half-way the rows already predicted are kept, and calling
 *   `predict` again sends only the rest (the error says how many were kept).
 * - Progress counts rows answered; the view's Cancel (the `signal`) stops the requests in
 *   flight and those not yet sent.
 * - Not differentiable: gradient methods refuse with their own message (LIME, Kernel SHAP and
 *   occlusion work, as do every generator, metric, threshold and PDP).
 */
import { setMaxListeners } from 'events';
import type { Example, Prediction, Spec } from '../../core/spec';
import type { ModelAdapter, PredictOptions } from '../adapter';
import { checkPrediction } from '../adapters/predict-fn-adapter';
import { checkBatchSize, throwIfAborted } from '../predict/batches';
import { exampleKey } from '../predict/example-key';
import { PredictionCache } from '../predict/prediction-cache';
import { validateExamples } from '../predict/spec-check';
import { isBinaryAnswer, requestJson, RemoteRequestError, type HttpOptions, type RequestBody } from './http';
import { decodeBinaryInferResponse, encodeBinaryInferRequest } from './oip-binary';
import { GrpcInference } from './grpc';
import { RequestLimiter } from './limiter';
import { type RemoteBindings, resolveBindings } from './bindings';
import { decodeInferResponse, encodeInferRequest, readMetadata, type OipModelMetadata } from './oip-codec';
import { decodePredictResponse, encodePredictRequest } from './tfserving-codec';
import type { RemoteModelOptions } from './options';

export type { RemoteModelOptions } from './options';

/** A remote prediction that failed; `kept` rows of this call were predicted (and cached) before it. */
export class RemoteModelError extends Error {
  constructor(message: string, readonly status: number, readonly kept: number) {
    super(message);
    this.name = 'RemoteModelError';
  }
}

export class RemoteModel implements ModelAdapter {
  readonly name: string;
  readonly batchSize: number;
  readonly cache: PredictionCache;
  readonly textField?: string;
  /** Requests answered by the server and the rows they carried, over this model's life (the cache's work shows as rows not sent). */
  readonly traffic = { requests: 0, rows: 0 };
  private readonly limiter: RequestLimiter;
  private readonly http: Omit<HttpOptions, 'signal'>;
  private readonly endpoint: string;

  /** Whether tensors travel in the binary tensor extension (see `binaryTensors`). */
  readonly binaryTensors: boolean;

  /** The gRPC channel when the url is grpc:// or grpcs://. */
  private readonly grpc?: GrpcInference;

  constructor(private readonly options: RemoteModelOptions, private readonly bindings: RemoteBindings, readonly metadata: OipModelMetadata | null, serverExtensions: readonly string[] = [], grpc?: GrpcInference) {
    this.grpc = grpc;
    this.binaryTensors = !grpc && options.protocol !== 'tfserving' && (options.binaryTensors ?? serverExtensions.includes('binary_tensor_data'));
    this.name = options.name ?? options.model;
    this.batchSize = checkBatchSize(options.batchSize ?? bindings.preferredBatchSize ?? 64);
    this.cache = new PredictionCache(options.cacheSize ?? 100_000);
    this.limiter = new RequestLimiter(options.concurrency ?? 4, options.maxQps);
    this.http = httpOptionsOf(options);
    this.endpoint = predictUrl(options);
    this.textField = Object.entries(options.inputSpec).find(([, s]) => s.kind === 'TextSegment')?.[0];
  }

  inputSpec(): Spec {
    return this.options.inputSpec;
  }

  outputSpec(): Spec {
    return this.bindings.outputSpec;
  }

  async predict(examples: readonly Example[], options: PredictOptions = {}): Promise<Prediction[]> {
    validateExamples(this.inputSpec(), examples);
    const useCache = this.cache.capacity > 0 && options.bypassCache !== true;
    const fields = Object.keys(this.inputSpec()).sort();
    const n = examples.length;
    const keys: string[] = new Array(n);
    const results: Array<Prediction | undefined> = new Array(n);
    /** Content key → the first row with it: a repeated row is sent once and answered from that row. */
    const queued = new Map<string, number>();
    const duplicateOf: number[] = [];
    const size = options.batchSize ?? this.batchSize;
    let sent = 0;
    let done = 0;
    let cursor = 0;
    options.onProgress?.(0, n);
    /**
     * The next batch of rows to send, keyed and looked up in the cache as it is taken (not all
     * rows up front): that work then runs while another batch is on the wire.
     */
    const nextBatch = (): number[] | undefined => {
      const rows: number[] = [];
      const before = done;
      while (cursor < n && rows.length < size) {
        const i = cursor++;
        const key = exampleKey(examples[i], fields);
        keys[i] = key;
        const hit = useCache ? this.cache.get(key) : undefined;
        if (hit !== undefined) {
          results[i] = hit;
          done++;
        } else {
          const first = queued.get(key);
          if (first === undefined) {
            queued.set(key, i);
            rows.push(i);
          } else duplicateOf[i] = first;
        }
      }
      if (done > before) options.onProgress?.(done, n);
      return rows.length > 0 ? rows : undefined;
    };
    // One controller for the whole call: the first failure stops the batches not yet sent.
    const stop = new AbortController();
    const workers = this.limiter.concurrency + 1;
    // Each worker's request, limiter wait and backoff listen on `stop` (and let go when done):
    // up to three listeners per worker is expected, not a leak.
    setMaxListeners(3 * workers + 1, stop.signal);
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let failure: unknown;
    // One worker more than the requests allowed in flight: while `concurrency` requests are on
    // the wire, the extra worker encodes the next batch or decodes the last answer, so the
    // server never waits for the client (the limiter bounds requests, not workers).
    const worker = async (): Promise<void> => {
      for (let rows = nextBatch(); rows !== undefined && !stop.signal.aborted; rows = nextBatch()) {
        const preds = await this.send(rows.map((r) => examples[r]), rows, stop.signal);
        rows.forEach((r, j) => {
          results[r] = preds[j];
          if (useCache) this.cache.set(keys[r], preds[j]);
        });
        sent += rows.length;
        done += rows.length;
        options.onProgress?.(done, n);
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, () => worker().catch((e) => {
        // The first error is the one to report; the others are the stops it caused.
        if (failure === undefined) failure = e;
        stop.abort();
      })));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    throwIfAborted(options.signal);
    if (failure !== undefined) {
      const kept = sent;
      const status = failure instanceof RemoteRequestError ? failure.status : 0;
      const message = failure instanceof Error ? failure.message : String(failure);
      throw new RemoteModelError(`${message}${kept > 0 ? `; ${kept} of ${n} rows were predicted before the failure and are kept: predict again to send only the rest` : ''}`, status, kept);
    }
    if (done < n) options.onProgress?.(n, n);
    return Array.from(results, (p, i) => p ?? (results[duplicateOf[i]] as Prediction));
  }

  /** Clears the cache (for example after the served model changed). */
  clearCache(): void {
    this.cache.clear();
  }

  private async send(batch: readonly Example[], rows: readonly number[], signal: AbortSignal): Promise<Prediction[]> {
    const range = rows.length === 1 ? `row ${rows[0]}` : `rows ${rows[0]}..${rows[rows.length - 1]}`;
    const where = `remote model '${this.name}' (${this.endpoint}), ${range}`;
    const b = this.bindings;
    if (this.grpc) return this.sendGrpc(this.grpc, batch, rows, where, signal);
    let body: RequestBody;
    try {
      if (this.binaryTensors) {
        const { body: bytes, headerLength } = encodeBinaryInferRequest(batch, b.inputs, b.outputs.map((o) => o.tensor));
        body = { bytes, headerLength };
      } else {
        body = JSON.stringify(this.options.protocol === 'tfserving'
          ? encodePredictRequest(batch, b.tfInputs, this.options.signatureName)
          : encodeInferRequest(batch, b.inputs, b.outputs.map((o) => o.tensor)));
      }
    } catch (e) {
      throw new Error(`remote model '${this.name}': ${(e as Error).message}`);
    }
    let answer: unknown;
    try {
      answer = await this.limiter.run(() => requestJson('POST', this.endpoint, body, { ...this.http, signal }), signal);
    } catch (e) {
      if (e instanceof RemoteRequestError) {
        const refusedBinary = this.binaryTensors && e.status >= 400 && e.status <= 500;
        e.message = `${where}: ${e.message}${refusedBinary ? ' (the request used the binary tensor extension: if this server does not offer it, pass binaryTensors: false)' : ''}`;
      }
      throw e;
    }
    this.traffic.requests++;
    this.traffic.rows += batch.length;
    // The freed slot's next request is on its way once this macrotask ends; decode after it.
    await new Promise((resolve) => setImmediate(resolve));
    if (isBinaryAnswer(answer)) answer = decodeBinaryInferResponse(answer.binary, answer.headerLength, where);
    const preds = this.options.protocol === 'tfserving'
      ? decodePredictResponse(answer, b.outputSpec, b.outputs, batch.length, where)
      : decodeInferResponse(answer, b.outputSpec, b.outputs, batch.length, where);
    return this.checked(preds, rows);
  }

  private async sendGrpc(grpc: GrpcInference, batch: readonly Example[], rows: readonly number[], where: string, signal: AbortSignal): Promise<Prediction[]> {
    const b = this.bindings;
    let answer: unknown;
    try {
      answer = await this.limiter.run(() => grpc.infer(this.options.model, this.options.version, batch, b.inputs, b.outputs.map((o) => o.tensor), signal), signal);
    } catch (e) {
      if (e instanceof RemoteRequestError) e.message = `${where}: ${e.message}`;
      else if (e instanceof Error && e.name !== 'AbortError') e.message = `remote model '${this.name}': ${e.message}`;
      throw e;
    }
    this.traffic.requests++;
    this.traffic.rows += batch.length;
    await new Promise((resolve) => setImmediate(resolve));
    return this.checked(decodeInferResponse(answer, b.outputSpec, b.outputs, batch.length, where), rows);
  }

  private checked(preds: Prediction[], rows: readonly number[]): Prediction[] {
    preds.forEach((p, j) => {
      try {
        checkPrediction(this.bindings.outputSpec, p, rows[j]);
      } catch (e) {
        throw new Error(`remote model '${this.name}' (${this.endpoint}): ${(e as Error).message}`);
      }
    });
    return preds;
  }

  /** Closes the gRPC channel (a REST model holds no connection of its own). */
  close(): void {
    this.grpc?.close();
  }
}

function base(options: RemoteModelOptions): string {
  return options.url.replace(/\/+$/, '');
}

function modelPath(options: RemoteModelOptions): string {
  const name = encodeURIComponent(options.model);
  const version = options.version ? `/versions/${encodeURIComponent(options.version)}` : '';
  return options.protocol === 'tfserving' ? `/v1/models/${name}${version}` : `/v2/models/${name}${version}`;
}

const GRPC = /^grpcs?:\/\//;

function predictUrl(options: RemoteModelOptions): string {
  if (GRPC.test(options.url)) return `${base(options)} ModelInfer '${options.model}'`;
  return `${base(options)}${modelPath(options)}${options.protocol === 'tfserving' ? ':predict' : '/infer'}`;
}

const LOOPBACK = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i;

/** Timeouts, retries and headers for every request; `accept-encoding: identity` on loopback unless told otherwise. */
function httpOptionsOf(options: RemoteModelOptions): Omit<HttpOptions, 'signal'> {
  const compressed = options.compressedAnswers ?? !LOOPBACK.test(options.url);
  return {
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 4,
    backoffMs: options.backoffMs ?? 200,
    headers: { ...(compressed ? {} : { 'accept-encoding': 'identity' }), ...options.headers },
  };
}

/**
 * Connects to a served model: reads its metadata (Open Inference Protocol) and checks the
 * person's spec against it, then returns the adapter. `tslit.remoteModel({ url, model, inputSpec, classes })`.
 */
export async function remoteModel(options: RemoteModelOptions): Promise<RemoteModel> {
  if (options === null || typeof options !== 'object') throw new Error('remoteModel: pass { url, model, inputSpec, ... }');
  if (typeof options.url !== 'string' || !/^(https?|grpcs?):\/\//.test(options.url)) throw new Error(`remoteModel: url must start with http://, https://, grpc:// or grpcs://, got ${JSON.stringify(options.url)}`);
  if (typeof options.model !== 'string' || options.model === '') throw new Error('remoteModel: model must be the served model\'s name');
  if (options.protocol !== undefined && options.protocol !== 'v2' && options.protocol !== 'tfserving') throw new Error(`remoteModel: protocol must be 'v2' or 'tfserving', got ${JSON.stringify(options.protocol)}`);
  if (options.binaryTensors !== undefined && typeof options.binaryTensors !== 'boolean') throw new Error(`remoteModel: binaryTensors must be true or false, got ${JSON.stringify(options.binaryTensors)}`);
  if (GRPC.test(options.url)) return connectGrpc(options);
  let metadata: OipModelMetadata | null = null;
  let extensions: string[] = [];
  let config: unknown;
  if (options.protocol !== 'tfserving') {
    const where = `remote model '${options.name ?? options.model}' (${base(options)}${modelPath(options)})`;
    // The server's extensions (for binary tensors) and Triton's model configuration (for its
    // batch sizes) are asked for beside the metadata, not after it: connecting waits for one round trip.
    const [answer, listed, configured] = await Promise.all([
      requestJson('GET', `${base(options)}${modelPath(options)}`, undefined, httpOptionsOf(options)).catch((e: unknown) => {
        throw new Error(e instanceof RemoteRequestError ? `${where}: cannot read the model's metadata: ${e.message}` : (e as Error).message);
      }),
      options.binaryTensors === undefined ? optionalGet(options, '/v2') : undefined,
      options.batchSize === undefined ? optionalGet(options, `${modelPath(options)}/config`) : undefined,
    ]);
    metadata = readMetadata(answer, where);
    const list = (listed as { extensions?: unknown } | undefined)?.extensions;
    extensions = Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
    config = configured;
  }
  return new RemoteModel(options, resolveBindings(options, metadata, config), metadata, extensions);
}

/** The Open Inference Protocol over gRPC: metadata through ModelMetadata, rows through ModelInfer. */
async function connectGrpc(options: RemoteModelOptions): Promise<RemoteModel> {
  if (options.protocol === 'tfserving') throw new Error('remoteModel: TF Serving is spoken over REST here: give its http:// url');
  if (options.binaryTensors) throw new Error('remoteModel: binaryTensors is for REST; over gRPC tensors already travel as protobuf numbers');
  const who = `remote model '${options.name ?? options.model}' (${base(options)})`;
  const grpc = new GrpcInference(base(options), httpOptionsOf(options));
  try {
    let metadata: OipModelMetadata;
    try {
      metadata = readMetadata(await grpc.metadata(options.model, options.version), who);
    } catch (e) {
      throw new Error(e instanceof RemoteRequestError ? `${who}: cannot read the model's metadata: ${e.message}` : (e as Error).message);
    }
    return new RemoteModel(options, resolveBindings(options, metadata), metadata, [], grpc);
  } catch (e) {
    grpc.close();
    throw e;
  }
}

/**
 * A GET whose answer is optional (the server's extensions, Triton's model configuration): one
 * try, and undefined when the server has no such endpoint or does not answer.
 */
async function optionalGet(options: RemoteModelOptions, path: string): Promise<unknown> {
  try {
    return await requestJson('GET', `${base(options)}${path}`, undefined, { ...httpOptionsOf(options), retries: 0 });
  } catch {
    return undefined;
  }
}
