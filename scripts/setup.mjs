#!/usr/bin/env node
/**
 * Installs whatever is missing and builds everything, idempotently: npm packages, the Python
 * virtual environment (pinned JupyterLab 4 + jupyterlab_widgets), the compiled kernel, the
 * prebuilt labextension (copied into the venv), the kernelspec, and — with `--for-tests` —
 * Debian's Chromium for the browser tests, KServe's model server (`.venv-kserve`) and tensorflowjs's
 * converter (`.venv-convert`).
 *
 * Notes: uses only Node built-ins, because it runs before `npm install` on a fresh clone.
 * Each step is skipped when its output is newer than its inputs, so `npm start` after
 * `npm test` is quick.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--for-tests');
const venv = path.join(root, '.venv');
const venvPython = path.join(venv, 'bin', 'python');

function log(message) {
  process.stderr.write(`[tslit setup] ${message}\n`);
}

/**
 * Runs a command whose output goes to ours; resolves when it exits 0, rejects otherwise. Never
 * blocks the event loop, so the steps started beside it move on to their next command meanwhile.
 */
function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`))));
  });
}

function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const full = path.join(root, file);
    hash.update(file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

/** The stamp of step `name`: whether it records this input hash, and how to record it. */
function stampOf(name, inputs) {
  const stampDir = path.join(root, 'node_modules', '.tslit-stamps');
  const stamp = path.join(stampDir, name);
  const digest = hashFiles(inputs);
  const upToDate = fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest;
  if (upToDate) log(`${name}: up to date`);
  const record = () => {
    fs.mkdirSync(stampDir, { recursive: true });
    fs.writeFileSync(stamp, digest);
  };
  return { upToDate, record };
}

/**
 * Runs the async `step` unless the stamp file records the same input hash. The stamp is written
 * once npm is done too, so npm ci never meets it half made under node_modules.
 */
async function stamped(name, inputs, step) {
  const { upToDate, record } = stampOf(name, inputs);
  if (upToDate) return;
  await step();
  await npmDone;
  record();
}

function listFiles(dir, exts) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(path.join(root, d))) return;
    for (const entry of fs.readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = path.join(d, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (exts.some((e) => entry.name.endsWith(e))) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

async function npmPackages() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  // onnxruntime-node (a dev and optional peer dependency) has a postinstall that would fetch CUDA binaries from NuGet (unreachable here); its CPU binaries ship in the package.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
  if (!fs.existsSync(marker)) {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { env });
    return;
  }
  const { upToDate, record } = stampOf('npm', ['package.json', 'package-lock.json']);
  if (upToDate) return;
  await run('npm', ['install', '--no-audit', '--no-fund'], { env });
  record();
}

/** The venvs need only Python and pip, so they are made beside npm (see the end of this file). */
function pythonVenv() {
  return stamped('venv', ['python/requirements.txt'], async () => {
    if (!fs.existsSync(venvPython)) await run('python3', ['-m', 'venv', venv]);
    await run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'python/requirements.txt']);
  });
}

/**
 * KServe's Python model server for the remote-model tests (its binary tensor extension): its own
 * venv, because kserve pins a starlette that MLServer's fastapi (in .venv) refuses.
 */
function kserveVenv() {
  const dir = path.join(root, '.venv-kserve');
  const python = path.join(dir, 'bin', 'python');
  if (!fs.existsSync(python)) fs.rmSync(path.join(root, 'node_modules', '.tslit-stamps', 'venv-kserve'), { force: true });
  return stamped('venv-kserve', ['python/requirements-kserve.txt'], async () => {
    if (!fs.existsSync(python)) await run('python3', ['-m', 'venv', dir]);
    await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'python/requirements-kserve.txt']);
  });
}

/** Lets notebooks under the repo `import ... from "tslit"` (node and TypeScript resolution). */
function selfLink() {
  const link = path.join(root, 'node_modules', 'tslit');
  try {
    if (fs.readlinkSync(link) === '..') return;
    fs.rmSync(link, { force: true });
  } catch {
    /* no link yet */
  }
  fs.symlinkSync('..', link, 'dir');
}

function compile() {
  return stamped('tsc', ['tsconfig.json', 'package.json', ...listFiles('src', ['.ts', '.tsx', '.css'])], async () => {
    await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    pruneStaleOutput();
  });
}

/**
 * Removes compiled files whose source is gone (a file moved or deleted in src/): tsc never
 * deletes, and a stale lib/x.js would shadow a new lib/x/index.js for `require('.../x')`.
 */
function pruneStaleOutput() {
  for (const file of listFiles('lib', ['.js', '.d.ts', '.js.map', '.d.ts.map'])) {
    const stem = path.relative('lib', file).replace(/(\.d)?\.ts\.map$|\.js\.map$|\.d\.ts$|\.js$/, '');
    if (!['.ts', '.tsx'].some((ext) => fs.existsSync(path.join(root, 'src', stem + ext)))) {
      fs.rmSync(path.join(root, file));
      log(`removed stale ${file}`);
    }
  }
}

async function labextension() {
  // Hash what webpack actually reads: the compiled browser-side code (lib/lab, lib/core).
  const inputs = ['package.json', 'src/lab/webpack.config.js', ...listFiles('lib/lab', ['.js', '.css']), ...listFiles('lib/core', ['.js'])];
  await stamped('labextension', inputs, async () => {
    if (!fs.existsSync(path.join(root, 'lib', 'lab', 'plugin.js'))) {
      log('labextension: src/lab/plugin.ts not built yet, skipping');
      return;
    }
    const staging = path.join(venv, 'lib', fs.readdirSync(path.join(venv, 'lib')).find((d) => d.startsWith('python')), 'site-packages', 'jupyterlab', 'staging');
    await run(process.execPath, [path.join(root, 'node_modules', '@jupyterlab', 'builder', 'lib', 'build-labextension.js'), '--core-path', staging, '.']);
  });
  const built = path.join(root, 'labextension');
  if (fs.existsSync(built)) {
    const target = path.join(venv, 'share', 'jupyter', 'labextensions', 'tslit');
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(built, target, { recursive: true });
    if (fs.existsSync(path.join(root, 'install.json'))) fs.copyFileSync(path.join(root, 'install.json'), path.join(target, 'install.json'));
  }
}

/**
 * JupyterLab settings (widget state saved with the notebook) and Jupyter server config (no
 * Nagle delay on kernel websockets) that the project ships, installed into the venv.
 */
function labSettings() {
  const files = [
    ['overrides.json', path.join(venv, 'share', 'jupyter', 'lab', 'settings', 'overrides.json')],
    ['jupyter_server_config.py', path.join(venv, 'etc', 'jupyter', 'jupyter_server_config.py')],
  ];
  for (const [name, target] of files) {
    const source = path.join(root, 'python', name);
    if (!fs.existsSync(source)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

async function kernelspec() {
  if (!fs.existsSync(path.join(root, 'lib', 'cli.js'))) {
    log('kernelspec: kernel not built yet, skipping');
    return;
  }
  await run(process.execPath, [path.join(root, 'bin', 'tslit.js'), 'install', '--sys-prefix', '--python', venvPython]);
}

/**
 * The native TensorFlow backend (issue 8): built from the PyPI TensorFlow wheel because its own
 * download host is unreachable here. Never fatal: without it tslit runs on WASM.
 */
async function tfjsNode() {
  try {
    await run(process.execPath, [path.join(root, 'scripts', 'tfjs-node', 'install.mjs')]);
  } catch (error) {
    log(`tfjs-node: not available (${error.message}); tslit will use the WASM backend`);
  }
}

async function chromium() {
  if (fs.existsSync('/usr/bin/chromium')) return;
  log('installing Debian Chromium for the browser tests');
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  // Another apt (a second checkout's setup, unattended upgrades) may hold dpkg's lock: wait for it.
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  const apt = (args) => run(sudo.length ? 'sudo' : 'apt-get', sudo.length ? ['apt-get', ...wait, ...args] : [...wait, ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  await apt(['update', '-qq']);
  await apt(['install', '-y', '-qq', 'chromium']);
}

/** A step started now and awaited later: marked handled at once, so it failing first is not an unhandled rejection. */
function started(promise) {
  promise.catch(() => {});
  return promise;
}

// What depends on what: the kernel (tsc) and tfjs-node need npm's packages; the labextension needs
// the kernel's compiled output and .venv's JupyterLab; the kernelspec needs both. The venvs (pip),
// Chromium (apt) and tensorflowjs's converter (scripts/convert/venv.mjs, stamped inside its venv)
// need none of that, so they download beside npm instead of after it; tfjs-node builds beside tsc
// and the labextension (one after another they were 1213 s of a fresh clone's CI, BENCHMARKS.md).
const npmDone = started(npmPackages());
const venvDone = started(pythonVenv());
const forTestsDone = forTests
  ? [kserveVenv(), chromium(), run(process.execPath, [path.join(root, 'scripts', 'convert', 'venv.mjs')])].map(started)
  : [];
await npmDone;
selfLink();
const tfjsNodeDone = process.argv.includes('--no-tfjs-node') ? Promise.resolve() : tfjsNode();
await compile();
await venvDone;
await labextension();
labSettings();
await kernelspec();
await tfjsNodeDone;
await Promise.all(forTestsDone);
log('ready');
