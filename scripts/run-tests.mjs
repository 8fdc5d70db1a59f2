#!/usr/bin/env node
/**
 * Runs every test suite — jest unit/integration tests, the kernel protocol tests under pytest
 * (a real jupyter_client), and the browser tests (jest + Playwright in Debian's Chromium) —
 * then prints one closing line `N passed, N failed` summed over all suites.
 *
 * Notes: a suite that crashes before reporting counts as one failure, so a broken runner can
 * never look green. The summary is also written to .test-results/summary.txt for .ci/run.
 *
 * The suites run in three lanes side by side (BENCHMARKS.md, "CI wall time"): the jest suites
 * that compute with tfjs in their own process, then the browser suite; the install suite, which
 * mostly waits on pip and npm; and pytest, which mostly waits on kernels and servers. On the 2-core CI that keeps both cores busy. Each lane's output is streamed line by line with the suite's short
 * name in front, and kept whole in .test-results/logs/. TSLIT_TESTS_SERIAL=1 runs one suite
 * after another with their output as it comes, as before.
 *
 * usage: node scripts/run-tests.mjs [suite name prefix ...]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, '.test-results');
const logs = path.join(results, 'logs');
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(logs, { recursive: true });
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const tfjsNodeInstalled = fs.existsSync(path.join(root, 'node_modules', '@tensorflow', 'tfjs-node'));
const serial = process.env.TSLIT_TESTS_SERIAL === '1';

/**
 * Files that check a model (its reference outputs, held-out figures, the conformance table)
 * rather than a backend, and that take minutes on cpu where tfjs-node takes one: each runs once,
 * in the tfjs-node suite when tfjs-node is installed, else in the main suite on cpu.
 */
const ON_FASTEST_BACKEND = ['test/models/keras-text-models.test.ts', 'test/conformance/conformance.test.ts'];
/** The folders repeated on each installed backend (issue 8: results agree across backends). */
const REPEATED = ['model', 'salience', 'counterfactuals'];

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A jest path pattern matching exactly this repository-relative file. */
const fileExactly = (file) => `/${escapeRegex(file)}$`;

/** jest on the given path patterns, with its JSON report under .test-results/. */
function jestSuite({ name, short, report, patterns = [], ignore = [], extra = [], env = {} }) {
  const outputFile = path.join(results, `${report}.json`);
  return {
    name,
    short,
    lane: 'tfjs',
    cmd: process.execPath,
    args: [jestBin, '--ci', ...extra, ...(ignore.length ? ['--testPathIgnorePatterns', ...ignore] : []), '--json', '--outputFile', outputFile, ...(patterns.length ? ['--', ...patterns] : [])],
    env,
    read: () => readJest(outputFile),
  };
}

/** Each suite: how to run it, in which lane, and how to read its counts. */
const suites = [
  {
    // ts-jest transpiles each file alone (isolatedModules), so type errors in tests would pass unseen.
    name: 'typecheck (src and tests, tsc --noEmit)',
    short: 'typecheck',
    lane: 'tfjs',
    cmd: process.execPath,
    args: [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/tsconfig.json', '--noEmit'],
    read: (status) => (status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }),
  },
  jestSuite({
    name: 'jest (unit and integration)',
    short: 'jest',
    report: 'jest',
    ignore: ['/test/browser/', '/test/install/', ...(tfjsNodeInstalled ? ON_FASTEST_BACKEND.map(fileExactly) : [])],
    // Pinned, so loadModel() does not pick tfjs-node in some files and cpu in others.
    env: { TSLIT_BACKEND: 'cpu' },
  }),
  // The numeric suites again on each other installed backend; tfjs-node also takes ON_FASTEST_BACKEND.
  ...['wasm', 'tensorflow'].map((backend) => {
    const fastest = backend === 'tensorflow';
    return {
      ...jestSuite({
        name: `jest on the ${backend} backend (${REPEATED.join(', ')}${fastest ? '; ' + ON_FASTEST_BACKEND.map((f) => path.basename(f, '.test.ts')).join(', ') : ''})`,
        short: `jest-${backend}`,
        report: `jest-${backend}`,
        patterns: [`/test/(${REPEATED.join('|')})/`, ...(fastest ? ON_FASTEST_BACKEND.map(fileExactly) : [])],
        env: { TSLIT_BACKEND: backend },
      }),
      skipIf: () => fastest && !tfjsNodeInstalled,
    };
  }),
  {
    // Issue 15: npm pack + the wheel, installed outside the repo on the oldest and newest supported
    // JupyterLab (a notebook headless and in Chromium on each, tarball contents, one version, bad input).
    // First in its lane: most of its time is pip and npm downloading.
    name: 'install (tarball and wheel outside the repo, oldest and newest JupyterLab)',
    short: 'install',
    lane: 'install',
    cmd: process.execPath,
    args: [path.join(root, 'scripts', 'install-check.mjs')],
    read: () => readJest(path.join(results, 'install.json')),
  },
  {
    name: 'pytest (kernel protocol, real jupyter_client)',
    short: 'pytest',
    lane: 'kernels',
    cmd: path.join(root, '.venv', 'bin', 'pytest'),
    args: ['test/python', '-q', '-p', 'no:cacheprovider', `--junitxml=${path.join(results, 'pytest.xml')}`],
    skipIf: () => !fs.existsSync(path.join(root, 'test', 'python')),
    read: () => readJunit(path.join(results, 'pytest.xml')),
  },
  {
    name: 'browser (Playwright in Chromium)',
    short: 'browser',
    // After the tfjs suites, not beside them: beside the CPU-bound main suite on 2 cores, two
    // files' set-up cells did not finish in 180 s (fresh clone, 2026-12-07).
    lane: 'tfjs',
    cmd: process.execPath,
    args: [jestBin, '--ci', '--runInBand', '--roots', '<rootDir>/test/browser', '--json', '--outputFile', path.join(results, 'browser.json')],
    skipIf: () => !fs.existsSync(path.join(root, 'test', 'browser')),
    read: () => readJest(path.join(results, 'browser.json')),
  },
];

