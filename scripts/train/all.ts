/**
 * Retrains example models from scratch, deterministically, and saves them under `models/`.
 *
 * Usage (compiled and run by `node scripts/train/run.mjs [names...]`): with no names, every
 * model; else only those named (penguins, cars, spam, mnist).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../src/model/metadata';
import { modelDir, saveExampleModel, useCpuBackend } from './common';
import { trainPenguins } from './penguins';
import { trainCars } from './cars';
import { trainSpam } from './spam';
import { trainMnist } from './mnist';

type Trainer = (log: (line: string) => void) => Promise<{ model: tf.LayersModel; metadata: ModelMetadata }>;

export const TRAINERS: Record<string, Trainer> = { penguins: trainPenguins, cars: trainCars, spam: trainSpam, mnist: trainMnist };

async function main(names: string[]): Promise<void> {
  await useCpuBackend();
  const unknown = names.filter((n) => !(n in TRAINERS));
  if (unknown.length > 0) throw new Error(`unknown model(s) ${unknown.join(', ')}; known: ${Object.keys(TRAINERS).join(', ')}`);
  for (const name of names.length > 0 ? names : Object.keys(TRAINERS)) {
    const started = Date.now();
    const { model, metadata } = await TRAINERS[name]((line) => console.log(line));
    const dir = modelDir(name);
    await saveExampleModel(model, metadata, dir);
    model.dispose();
    const bytes = fs.statSync(path.join(dir, 'weights.bin')).size;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${name}: ${secs} s, weights.bin ${bytes} bytes, held out ${JSON.stringify(metadata.training.heldOut)}`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
