/**
 * `tslit convert` as a person runs it, for the suites of test/convert: the command from the
 * sources in a child process, the fixtures of test/fixtures/keras-convert (trained by
 * scripts/reference/keras_models.py) and the predictions Keras made for their records.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Example } from '../../src';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/keras-convert');
const VENV_PYTHON = path.join(ROOT, '.venv-convert/bin/python');

/** The Keras versions of the fixtures and the file each saves its layers models as. */
export const KERAS_VERSIONS = [
  ['keras3', 'model.keras'],
  ['keras2', 'model.h5'],
] as const;

/** predictions.json: the records a model was run on, their encoded inputs and Keras's probabilities. */
export interface Reference {
  records: Example[];
  inputs: number[][];
  probas: number[][];
  keras: string;
}

export const reference = (version: string, model: string): Reference => JSON.parse(fs.readFileSync(path.join(FIXTURES, version, model, 'predictions.json'), 'utf8')) as Reference;

const ARGS = (input: string, out: string): string[] => ['-r', './bench/metrics-ts-register.js', 'src/cli.ts', 'convert', input, out];

/** Runs `tslit convert` from the sources in a child process, as a person would run the command. */
export function tslitConvert(input: string, out: string): string {
  return execFileSync(process.execPath, ARGS(input, out), { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The same command without blocking, so tests can run on one converted model while the next converts; `signal` ends the child. */
export function tslitConvertAsync(input: string, out: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ARGS(input, out), { cwd: ROOT, encoding: 'utf8', signal }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tslit convert ${input} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Fails saying how to make the converter's Python environment when it is missing. */
export function requireConvertVenv(): void {
  if (!fs.existsSync(VENV_PYTHON)) {
    throw new Error(`${VENV_PYTHON} is missing: make it with \`node scripts/setup.mjs --for-tests\` (or \`node scripts/convert/venv.mjs\`) before running test/convert`);
  }
}
