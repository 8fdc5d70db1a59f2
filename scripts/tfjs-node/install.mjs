#!/usr/bin/env node
/**
 * Makes `require('@tensorflow/tfjs-node')` work in this repo without Google's storage.
 *
 * tfjs-node's own install script downloads libtensorflow 2.9.1 and a prebuilt addon from
 * storage.googleapis.com. Where that host is reachable we let it (the normal route). Where it
 * is not, we take the TensorFlow C library from PyPI's `tensorflow-cpu` wheel instead (its
 * `libtensorflow_cc.so.2` exports the C and eager APIs, TF_* and TFE_*; the headers are in the
 * wheel's include/), lay it out the way tfjs-node's `deps/` expects, and build the addon from
 * source with node-gyp. Everything lives in the git-ignored prefix `.tfjs-node/`; the project
 * sees it through one symlink, `node_modules/@tensorflow/tfjs-node`, created only once the
 * addon loads. tfjs-node is NOT a package.json dependency, so `npm install` and CI never need it.
 *
 * Idempotent: every stage checks its result first, so a re-run costs about a second (and
 * re-creates the symlink after `npm install` pruned it). Exits 0 when it cannot make tfjs-node
 * work, after saying why, so callers carry on with the WASM backend; exit 1 only with --strict.
 *
 * Usage: node scripts/tfjs-node/install.mjs [--strict] [--force] [--check] [--if-built]
 *   --check     only report whether tfjs-node loads from the project (no installing)
 *   --if-built  do nothing (exit 0 at once) unless .tfjs-node/ holds a built addon; then only
 *               re-make the links (~1.5 s). For `npm test`: use tfjs-node when it was set up.
 *   --force   redo every stage (download excepted when the wheel is cached)
 * Env: TFJS_NODE_TF_VERSION (tensorflow-cpu wheel version, default below), PYTHON (default python3),
 *      TFJS_NODE_SKIP_NORMAL=1 (do not probe Google's storage), TFJS_NODE_KEEP_WHEEL=1 (keep the
 *      downloaded wheel in .tfjs-node/wheels; by default it is deleted once extracted).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TFJS_NODE_VERSION = '4.22.0';
/**
 * The binding was written against libtensorflow 2.9.1, but tensorflow-cpu wheels ship
 * libtensorflow_cc.so.2 only from 2.12 on (2.9–2.11 have just the Python extension). It compiles
 * and passes test/backends against 2.12.1 and 2.18.1; 2.18.1 is the default because the Python
 * reference venv (.venv-ref) uses it, so bench/backends.ts compares the same TensorFlow.
 */
const TF_VERSION = process.env.TFJS_NODE_TF_VERSION || '2.18.1';
/** The wheel tag: the library does not depend on Python, so any cp tag with the version will do. */
const WHEEL_PYTHON = TF_VERSION.startsWith('2.9') || TF_VERSION.startsWith('2.10') || TF_VERSION.startsWith('2.11') ? '3.10' : '3.11';
/** The library file name tfjs-node's scripts/install.js checks for before downloading. */
const LIB_NAME_TFJS = 'libtensorflow.so.2.9.1';
const FRAMEWORK_NAME_TFJS = 'libtensorflow_framework.so.2.9.1';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PREFIX = path.join(ROOT, '.tfjs-node');
const PKG = path.join(PREFIX, 'node_modules', '@tensorflow', 'tfjs-node');
const DEPS = path.join(PKG, 'deps');
const WHEELS = path.join(PREFIX, 'wheels');
const PROJECT_LINK = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-node');
/** Packages tfjs-node depends on that must be the project's own copies (one tfjs engine). */
const SHARED = ['tfjs', 'tfjs-core', 'tfjs-backend-cpu', 'tfjs-backend-webgl', 'tfjs-converter', 'tfjs-data', 'tfjs-layers'];
const NODE_GYP = '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js';

const args = new Set(process.argv.slice(2));
const STRICT = args.has('--strict');
const FORCE = args.has('--force');
const t0 = Date.now();

