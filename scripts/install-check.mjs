#!/usr/bin/env node
/**
 * The install check (issue 15): tslit installed the way a user outside this repository would,
 * on the oldest and the newest supported JupyterLab 4, then the jest suite test/install on it.
 *
 * 1. `npm pack` of the checkout and the wheel built from pyproject.toml (hatchling pinned in
 *    python/requirements-install-build.txt, no build isolation, the labextension prebuilt by
 *    scripts/setup.mjs) into .test-results/install/.
 * 2. One virtual environment per JupyterLab (`.venv-install-oldest`, `.venv-install-newest`, from
 *    python/requirements-install-*.txt by pip from PyPI), made in parallel and kept while the
 *    requirements file's hash is unchanged; the fresh wheel installed into each.
 * 3. An empty project folder outside the repository (so nothing resolves through the repo's
 *    node_modules): `npm install <tarball>` (from npm's cache when it has the packages), the
 *    test notebook copied in, `npx tslit install --prefix <venv>` for each environment.
 * 4. Two environments for the bad-input tests, with only the package metadata pip needs:
 *    JupyterLab 3.6.8, and JupyterLab without jupyterlab_widgets.
 * 5. jest on test/install, reading the manifest this writes; its JSON report is what
 *    scripts/run-tests.mjs counts (no report, e.g. because a step above failed: one failure).
 *
 * usage: node scripts/install-check.mjs [--prepare-only]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.test-results', 'install');
const project = path.join(os.tmpdir(), 'tslit-install-check', 'my-analysis');
const report = path.join(root, '.test-results', 'install.json');
const started = Date.now();

function log(message) {
  process.stderr.write(`[install-check ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
}

/** Runs a command to completion, failing with its output. */
function run(cmd, args, options = {}) {
  return runWithOutput(cmd, args, options).stdout;
}

function runWithOutput(cmd, args, options = {}) {
  const proc = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (proc.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${proc.status}):\n${proc.stdout ?? ''}${proc.stderr ?? ''}`);
  return { stdout: proc.stdout, stderr: proc.stderr };
}

/** The same, without blocking: for the environments made side by side. */
function runAsync(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${output}`))));
  });
}

const python = (venv) => path.join(venv, 'bin', 'python');

/** A venv holding `pipArgs`, made again only when `key` changes. */
async function environment(venv, key, pipArgs) {
  const stamp = path.join(venv, '.tslit-install-check');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) return venv;
  log(`making ${path.relative(root, venv)}`);
  fs.rmSync(venv, { recursive: true, force: true });
  await runAsync('python3', ['-m', 'venv', venv]);
  await runAsync(python(venv), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...pipArgs]);
  fs.writeFileSync(stamp, key);
  return venv;
}

function requirementsEnvironment(name) {
  const file = path.join(root, 'python', `requirements-install-${name}.txt`);
  const key = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return environment(path.join(root, `.venv-install-${name}`), key, ['-r', file]);
}

function packNpm() {
  const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]))[0];
  return { file: path.join(work, out.filename), size: out.size, unpackedSize: out.unpackedSize, files: out.files.map((f) => f.path).sort() };
}

function buildWheel(buildVenv) {
  run(python(buildVenv), ['-m', 'pip', 'wheel', '--quiet', '--disable-pip-version-check', '--no-deps', '--no-build-isolation', '--wheel-dir', work, root]);
  const wheel = fs.readdirSync(work).find((f) => f.endsWith('.whl'));
  if (!wheel) throw new Error(`no wheel in ${work}`);
  return path.join(work, wheel);
}

function installWheel(venv, wheel) {
  run(python(venv), ['-m', 'pip', 'uninstall', '--quiet', '--yes', 'tslit']);
  run(python(venv), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', wheel]);
  run(python(venv), ['-m', 'pip', 'check']);
}

function makeProject(tarball) {
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-analysis', version: '1.0.0', private: true }, null, 2) + '\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: project });
  fs.copyFileSync(path.join(root, 'test', 'install', 'own-project.ipynb'), path.join(project, 'own-project.ipynb'));
}

async function prepare() {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const buildReq = path.join(root, 'python', 'requirements-install-build.txt');
  const venvs = Promise.all([
    requirementsEnvironment('oldest'),
    requirementsEnvironment('newest'),
    environment(path.join(root, '.venv-install-build'), fs.readFileSync(buildReq, 'utf8'), ['-r', buildReq]),
    environment(path.join(root, '.venv-install-lab3'), 'jupyterlab==3.6.8 --no-deps', ['--no-deps', 'jupyterlab==3.6.8']),
    environment(path.join(root, '.venv-install-nowidgets'), 'jupyterlab==4.6.6 --no-deps', ['--no-deps', 'jupyterlab==4.6.6']),
  ]);
  venvs.catch(() => undefined);
  log('npm pack');
  const tarball = packNpm();
  log('npm install of the tarball in an empty project folder');
  makeProject(tarball.file);
  const [oldest, newest, build, lab3, noWidgets] = await venvs;
  log('building the wheel');
  const wheel = buildWheel(build);
  const labs = {};
  for (const [name, venv] of [['oldest', oldest], ['newest', newest]]) {
    log(`installing the wheel and the kernel in ${path.relative(root, venv)}`);
    installWheel(venv, wheel);
    const kernelInstall = runWithOutput('npx', ['--no-install', 'tslit', 'install', '--prefix', venv], { cwd: project });
    const jupyterlab = run(python(venv), ['-c', 'import jupyterlab; print(jupyterlab.__version__)']).trim();
    labs[name] = { prefix: venv, python: python(venv), jupyter: path.join(venv, 'bin', 'jupyter'), jupyterlab, kernelInstall };
  }
  const manifest = { version: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version, tarball, wheel, project, labs, badEnvironments: { lab3, noWidgets } };
  fs.writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
  log('prepared');
}

await prepare();
if (!process.argv.includes('--prepare-only')) {
  const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  const proc = spawnSync(process.execPath, [jest, '--ci', '--roots', '<rootDir>/test/install', '--maxWorkers', '2', '--json', '--outputFile', report], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TSLIT_INSTALL_MANIFEST: path.join(work, 'manifest.json') },
  });
  log(`done (jest exit ${proc.status})`);
  process.exit(proc.status ?? 1);
}
