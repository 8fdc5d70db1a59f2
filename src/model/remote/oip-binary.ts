/**
 * The Open Inference Protocol's binary tensor extension over REST, as pure functions: a request
 * is a JSON header (tensors with `parameters.binary_data_size`, no `data`) followed by each
 * input's raw little-endian bytes, its header length in `Inference-Header-Content-Length`; an
 * answer with that header is read back into the JSON form `decodeInferResponse` reads.
 *
 * Notes: numbers cost 4 or 8 bytes instead of up to 24 characters of JSON, and neither side
 * formats or parses them. BYTES elements are each a 4-byte little-endian length and the UTF-8
 * bytes. Triton and KServe offer the extension; MLServer's REST endpoint does not.
 */
import type { Example } from '../../core/spec';
import { encodeInferRequest, type InputBinding, type OipDatatype } from './oip-codec';

export const HEADER_LENGTH = 'inference-header-content-length';

type NumericArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array;

const ARRAYS: Partial<Record<OipDatatype, { new (n: number): NumericArray; new (b: ArrayBuffer): NumericArray; BYTES_PER_ELEMENT: number }>> = {
  FP32: Float32Array, FP64: Float64Array, INT8: Int8Array, INT16: Int16Array, INT32: Int32Array,
  UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, INT64: BigInt64Array, UINT64: BigUint64Array, BOOL: Uint8Array,
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder();

function rawOf(datatype: OipDatatype, data: ReadonlyArray<unknown>): Uint8Array {
  if (datatype === 'BYTES') {
    const parts = data.map((s) => UTF8_ENCODER.encode(String(s)));
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
    const view = new DataView(out.buffer);
    let at = 0;
    for (const p of parts) {
      view.setUint32(at, p.length, true);
      out.set(p, at + 4);
      at += 4 + p.length;
    }
    return out;
  }
  const Array_ = ARRAYS[datatype];
  if (!Array_ || !LITTLE_ENDIAN) throw new Error(`the binary tensor extension cannot send ${datatype}${LITTLE_ENDIAN ? '' : ' on a big-endian machine'}: set binaryTensors: false`);
  const typed = new Array_(data.length);
  const big = datatype === 'INT64' || datatype === 'UINT64';
  for (let i = 0; i < data.length; i++) typed[i] = (big ? BigInt(data[i] as number) : Number(data[i])) as never;
  return new Uint8Array(typed.buffer);
}

/** The `/infer` request for a batch with every input tensor's data as raw bytes. */
export function encodeBinaryInferRequest(examples: readonly Example[], inputs: readonly InputBinding[], outputs: readonly string[]): { body: Uint8Array; headerLength: number } {
  const json = encodeInferRequest(examples, inputs, outputs) as { inputs: Array<{ datatype: OipDatatype; data?: unknown[]; parameters?: Record<string, unknown> }>; outputs: Array<{ name: string; parameters?: Record<string, unknown> }> };
  const raws = json.inputs.map((t) => {
    const raw = rawOf(t.datatype, t.data ?? []);
    delete t.data;
    t.parameters = { binary_data_size: raw.length };
    return raw;
  });
  json.outputs = json.outputs.map((o) => ({ ...o, parameters: { binary_data: true } }));
  const header = UTF8_ENCODER.encode(JSON.stringify({ ...json, parameters: { binary_data_output: true } }));
  const body = new Uint8Array(header.length + raws.reduce((n, r) => n + r.length, 0));
  body.set(header, 0);
  let at = header.length;
  for (const r of raws) {
    body.set(r, at);
    at += r.length;
  }
  return { body, headerLength: header.length };
}

/** The values of one tensor from its raw little-endian bytes (BYTES: length-prefixed UTF-8). */
export function tensorValues(datatype: OipDatatype, bytes: Uint8Array, tensor: string, where: string): unknown[] {
  if (datatype === 'BYTES') {
    const out: string[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at < bytes.length;) {
      if (at + 4 > bytes.length) throw new Error(`${where}: binary output '${tensor}' ends inside an element's length`);
      const n = view.getUint32(at, true);
      if (at + 4 + n > bytes.length) throw new Error(`${where}: binary output '${tensor}' has an element of ${n} bytes past its end`);
      out.push(UTF8_DECODER.decode(bytes.subarray(at + 4, at + 4 + n)));
      at += 4 + n;
    }
    return out;
  }
  if (datatype === 'FP16') return Array.from(new Uint16Array(bytes.slice().buffer), halfToFloat);
  const Array_ = ARRAYS[datatype];
  if (!Array_) throw new Error(`${where}: binary output '${tensor}' has datatype ${datatype}, which tslit cannot read`);
  if (bytes.length % Array_.BYTES_PER_ELEMENT !== 0) throw new Error(`${where}: binary output '${tensor}' has ${bytes.length} bytes, not a whole number of ${datatype} values`);
  // A copy: the tensor's offset in the answer need not be aligned to its element size.
  return Array.from(new Array_(bytes.slice().buffer) as ArrayLike<number | bigint>, Number);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * An answer with a binary part, as the JSON body `decodeInferResponse` reads: the header's
 * outputs, each with `data` read from its `binary_data_size` bytes (in the header's order).
 */
export function decodeBinaryInferResponse(bytes: Uint8Array, headerLength: number, where: string): unknown {
  if (!Number.isInteger(headerLength) || headerLength < 0 || headerLength > bytes.length) {
    throw new Error(`${where}: the answer's ${HEADER_LENGTH} is ${headerLength}, but the answer has ${bytes.length} bytes`);
  }
  let header: { outputs?: Array<{ name?: string; datatype?: OipDatatype; data?: unknown; parameters?: { binary_data_size?: unknown } }> };
  try {
    header = JSON.parse(UTF8_DECODER.decode(bytes.subarray(0, headerLength)));
  } catch {
    throw new Error(`${where}: the answer's JSON header (${headerLength} bytes) is not JSON`);
  }
  let at = headerLength;
  for (const out of Array.isArray(header?.outputs) ? header.outputs : []) {
    const size = out?.parameters?.binary_data_size;
    if (size === undefined) continue;
    if (!Number.isInteger(size) || (size as number) < 0 || at + (size as number) > bytes.length) {
      throw new Error(`${where}: binary output '${out.name}' says ${JSON.stringify(size)} bytes, but ${bytes.length - at} remain in the answer`);
    }
    out.data = tensorValues(out.datatype as OipDatatype, bytes.subarray(at, at + (size as number)), String(out.name), where);
    at += size as number;
  }
  return header;
}
