/**
 * The Python side of `tslit convert`: the scripts of scripts/convert/ (shipped in the npm package)
 * and the Python they run in, the converter's venv made by scripts/convert/venv.mjs where it
 * decides (`<checkout>/.venv-convert`, the user's cache for an installed package, or
 * `$TSLIT_CONVERT_VENV`), or the `--python` given.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The package root (lib/model/convert or src/model/convert → three up; node_modules/tslit when installed). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A script of scripts/convert/, refused clearly when this installation lacks it. */
export function convertScript(name: string): string {
  const file = path.join(PACKAGE_ROOT, 'scripts', 'convert', name);
  if (!fs.existsSync(file)) throw new Error(`tslit convert needs scripts/convert/${name}, which this installation of tslit (${PACKAGE_ROOT}) does not have`);
  return file;
}

/** The Python to run the converter with: `given`, else the converter's venv made or brought up to date. */
export function converterPython(given: string | undefined): string {
  const maker = convertScript('venv.mjs');
  if (given) return given;
  const printed = execFileSync(process.execPath, [maker], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return printed.trim().split('\n').pop() ?? '';
}

/** Runs a script of scripts/convert/ and returns its stdout; a failure ends with the script's last lines of stderr. */
export function runConvertScript(python: string, script: string, args: readonly string[], failure: string): string {
  try {
    return execFileSync(python, [convertScript(script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  } catch (e) {
    const err = e as { stderr?: string | Buffer; message: string };
    const tail = (err.stderr?.toString() || err.message).trim().split('\n').slice(-6).join('\n');
    throw new Error(`${failure}:\n${tail}`);
  }
}
