/**
 * Pieces every training script shares: the backend, where models live, saving a model with its
 * `tslit.json`, and the versions of the data packages (recorded in `training.data`).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { saveModelToDir } from '../../src/model/io/file-system';
import type { ModelMetadata } from '../../src/model/metadata';

/** The repository root: the nearest folder above this file whose package.json is `tslit` (works from the compiled copy too). */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'tslit') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no tslit package.json above ${start}`);
  }
}

/** File name of the metadata beside model.json. */
export const METADATA_FILE = 'tslit.json';

/** `models/<name>` in the repository. */
export function modelDir(name: string): string {
  return path.join(REPO_ROOT, 'models', name);
}

/**
 * Training and the reference evaluation run on the pure-JS cpu backend: it is deterministic and
 * has every gradient kernel (WASM lacks UnsortedSegmentSum, the Embedding gradient).
 */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** The installed version of an npm package (found by walking up from its entry point). */
export function packageVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version !== undefined) return pkg.version;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find package.json of ${name}`);
    dir = up;
  }
}

/** Writes model.json + weights.bin + tslit.json into `dir`. */
export async function saveExampleModel(model: tf.LayersModel, metadata: ModelMetadata, dir: string): Promise<void> {
  await saveModelToDir(model, dir);
  await fs.promises.writeFile(path.join(dir, METADATA_FILE), JSON.stringify(metadata, null, 2) + '\n');
}

/** Reads `dir/tslit.json`. */
export function readMetadata(dir: string): ModelMetadata {
  return JSON.parse(fs.readFileSync(path.join(dir, METADATA_FILE), 'utf8')) as ModelMetadata;
}

/** Rounds a metric for the record (full precision stays reproducible in the tests). */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
