/**
 * The tiny BERT of models/tiny-bert-spam and its PyTorch reference probabilities
 * (test/fixtures/tiny-bert-reference.json, written by scripts/train-python/tiny_bert.py).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Example } from '../../src/core/spec';
import { splitById } from '../../scripts/train/split';
import { spamRecords } from '../../src/examples/spam';

export const MODEL_DIR = join(__dirname, '..', '..', 'models', 'tiny-bert-spam');

export interface Reference { id: string; text: string; label: string; probabilities: number[] }

export function references(): Reference[] {
  const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tiny-bert-reference.json'), 'utf8')) as { examples: Reference[] };
  return fixture.examples;
}

let held: Array<Example & { id: string }> | undefined;
/** The held-out rows of the project's spam split, as the model was evaluated on. */
export function heldOut(): Array<Example & { id: string }> {
  held ??= splitById(spamRecords() as Array<Example & { id: string }>, 'spam').heldOut;
  return held;
}
