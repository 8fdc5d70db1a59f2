/**
 * Saving and loading tfjs models to and from a directory with Node's `fs`, in tfjs's standard
 * layout (`model.json` + weight shards), without tfjs-node and without fetch.
 *
 * Notes: the pure `@tensorflow/tfjs` package has no `file://` handler (that lives in
 * tfjs-node), so we give tfjs an IOHandler of our own: `tf.io.withSaveHandler` for saving and a
 * `load()` that reads `model.json` and the shards it names. Works for both LayersModel and
 * GraphModel files (the tensorflowjs converter writes the same manifest layout).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';

/** The file names tfjs's own file handler uses. */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** The parts of a `model.json` file we read and write. */
export interface ModelJsonFile {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  trainingConfig?: unknown;
  signature?: unknown;
  userDefinedMetadata?: unknown;
  modelInitializer?: unknown;
  initializerSignature?: unknown;
}

/** Joins tfjs's weight data (one buffer or a list of buffers) into one ArrayBuffer. */
function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/** Builds the `model.json` content for saved artifacts, naming one shard `weights.bin`. */
export function modelJsonFor(artifacts: tf.io.ModelArtifacts, shardName = WEIGHTS_BIN): ModelJsonFile {
  const json: ModelJsonFile = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [shardName], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature !== undefined) json.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer !== undefined) json.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature !== undefined) json.initializerSignature = artifacts.initializerSignature;
  return json;
}

/**
 * Saves a LayersModel as `dir/model.json` + `dir/weights.bin` (creating `dir` if needed).
 * `tf.loadLayersModel('file://...')` under tfjs-node reads the result, and so does
 * {@link loadLayersModelFromDir}.
 */
export async function saveModelToDir(model: tf.LayersModel, dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true });
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    const weights = joinWeightData(artifacts.weightData);
    await fs.promises.writeFile(path.join(dir, WEIGHTS_BIN), Buffer.from(weights));
    const json = modelJsonFor(artifacts);
    await fs.promises.writeFile(path.join(dir, MODEL_JSON), JSON.stringify(json));
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
        weightDataBytes: weights.byteLength,
      },
    };
  });
  await model.save(handler);
}

/** Resolves a shard path from model.json inside `dir`; refuses paths that leave it. */
function shardPath(dir: string, shard: string): string {
  const root = path.resolve(dir);
  const full = path.resolve(root, shard);
  if (full !== root && !full.startsWith(root + path.sep)) {
    throw new Error(`model.json in ${dir} names weight shard '${shard}' outside the model directory`);
  }
  return full;
}

/** Reads and minimally validates `dir/model.json`. */
export async function readModelJson(dir: string): Promise<ModelJsonFile> {
  const file = path.join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: ModelJsonFile;
  try {
    json = JSON.parse(text) as ModelJsonFile;
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || json.modelTopology === undefined) {
    throw new Error(`${file} has no modelTopology: not a tfjs model.json`);
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new Error(`${file} has no weightsManifest array: not a tfjs model.json`);
  }
  return json;
}

/**
 * An IOHandler that loads `dir/model.json` and every weight shard it names, in manifest order.
 * Shard sizes are checked against the weight specs so a truncated file fails loudly.
 */
export function dirLoadHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = await readModelJson(dir);
      return tf.io.getModelArtifactsForJSON(json as unknown as tf.io.ModelJSON, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const shard of group.paths) {
            const buf = await fs.promises.readFile(shardPath(dir, shard));
            buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
          }
        }
        const data = tf.io.concatenateArrayBuffers(buffers);
        const expected = expectedWeightBytes(specs);
        if (Number.isFinite(expected) && expected !== data.byteLength) {
          throw new Error(`weights in ${dir}: the manifest needs ${expected} bytes but the shards hold ${data.byteLength}`);
        }
        return [specs, data];
      });
    },
  };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

/** Bytes the weight specs need (honouring quantization), for the truncation check. */
export function expectedWeightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (s.dtype === 'string') return NaN; // string weights have variable length; skip the check
    const q = s.quantization?.dtype;
    const bytes = q !== undefined ? DTYPE_BYTES[q] : DTYPE_BYTES[s.dtype];
    if (bytes === undefined) return NaN;
    total += n * bytes;
  }
  return total;
}

/** Loads a LayersModel saved in `dir` (model.json + shards). */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(dirLoadHandler(dir));
}

/** Loads a GraphModel (tensorflowjs converter output) saved in `dir`. */
export async function loadGraphModelFromDir(dir: string): Promise<tf.GraphModel> {
  return tf.loadGraphModel(dirLoadHandler(dir));
}
