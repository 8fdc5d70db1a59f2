/**
 * Shared checks for the committed example models: load one from `models/<name>` with the
 * project's own loader, re-evaluate it on its held-out rows, and leave no tensor behind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadLayersModelFromDir } from '../../src/model/io/file-system';
import type { ModelMetadata } from '../../src/model/metadata';
import type { Row } from '../../scripts/train/data/rows';
import { modelDir, readMetadata, saveExampleModel, useCpuBackend } from '../../scripts/train/common';

export interface Evaluated {
  metadata: ModelMetadata;
  model: tf.LayersModel;
  measured: Record<string, number>;
}

/** Loads the model, evaluates it on `rows`, and returns the figures (the caller disposes the model). */
export async function loadAndEvaluate(
  name: string,
  rows: readonly Row[],
  evaluate: (m: tf.LayersModel, meta: ModelMetadata, rows: readonly Row[]) => Record<string, number>,
): Promise<Evaluated> {
  await useCpuBackend();
  const dir = modelDir(name);
  const metadata = readMetadata(dir);
  const model = await loadLayersModelFromDir(dir);
  const before = tf.memory().numTensors;
  const measured = evaluate(model, metadata, rows);
  expect(tf.memory().numTensors).toBe(before);
  return { metadata, model, measured };
}

/** Every figure recorded in tslit.json is what the committed weights give today. */
export function expectRecordedFigures(e: Evaluated): void {
  const recorded = e.metadata.training.heldOut;
  expect(Object.keys(e.measured).sort()).toEqual(Object.keys(recorded).sort());
  for (const [key, value] of Object.entries(recorded)) expect({ key, value: e.measured[key] }).toEqual({ key, value: expect.closeTo(value, 6) });
}

/** The model files exist, are small, and tslit.json names its own script. */
export function expectModelFiles(name: string, maxWeightBytes: number): void {
  const dir = modelDir(name);
  for (const f of ['model.json', 'weights.bin', 'tslit.json']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  const bytes = fs.statSync(path.join(dir, 'weights.bin')).size;
  expect(bytes).toBeLessThanOrEqual(maxWeightBytes);
  const meta = readMetadata(dir);
  expect(meta.name).toBe(name);
  expect(fs.existsSync(path.join(dir, '..', '..', meta.training.script))).toBe(true);
}

/**
 * Retrains a model with its script into a temporary folder and checks that weights.bin and
 * tslit.json are byte-identical to the committed ones (and that training leaks no tensor).
 */
export async function expectReproduced(
  name: string,
  train: () => Promise<{ model: tf.LayersModel; metadata: ModelMetadata }>,
): Promise<void> {
  await useCpuBackend();
  const baseline = tf.memory().numTensors;
  const { model, metadata } = await train();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  try {
    await saveExampleModel(model, metadata, dir);
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    const committed = modelDir(name);
    expect(fs.readFileSync(path.join(dir, 'weights.bin')).equals(fs.readFileSync(path.join(committed, 'weights.bin')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'tslit.json'), 'utf8')).toBe(fs.readFileSync(path.join(committed, 'tslit.json'), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(committed, 'model.json'), 'utf8')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
