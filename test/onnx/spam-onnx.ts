/** The committed spam-onnx model, its PyTorch reference outputs and the held-out texts it was scored on. */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { Example } from '../../src/core/spec';
import { spamSplit } from '../../scripts/train/spam';

export const MODEL_DIR = join(__dirname, '..', '..', 'models', 'spam-onnx');
export const MODEL_PATH = join(MODEL_DIR, 'model.onnx');

/** Written by scripts/train-python/spam_onnx.py: PyTorch's probabilities for 20 held-out texts. */
export interface Reference { id: string; text: string; ids: number[]; probabilities: number[] }
export function references(): Reference[] {
  return (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'spam-reference.json'), 'utf8')) as { examples: Reference[] }).examples;
}

export function settings(): { heldOut: { n: number; accuracy: number }; classes: string[] } {
  return JSON.parse(readFileSync(join(MODEL_DIR, 'tslit.json'), 'utf8'));
}

/** The held-out split of models/spam (the one the ONNX model's figures are on). */
export function heldOut(): Array<Example & { label: string }> {
  return spamSplit().heldOut.map((r) => ({ text: String(r.text), label: String(r.label) }));
}
