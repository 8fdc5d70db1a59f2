#!/usr/bin/env node
/**
 * Makes the Python environment `tslit convert` runs tensorflowjs's converter in (the directory
 * given as the first argument, else `defaultVenvDir()`) and prints its Python: TensorFlow, tf_keras
 * and the rest from python/requirements-convert.txt, then tensorflowjs itself with --no-deps
 * (its declared tensorflow-decision-forests and jax pins do not resolve beside TensorFlow 2.21;
 * scripts/convert/tfjs_converter.py stands in for them).
 *
 * Notes: stamped on the hash of the requirements and of this file, the stamp kept inside the
 * venv so a deleted venv is remade and an installed npm package (no node_modules stamps of its
 * own) works the same. Node built-ins only: scripts/setup.mjs runs it before `npm install`.
 * pip's output goes to stderr, so stdout is the Python's path alone (`tslit convert` reads it).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const requirements = path.join(root, 'python', 'requirements-convert.txt');
/** Installed after the requirements, without its declared dependencies. */
export const TENSORFLOWJS = 'tensorflowjs==4.22.0';
const STAMP = 'tslit-requirements.sha256';

function log(message) {
  process.stderr.write(`[tslit convert venv] ${message}\n`);
}

function run(cmd, args) {
  log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 2, 'inherit'] });
}

function digest() {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(requirements));
  hash.update(TENSORFLOWJS);
  return hash.digest('hex');
}

/**
 * Where the venv lives: `$TSLIT_CONVERT_VENV`; in a tslit checkout `<checkout>/.venv-convert`; in
 * an installed package (under node_modules, perhaps not writable, and replaced by every
 * `npm install`) the user's cache, `$XDG_CACHE_HOME/tslit/venv-convert` (default ~/.cache), made
 * once for every project.
 */
export function defaultVenvDir(env = process.env) {
  if (env.TSLIT_CONVERT_VENV) return path.resolve(env.TSLIT_CONVERT_VENV);
  if (!root.split(path.sep).includes('node_modules')) return path.join(root, '.venv-convert');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'tslit', 'venv-convert');
}

/** Makes (or brings up to date) the venv at `dir`; returns its Python. */
export function makeConvertVenv(dir = defaultVenvDir()) {
  const python = path.join(dir, 'bin', 'python');
  const stamp = path.join(dir, STAMP);
  const want = digest();
  if (fs.existsSync(python) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) {
    log(`${dir}: up to date`);
    return python;
  }
  const started = Date.now();
  if (!fs.existsSync(python)) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    run('python3', ['-m', 'venv', dir]);
  }
  const pip = [python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];
  run(pip[0], [...pip.slice(1), '-r', requirements]);
  run(pip[0], [...pip.slice(1), '--no-deps', TENSORFLOWJS]);
  fs.writeFileSync(stamp, want);
  log(`${dir}: made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return python;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${makeConvertVenv(process.argv[2] ? path.resolve(process.argv[2]) : undefined)}\n`);
}
