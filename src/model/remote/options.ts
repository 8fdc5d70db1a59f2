/** What `remoteModel(...)` takes. */
import type { Spec } from '../../core/spec';
import type { OipDatatype } from './oip-codec';

export interface RemoteModelOptions {
  /** 'v2' (the Open Inference Protocol, default) or 'tfserving' (TF Serving's REST API). */
  protocol?: 'v2' | 'tfserving';
  /**
   * The server, e.g. `http://127.0.0.1:8080` (TF Serving's REST port is usually 8501), or
   * `grpc://127.0.0.1:8081` (`grpcs://` with TLS) for the Open Inference Protocol over gRPC.
   */
  url: string;
  /** The served model's name, and optionally its version. */
  model: string;
  version?: string;
  /** Shown to the person (default the model's name). */
  name?: string;
  /** The example fields the model reads (a server's tensors do not say what a column means). */
  inputSpec: Spec;
  /**
   * How fields make up input tensors. Default: one tensor — the metadata's only input, or
   * `input` — with every inputSpec field as a column in order (a text field: a BYTES tensor).
   */
  inputs?: Array<{ tensor: string; fields: string[]; datatype?: OipDatatype }>;
  /** A classifier: its class names, in the order of the probabilities (a MulticlassPreds field `probas`). */
  classes?: string[];
  /** A regression model: its score is the field `score`. */
  regression?: boolean;
  /** The dataset field with the true class or target (for metrics). */
  labelField?: string;
  /** Instead of classes/regression: the output fields and, in `outputs`, the tensor each one reads. */
  outputSpec?: Spec;
  /** Output field → tensor name (default: the metadata's output of the right width, preferring a name with "prob"). */
  outputs?: Record<string, string>;
  /** TF Serving: the signature to call (default the server's default). */
  signatureName?: string;
  /** Rows per request (default the server's preferred batch size when it gives one — Triton's model configuration, or `max_batch_size` in the model metadata — else 64). */
  batchSize?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Most requests started per second (default no limit). */
  maxQps?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Retries on 429/502/503/504 and connection errors (default 4), backoff starting at `backoffMs` (default 200) and doubling. */
  retries?: number;
  backoffMs?: number;
  /**
   * Ask for gzip-compressed answers (default: yes, unless the server is on this machine —
   * on loopback compression saves no time and costs CPU at both ends, which share the cores).
   */
  compressedAnswers?: boolean;
  /**
   * Send and receive tensors with the Open Inference Protocol's binary tensor extension (raw
   * bytes after a JSON header) instead of JSON numbers. Default: when the server's metadata
   * (`GET /v2`) lists the extension `binary_tensor_data`, as Triton's does. KServe's Python
   * server offers it without listing it: pass `true`. MLServer's REST endpoint does not offer it.
   */
  binaryTensors?: boolean;
  /** Sent with every request (an API key, say). */
  headers?: Record<string, string>;
  /** Predictions kept (default 100,000: a remote call is expensive). */
  cacheSize?: number;
}