function log(msg) {
  console.log(`[tfjs-node ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

class StepError extends Error {
  constructor(step, detail) {
    super(`${step} failed: ${detail}`);
  }
}

/** Runs a command, echoing it; throws StepError with the tail of its output on failure. */
function run(step, cmd, argv, opts = {}) {
  const shown = argv.map((a) => (a.includes('\n') ? '<inline script>' : a));
  log(`$ ${cmd} ${shown.join(' ')}${opts.cwd ? `   (in ${path.relative(ROOT, opts.cwd) || '.'})` : ''}`);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts, env: { ...process.env, ...opts.env } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.error || r.status !== 0) {
    const tail = out.trim().split('\n').slice(-25).join('\n');
    throw new StepError(step, `${cmd} exited ${r.status ?? r.error?.message}\n${tail}`);
  }
  return out;
}

function isLink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The built addon, wherever node-pre-gyp put it (lib/napi-v<N>/tfjs_binding.node). */
function builtAddon() {
  const lib = path.join(PKG, 'lib');
  if (!fs.existsSync(lib)) return undefined;
  return fs.readdirSync(lib).map((d) => path.join(lib, d, 'tfjs_binding.node')).find((f) => fs.existsSync(f));
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Loads tfjs-node from `fromDir` in a fresh node process and runs one matMul and one gradient. */
function probe(fromDir, requireSpec) {
  const code = `
    const t = require(${JSON.stringify(requireSpec)});
    const tf = require('@tensorflow/tfjs');
    const a = t.tensor2d([[1, 2], [3, 4]]);
    const g = t.grad((x) => x.matMul(x).sum())(a).dataSync();
    const coreOfNode = require.resolve('@tensorflow/tfjs-core', { paths: [require('fs').realpathSync(require.resolve(${JSON.stringify(requireSpec)}))] });
    console.log(JSON.stringify({ backend: tf.getBackend(), nodeBackend: t.getBackend(), tf: t.backend().binding.TF_Version,
      grad: Array.from(g), sameCore: require('fs').realpathSync(coreOfNode) === require('fs').realpathSync(require.resolve('@tensorflow/tfjs-core')) }));`;
  const r = spawnSync(process.execPath, ['-e', code], { cwd: fromDir, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  if (r.status !== 0) return { ok: false, reason: (r.stderr || r.stdout).trim().split('\n').slice(-6).join('\n') };
  const res = JSON.parse(r.stdout.trim().split('\n').pop());
  // d/dA sum(A·A) = 1ᵀ·Aᵀ + Aᵀ·1 → [[7, 11], [9, 13]] for A = [[1, 2], [3, 4]]
  const want = [7, 11, 9, 13];
  const ok = res.nodeBackend === 'tensorflow' && res.grad.every((v, i) => Math.abs(v - want[i]) < 1e-5);
  return { ok, res, reason: ok ? '' : `unexpected result ${JSON.stringify(res)}` };
}

/** Is the normal route's host reachable? (HEAD on the libtensorflow archive, 5 s timeout.) */
function googleStorageReachable() {
  const url = 'https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz';
  return new Promise((resolve) => {
    const req = https.request(url, { method: 'HEAD', timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Stage 1: tfjs-node's JS package (and its dependencies) in the prefix, scripts not run. */
function installPackage(normalRoute) {
  const have = readJson(path.join(PKG, 'package.json'))?.version;
  if (have === TFJS_NODE_VERSION && !FORCE && !normalRoute) {
    log(`@tensorflow/tfjs-node@${have} already in .tfjs-node/`);
    return;
  }
  fs.mkdirSync(PREFIX, { recursive: true });
  const pj = path.join(PREFIX, 'package.json');
  if (!fs.existsSync(pj)) fs.writeFileSync(pj, JSON.stringify({ name: 'tslit-tfjs-node-prefix', private: true, description: 'made by scripts/tfjs-node/install.mjs' }, null, 2) + '\n');
  // Our links to the project's @tensorflow/tfjs* go first, so npm never touches the project's copies.
  for (const name of SHARED) {
    const theirs = path.join(PREFIX, 'node_modules', '@tensorflow', name);
    if (isLink(theirs)) fs.unlinkSync(theirs);
  }
  const flags = normalRoute ? [] : ['--ignore-scripts'];
  run('npm install of @tensorflow/tfjs-node into .tfjs-node/', 'npm',
    ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--save-exact', ...flags, `@tensorflow/tfjs-node@${TFJS_NODE_VERSION}`],
    { cwd: PREFIX, env: { JOBS: '2' } });
}

/** Stage 2: the wheel's libraries and C headers, in the layout of tfjs-node's deps/. */
function layOutDeps() {
  const marker = path.join(DEPS, 'FROM-WHEEL.json');
  const libDir = path.join(DEPS, 'lib');
  if (!FORCE && readJson(marker)?.tensorflowCpu === TF_VERSION && fs.existsSync(path.join(libDir, LIB_NAME_TFJS))) {
    log(`deps/ already holds TensorFlow ${TF_VERSION} from the tensorflow-cpu wheel`);
    return false;
  }
  const python = process.env.PYTHON || 'python3';
  fs.mkdirSync(WHEELS, { recursive: true });
  let wheel = fs.readdirSync(WHEELS).find((f) => f.startsWith(`tensorflow_cpu-${TF_VERSION}-`) && f.endsWith('.whl'));
  if (!wheel) {
    run(`pip download of tensorflow-cpu==${TF_VERSION}`, python,
      ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--python-version', WHEEL_PYTHON, '--implementation', 'cp',
        '--platform', 'manylinux2014_x86_64', '-d', WHEELS, `tensorflow-cpu==${TF_VERSION}`]);
    wheel = fs.readdirSync(WHEELS).find((f) => f.startsWith(`tensorflow_cpu-${TF_VERSION}-`) && f.endsWith('.whl'));
    if (!wheel) throw new StepError('pip download', `no tensorflow_cpu-${TF_VERSION}-*.whl in ${WHEELS}`);
  } else {
    log(`wheel cached: .tfjs-node/wheels/${wheel}`);
  }
  fs.rmSync(DEPS, { recursive: true, force: true });
  fs.mkdirSync(libDir, { recursive: true });
  // Extract only what the addon needs: the two libraries and the C API headers (plus the tsl
  // and ctstring headers they include). Python's zipfile streams members; no unzip needed.
  const extract = `
import sys, zipfile, os, shutil
whl, deps = sys.argv[1], sys.argv[2]
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
heads = ('tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/tsl/c/', 'tensorflow/include/tsl/c/',
         'tensorflow/include/tensorflow/core/platform/ctstring', 'tensorflow/include/tensorflow/tsl/platform/ctstring',
         'tensorflow/include/tsl/platform/ctstring', 'tensorflow/include/xla/tsl/c/')
found = set()
with zipfile.ZipFile(whl) as z:
    for i in z.infolist():
        n = i.filename
        if n.endswith('/'):
            continue
        if n in libs:
            dest = os.path.join(deps, 'lib', os.path.basename(n)); found.add(n)
        elif n.startswith(heads):
            dest = os.path.join(deps, 'include', n[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(i) as src, open(dest, 'wb') as out:
            shutil.copyfileobj(src, out, 1 << 20)
        if n in libs:
            os.chmod(dest, 0o755)
missing = libs - found
if missing:
    sys.exit('the wheel has no ' + ', '.join(sorted(missing)) + ' (tensorflow-cpu wheels ship libtensorflow_cc.so.2 from 2.12 on)')
`;
  run(`extracting libtensorflow_cc.so.2 and headers from ${wheel}`, python, ['-c', extract, path.join(WHEELS, wheel), DEPS]);
  // The wheel (~220 MB) is not needed once extracted; re-downloading it takes seconds.
  if (process.env.TFJS_NODE_KEEP_WHEEL !== '1') fs.rmSync(path.join(WHEELS, wheel));
  // The names the addon links (-ltensorflow, -ltensorflow_framework), the names tfjs-node's
  // install.js checks, and the wheel's sonames (what the linked addon will ask the loader for).
  const links = {
    [LIB_NAME_TFJS]: 'libtensorflow_cc.so.2', 'libtensorflow.so.2': 'libtensorflow_cc.so.2', 'libtensorflow.so': 'libtensorflow_cc.so.2',
    [FRAMEWORK_NAME_TFJS]: 'libtensorflow_framework.so.2', 'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
  };
  for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(libDir, name));
  fs.writeFileSync(marker, JSON.stringify({ tensorflowCpu: TF_VERSION, wheel, note: 'libtensorflow.so.2.9.1 is a link to the wheel library; the name is the one tfjs-node checks' }, null, 2) + '\n');
  log(`deps/ laid out: lib/{${Object.keys(links).join(', ')}} -> wheel libraries; include/tensorflow/c/...`);
  return true;
}

/** Stage 3: the addon, compiled from source against deps/ (node headers from /usr/include/node). */
function buildAddon(depsChanged) {
  const built = readJson(path.join(PKG, 'lib', 'BUILT-AGAINST.json'));
  if (!FORCE && !depsChanged && builtAddon() && built?.tensorflowCpu === TF_VERSION && built?.node === process.version) {
    log(`addon already built against TensorFlow ${TF_VERSION} for node ${process.version}`);
    return;
  }
  const nodedir = fs.existsSync('/usr/include/node/node_api.h') ? '/usr' : undefined;
  const env = { JOBS: '2', ...(nodedir ? { npm_config_nodedir: nodedir } : {}), ...(fs.existsSync(NODE_GYP) ? { npm_config_node_gyp: NODE_GYP } : {}) };
  run('node-pre-gyp build of the tfjs-node addon', process.execPath,
    [path.join(PREFIX, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp'), 'install', '--build-from-source'], { cwd: PKG, env });
  const found = builtAddon();
  if (!found) throw new StepError('node-pre-gyp build', 'no lib/napi-v*/tfjs_binding.node after the build');
  fs.writeFileSync(path.join(PKG, 'lib', 'BUILT-AGAINST.json'), JSON.stringify({ tensorflowCpu: TF_VERSION, node: process.version }, null, 2) + '\n');
  log(`addon built: ${path.relative(ROOT, found)}`);
}

/** Stage 4: the prefix's @tensorflow/tfjs* become links to the project's, so one engine is shared. */
function shareTfjs() {
  const projectTfjs = readJson(path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs', 'package.json'))?.version;
  if (projectTfjs !== TFJS_NODE_VERSION) {
    throw new StepError('sharing @tensorflow/tfjs', `the project has @tensorflow/tfjs ${projectTfjs ?? '(none)'}, tfjs-node ${TFJS_NODE_VERSION} needs ${TFJS_NODE_VERSION}`);
  }
  let changed = 0;
  for (const name of SHARED) {
    const ours = path.join(ROOT, 'node_modules', '@tensorflow', name);
    if (!fs.existsSync(ours)) continue;
    const theirs = path.join(PREFIX, 'node_modules', '@tensorflow', name);
    const target = path.relative(path.dirname(theirs), ours);
    let current;
    try {
      current = fs.readlinkSync(theirs);
    } catch {
      current = undefined;
    }
    if (current === target) continue;
    fs.rmSync(theirs, { recursive: true, force: true });
    fs.symlinkSync(target, theirs);
    changed++;
  }
  log(changed ? `linked ${changed} @tensorflow/tfjs* packages of .tfjs-node/ to the project's copies` : "the prefix already uses the project's @tensorflow/tfjs* packages");
}

/** Stage 6: the project-side symlink (npm install prunes it as extraneous; re-created here). */
function linkIntoProject() {
  const target = path.relative(path.dirname(PROJECT_LINK), PKG);
  let current;
  try {
    current = fs.readlinkSync(PROJECT_LINK);
  } catch {
    current = undefined;
  }
  if (current === target) {
    log(`node_modules/@tensorflow/tfjs-node -> ${target} (already there)`);
    return;
  }
  fs.rmSync(PROJECT_LINK, { recursive: true, force: true });
  fs.symlinkSync(target, PROJECT_LINK);
  log(`linked node_modules/@tensorflow/tfjs-node -> ${target}`);
}

/** Appends `.tfjs-node/` to .gitignore if it is not there. */
function ignorePrefix() {
  const gi = path.join(ROOT, '.gitignore');
  const text = fs.existsSync(gi) ? fs.readFileSync(gi, 'utf8') : '';
  if (!text.split('\n').includes('.tfjs-node/')) fs.appendFileSync(gi, (text.endsWith('\n') || !text ? '' : '\n') + '.tfjs-node/\n');
}

async function main() {
  if (args.has('--check')) {
    const r = probe(ROOT, '@tensorflow/tfjs-node');
    console.log(r.ok ? `tfjs-node: OK (TensorFlow ${r.res.tf}, shared tfjs-core: ${r.res.sameCore})` : `tfjs-node: not usable — ${r.reason}`);
    process.exit(r.ok || !STRICT ? 0 : 1);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new StepError('platform check', `this route is for linux x64 (here: ${process.platform} ${process.arch}); use 'npm install @tensorflow/tfjs-node' where Google's storage is reachable`);
  }
  if (args.has('--if-built') && builtAddon() === undefined) {
    console.log("[tfjs-node] not set up (run 'node scripts/tfjs-node/install.mjs'); tslit uses the WASM backend");
    return;
  }
  ignorePrefix();
  // Fast path: a previous run left a working addon; only the links may need re-making.
  const built = readJson(path.join(PKG, 'lib', 'BUILT-AGAINST.json'));
  const ready = !FORCE && builtAddon() !== undefined && (built?.route === 'normal' || built?.tensorflowCpu === TF_VERSION) && SHARED.every((n) => !fs.existsSync(path.join(ROOT, 'node_modules', '@tensorflow', n)) || isLink(path.join(PREFIX, 'node_modules', '@tensorflow', n)));
  if (ready) {
    log('tfjs-node already built in .tfjs-node/; checking the links');
  } else {
    const normal = process.env.TFJS_NODE_SKIP_NORMAL !== '1' && builtAddon() === undefined && (await googleStorageReachable());
    log(normal ? "storage.googleapis.com is reachable: normal install (tfjs-node's own download and prebuilt addon)" : 'storage.googleapis.com is not reachable: building from the PyPI tensorflow-cpu wheel');
    installPackage(normal);
    if (!normal) buildAddon(layOutDeps());
    else fs.writeFileSync(path.join(PKG, 'lib', 'BUILT-AGAINST.json'), JSON.stringify({ route: 'normal', node: process.version }, null, 2) + '\n');
    shareTfjs();
    const inPrefix = probe(ROOT, PKG);
    if (!inPrefix.ok) throw new StepError('loading the built addon', inPrefix.reason);
  }
  shareTfjs();
  linkIntoProject();
  const fromProject = probe(ROOT, '@tensorflow/tfjs-node');
  if (!fromProject.ok) throw new StepError("require('@tensorflow/tfjs-node') from the project", fromProject.reason);
  if (!fromProject.res.sameCore) throw new StepError('sharing @tensorflow/tfjs-core', 'tfjs-node resolves a different @tensorflow/tfjs-core than the project');
  log(`tfjs-node: OK — require('@tensorflow/tfjs-node') registers backend 'tensorflow' (TensorFlow ${fromProject.res.tf}) in the project's tfjs ${TFJS_NODE_VERSION} engine`);
}

main().catch((e) => {
  // Leave no half-made project link behind: the backend chooser treats a resolvable package as installed.
  try {
    if (fs.lstatSync(PROJECT_LINK).isSymbolicLink() && !probe(ROOT, '@tensorflow/tfjs-node').ok) fs.rmSync(PROJECT_LINK);
  } catch {
    /* no link */
  }
  console.log(`[tfjs-node] ${e instanceof StepError ? e.message : e.stack}`);
  console.log('[tfjs-node] tfjs-node is NOT available; tslit will use the WASM backend (then cpu).');
  process.exit(STRICT ? 1 : 0);
});