function readJest(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const crashedSuites = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  return { passed: report.numPassedTests, failed: report.numFailedTests + crashedSuites };
}

function readJunit(file) {
  const xml = fs.readFileSync(file, 'utf8');
  const suite = /<testsuite\b[^>]*>/.exec(xml)?.[0] ?? '';
  const attr = (name) => Number(new RegExp(`${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  const total = attr('tests');
  const failed = attr('failures') + attr('errors');
  const skipped = attr('skipped');
  return { passed: total - failed - skipped, failed };
}

/** Copies a child's output to stderr a whole line at a time, each line prefixed, and to `log`. */
function prefixLines(stream, prefix, log) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    fs.appendFileSync(log, chunk);
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    if (lines.length) process.stderr.write(lines.map((l) => `${prefix}${l}\n`).join(''));
  });
  stream.on('end', () => {
    if (pending) process.stderr.write(`${prefix}${pending}\n`);
  });
}

/** Runs one suite to completion; resolves with its counts (a crash or missing report is a failure). */
function runSuite(suite) {
  return new Promise((resolve) => {
    process.stderr.write(`\n=== ${suite.name} ===\n`);
    const started = Date.now();
    const env = { ...process.env, ...suite.env, FORCE_COLOR: '0', TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' };
    const child = spawn(suite.cmd, suite.args, { cwd: root, env, stdio: serial ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    if (!serial) {
      const log = path.join(logs, `${suite.short}.log`);
      const prefix = `[${suite.short}] `;
      prefixLines(child.stdout, prefix, log);
      prefixLines(child.stderr, prefix, log);
    }
    const finish = (status, why) => {
      let counts;
      try {
        counts = suite.read(status);
      } catch (error) {
        process.stderr.write(`${suite.name}: no report (${why ?? error.message}); exit ${status}; counted as 1 failure\n`);
        counts = { passed: 0, failed: 1 };
      }
      if (status !== 0 && counts.failed === 0) counts.failed = 1;
      process.stderr.write(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s ===\n`);
      resolve(counts);
    };
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

/** Runs the suites one after another; resolves with their summed counts. */
async function runLane(laneSuites) {
  const total = { passed: 0, failed: 0 };
  for (const suite of laneSuites) {
    const counts = await runSuite(suite);
    total.passed += counts.passed;
    total.failed += counts.failed;
  }
  return total;
}

const only = process.argv.slice(2);
const chosen = suites.filter((s) => (!only.length || only.some((o) => s.name.startsWith(o))) && !s.skipIf?.());
const lanes = serial ? [chosen] : [...new Set(chosen.map((s) => s.lane))].map((lane) => chosen.filter((s) => s.lane === lane));
const laneTotals = await Promise.all(lanes.map(runLane));
const passed = laneTotals.reduce((sum, t) => sum + t.passed, 0);
const failed = laneTotals.reduce((sum, t) => sum + t.failed, 0);
const summary = `${passed} passed, ${failed} failed`;
fs.writeFileSync(path.join(results, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
