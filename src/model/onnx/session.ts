/**
 * Loading an ONNX file into an onnxruntime-node session, and what its metadata says of the
 * model's inputs and outputs.
 *
 * Notes: onnxruntime-node (an optional peer dependency) is required when a model is loaded, not when tslit is imported, so
 * notebooks without ONNX models never load its native binary. A file that does not load is an
 * error naming the path (or the byte count); no session is kept half-made.
 */
import type * as ort from 'onnxruntime-node';
import { requireOptionalPeer } from '../optional-peer';

export type Ort = typeof ort;
export type OrtSession = ort.InferenceSession;
export type OrtTensor = ort.Tensor;

/** One input or output as the session describes it; `shape` entries are sizes or symbolic names. */
export interface TensorInfo {
  name: string;
  type: string;
  shape: ReadonlyArray<number | string>;
}

/** The onnxruntime-node module, loaded on first use. */
export function ortModule(): Ort {
  return requireOptionalPeer<Ort>('onnxruntime-node', 'onnxModel (ONNX files)', () => require('onnxruntime-node'));
}

/** Where the model came from, for error messages. */
export function describeSource(source: string | Uint8Array): string {
  return typeof source === 'string' ? source : `${source.byteLength} bytes`;
}

/** Creates the session, or throws an error naming the source and onnxruntime's reason. */
export async function loadSession(source: string | Uint8Array, name: string, options: ort.InferenceSession.SessionOptions = {}): Promise<OrtSession> {
  const { InferenceSession } = ortModule();
  // Failures of a run come back as errors naming the model and rows; onnxruntime's own log of them (stderr) only repeats them.
  const settings: ort.InferenceSession.SessionOptions = { logSeverityLevel: 4, ...options };
  try {
    return typeof source === 'string' ? await InferenceSession.create(source, settings) : await InferenceSession.create(source, settings);
  } catch (e) {
    throw new Error(`ONNX model '${name}' (${describeSource(source)}) does not load: ${(e as Error).message}`);
  }
}

function infoOf(meta: ort.InferenceSession.ValueMetadata): TensorInfo {
  return meta.isTensor ? { name: meta.name, type: meta.type, shape: meta.shape } : { name: meta.name, type: 'non-tensor', shape: [] };
}

/** The session's inputs and outputs as its metadata gives them. */
export function sessionSignature(session: OrtSession): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  return { inputs: session.inputMetadata.map(infoOf), outputs: session.outputMetadata.map(infoOf) };
}

/** `name: type [dims]` for messages. */
export function describeTensor(t: TensorInfo): string {
  return `'${t.name}' (${t.type} [${t.shape.join(', ')}])`;
}
