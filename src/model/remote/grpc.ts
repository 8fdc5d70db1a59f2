/**
 * The Open Inference Protocol over gRPC (`url: 'grpc://host:port'`, or `grpcs://` with TLS),
 * through @grpc/grpc-js: model metadata and `/infer` as the REST path has them, so bindings,
 * decoding, batching, the cache, retries and Cancel are shared.
 *
 * Notes: inputs go as typed `contents` (every server reads those; raw bytes are optional in
 * the protocol); answers are read from `contents` or `raw_output_contents`, whichever the
 * server sends. gRPC statuses map to the HTTP ones the rest of tslit reads: UNAVAILABLE is a
 * connection error and RESOURCE_EXHAUSTED a 429 (both retried), DEADLINE_EXCEEDED the timeout.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import type { Example } from '../../core/spec';
import { AbortError } from '../predict/batches';
import { RemoteRequestError, withRetries, type HttpOptions } from './http';
import { encodeInferRequest, type InputBinding, type OipDatatype } from './oip-codec';
import { tensorValues } from './oip-binary';
import { GRPC_PREDICT_V2 } from './grpc-proto';

type Unary = (request: unknown, metadata: grpc.Metadata, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, answer: unknown) => void) => grpc.ClientUnaryCall;
type InferenceClient = grpc.Client & { ModelMetadata: Unary; ModelInfer: Unary };

let service: grpc.ServiceClientConstructor | undefined;

function serviceClient(): grpc.ServiceClientConstructor {
  if (!service) {
    const root = protobuf.parse(GRPC_PREDICT_V2, { keepCase: true }).root;
    const definition = protoLoader.fromJSON(root.toJSON(), { keepCase: true, longs: Number, defaults: true, oneofs: true });
    service = (grpc.loadPackageDefinition(definition).inference as grpc.GrpcObject).GRPCInferenceService as grpc.ServiceClientConstructor;
  }
  return service;
}

/** What an HTTP client would have seen: the status the retry rules and messages read. */
const HTTP_OF: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400, [grpc.status.NOT_FOUND]: 404, [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.UNIMPLEMENTED]: 501, [grpc.status.UNAVAILABLE]: 503, [grpc.status.UNAUTHENTICATED]: 401, [grpc.status.PERMISSION_DENIED]: 403,
};

const CONTENTS: Record<OipDatatype, string> = {
  BOOL: 'bool_contents', INT8: 'int_contents', INT16: 'int_contents', INT32: 'int_contents', INT64: 'int64_contents',
  UINT8: 'uint_contents', UINT16: 'uint_contents', UINT32: 'uint_contents', UINT64: 'uint64_contents',
  FP16: '', FP32: 'fp32_contents', FP64: 'fp64_contents', BYTES: 'bytes_contents',
};

export class GrpcInference {
  private readonly client: InferenceClient;

  constructor(readonly url: string, private readonly http: Omit<HttpOptions, 'signal'>) {
    const match = /^grpc(s?):\/\/([^/]+)\/*$/.exec(url);
    if (!match) throw new Error(`remoteModel: a gRPC url is grpc://host:port or grpcs://host:port, got ${JSON.stringify(url)}`);
    const Client = serviceClient();
    this.client = new Client(match[2], match[1] ? grpc.credentials.createSsl() : grpc.credentials.createInsecure()) as unknown as InferenceClient;
  }

  close(): void {
    this.client.close();
  }

  private call(method: 'ModelMetadata' | 'ModelInfer', request: unknown, signal?: AbortSignal): Promise<unknown> {
    const once = () => new Promise<unknown>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError());
      const metadata = new grpc.Metadata();
      for (const [k, v] of Object.entries(this.http.headers ?? {})) if (k.toLowerCase() !== 'accept-encoding') metadata.set(k, v);
      const call = this.client[method](request, metadata, { deadline: Date.now() + this.http.timeoutMs }, (error, answer) => {
        signal?.removeEventListener('abort', onAbort);
        if (!error) return resolve(answer);
        if (signal?.aborted) return reject(new AbortError());
        if (error.code === grpc.status.DEADLINE_EXCEEDED) return reject(new RemoteRequestError(`no answer within ${this.http.timeoutMs} ms (timeout)`, 0, false));
        if (error.code === grpc.status.UNAVAILABLE) return reject(new RemoteRequestError(`cannot connect (gRPC UNAVAILABLE: ${error.details})`, 0, true));
        const status = HTTP_OF[error.code] ?? 500;
        reject(new RemoteRequestError(`gRPC ${grpc.status[error.code]}: ${error.details}`, status, status === 429));
      });
      const onAbort = () => call.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return withRetries(once, { ...this.http, signal });
  }

  /** Model metadata in the REST body's form (for readMetadata). */
  async metadata(model: string, version?: string): Promise<unknown> {
    const m = (await this.call('ModelMetadata', { name: model, version: version ?? '' })) as { parameters?: Record<string, unknown> } & Record<string, unknown>;
    return { ...m, parameters: parametersOf(m.parameters) };
  }

  /** One `/infer` in the REST answer's form (for decodeInferResponse). */
  async infer(model: string, version: string | undefined, examples: readonly Example[], inputs: readonly InputBinding[], outputs: readonly string[], signal: AbortSignal): Promise<unknown> {
    const json = encodeInferRequest(examples, inputs, outputs) as { inputs: Array<{ name: string; datatype: OipDatatype; shape: number[]; data: unknown[] }> };
    const request = {
      model_name: model,
      model_version: version ?? '',
      inputs: json.inputs.map((t) => {
        const field = CONTENTS[t.datatype];
        if (!field) throw new Error(`input tensor '${t.name}' is ${t.datatype}, which gRPC carries only as raw bytes: bind it with datatype: 'FP32' if the model accepts that`);
        return { name: t.name, datatype: t.datatype, shape: t.shape, contents: { [field]: t.datatype === 'BYTES' ? t.data.map((s) => Buffer.from(String(s), 'utf8')) : t.data } };
      }),
      outputs: outputs.map((name) => ({ name })),
    };
    const answer = (await this.call('ModelInfer', request, signal)) as { outputs?: Array<{ name: string; datatype: OipDatatype; shape: number[]; contents?: Record<string, unknown[]> }>; raw_output_contents?: Buffer[] };
    const raw = answer.raw_output_contents ?? [];
    return {
      outputs: (answer.outputs ?? []).map((o, i) => ({
        name: o.name,
        shape: o.shape,
        data: raw.length > 0
          ? tensorValues(o.datatype, new Uint8Array(raw[i]), o.name, `model '${model}'`)
          : (o.contents?.[CONTENTS[o.datatype]] ?? []).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v)),
      })),
    };
  }
}

/** InferParameter messages ({ bool_param | int64_param | string_param }) as plain values. */
function parametersOf(map: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    const p = v as { parameter_choice?: string } & Record<string, unknown>;
    out[k] = p.parameter_choice ? p[p.parameter_choice] : v;
  }
  return out;
}
