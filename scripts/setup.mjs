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
import { execFileSync, spawn } from 'node:child_process';
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

function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
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

/** Runs `step` unless the stamp file records the same input hash. */
function stamped(name, inputs, step) {
  const stampDir = path.join(root, 'node_modules', '.tslit-stamps');
  const stamp = path.join(stampDir, name);
  const digest = hashFiles(inputs);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) {
    log(`${name}: up to date`);
    return;
  }
  step();
  fs.mkdirSync(stampDir, { recursive: true });
  fs.writeFileSync(stamp, digest);
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

function npmPackages() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  // onnxruntime-node (a dev and optional peer dependency) has a postinstall that would fetch CUDA binaries from NuGet (unreachable here); its CPU binaries ship in the package.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
  if (!fs.existsSync(marker)) {
    run('npm', ['ci', '--no-audit', '--no-fund'], { env });
    return;
  }
  stamped('npm', ['package.json', 'package-lock.json'], () => run('npm', ['install', '--no-audit', '--no-fund'], { env }));
}

function pythonVenv() {
  stamped('venv', ['python/requirements.txt'], () => {
    if (!fs.existsSync(venvPython)) run('python3', ['-m', 'venv', venv]);
    run(venvPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'python/requirements.txt']);
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
  stamped('venv-kserve', ['python/requirements-kserve.txt'], () => {
    if (!fs.existsSync(python)) run('python3', ['-m', 'venv', dir]);
    run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', 'python/requirements-kserve.txt']);
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
  stamped('tsc', ['tsconfig.json', 'package.json', ...listFiles('src', ['.ts', '.tsx', '.css'])], () => {
    run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
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

function labextension() {
  // Hash what webpack actually reads: the compiled browser-side code (lib/lab, lib/core).
  const inputs = ['package.json', 'src/lab/webpack.config.js', ...listFiles('lib/lab', ['.js', '.css']), ...listFiles('lib/core', ['.js'])];
  stamped('labextension', inputs, () => {
    if (!fs.existsSync(path.join(root, 'lib', 'lab', 'plugin.js'))) {
      log('labextension: src/lab/plugin.ts not built yet, skipping');
      return;
    }
    const staging = path.join(venv, 'lib', fs.readdirSync(path.join(venv, 'lib')).find((d) => d.startsWith('python')), 'site-packages', 'jupyterlab', 'staging');
    run(process.execPath, [path.join(root, 'node_modules', '@jupyterlab', 'builder', 'lib', 'build-labextension.js'), '--core-path', staging, '.']);
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

function kernelspec() {
  if (!fs.existsSync(path.join(root, 'lib', 'cli.js'))) {
    log('kernelspec: kernel not built yet, skipping');
    return;
  }
  run(process.execPath, [path.join(root, 'bin', 'tslit.js'), 'install', '--sys-prefix', '--python', venvPython]);
}

/**
 * The native TensorFlow backend (issue 8): built from the PyPI TensorFlow wheel because its own
 * download host is unreachable here. Never fatal: without it tslit runs on WASM.
 */
function tfjsNode() {
  try {
    run(process.execPath, [path.join(root, 'scripts', 'tfjs-node', 'install.mjs')]);
  } catch (error) {
    log(`tfjs-node: not available (${error.message}); tslit will use the WASM backend`);
  }
}

function chromium() {
  if (fs.existsSync('/usr/bin/chromium')) return;
  log('installing Debian Chromium for the browser tests');
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const apt = (args) => run(sudo.length ? 'sudo' : 'apt-get', sudo.length ? ['apt-get', ...args] : args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', 'chromium']);
}

// tensorflowjs's converter for `tslit convert` and test/convert (scripts/convert/venv.mjs: stamped on its
// requirements; Node built-ins and pip only). About 5 minutes on a fresh clone, mostly downloading,
// so it is made beside the steps below rather than after them.
const convertVenv = forTests ? runBeside(process.execPath, [path.join(root, 'scripts', 'convert', 'venv.mjs')]) : Promise.resolve();

/** Starts a command whose output goes to ours; resolves when it exits 0, rejects otherwise. */
function runBeside(cmd, args) {
  log(`$ ${cmd} ${args.join(' ')} (in the background)`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`))));
  });
}

npmPackages();
selfLink();
pythonVenv();
compile();
labextension();
labSettings();
kernelspec();
if (!process.argv.includes('--no-tfjs-node')) tfjsNode();
if (forTests) chromium();
if (forTests) kserveVenv();
await convertVenv;
log('ready');
