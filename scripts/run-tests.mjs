#!/usr/bin/env node
/**
 * Runs every test suite — jest unit/integration tests, the kernel protocol tests under pytest
 * (a real jupyter_client), and the browser tests (jest + Playwright in Debian's Chromium) —
 * then prints one closing line `N passed, N failed` summed over all suites.
 *
 * Notes: a suite that crashes before reporting counts as one failure, so a broken runner can
 * never look green. The summary is also written to .test-results/summary.txt for .ci/run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, '.test-results');
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');

/** Each suite: how to run it and how to read its counts. */
const suites = [
  {
    // ts-jest transpiles each file alone (isolatedModules), so type errors in tests would pass unseen.
    name: 'typecheck (src and tests, tsc --noEmit)',
    cmd: process.execPath,
    args: [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/tsconfig.json', '--noEmit'],
    read: (proc) => (proc.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }),
  },
  {
    name: 'jest (unit and integration)',
    cmd: process.execPath,
    args: [jestBin, '--ci', '--testPathIgnorePatterns', '/test/browser/', '/test/install/', '--json', '--outputFile', path.join(results, 'jest.json')],
    // Pinned, so loadModel() does not pick tfjs-node in some files and cpu in others.
    env: { TSLIT_BACKEND: 'cpu' },
    read: () => readJest(path.join(results, 'jest.json')),
  },
  // The numeric suites again on each other installed backend (issue 8: results agree across backends).
  ...['wasm', 'tensorflow'].map((backend) => ({
    name: `jest on the ${backend} backend (model, salience, counterfactuals)`,
    cmd: process.execPath,
    args: [jestBin, '--ci', '--roots', '<rootDir>/test/model', '<rootDir>/test/salience', '<rootDir>/test/counterfactuals', '--json', '--outputFile', path.join(results, `jest-${backend}.json`)],
    env: { TSLIT_BACKEND: backend },
    skipIf: () => backend === 'tensorflow' && !fs.existsSync(path.join(root, 'node_modules', '@tensorflow', 'tfjs-node')),
    read: () => readJest(path.join(results, `jest-${backend}.json`)),
  })),
  {
    name: 'pytest (kernel protocol, real jupyter_client)',
    cmd: path.join(root, '.venv', 'bin', 'pytest'),
    args: ['test/python', '-q', '-p', 'no:cacheprovider', `--junitxml=${path.join(results, 'pytest.xml')}`],
    skipIf: () => !fs.existsSync(path.join(root, 'test', 'python')),
    read: () => readJunit(path.join(results, 'pytest.xml')),
  },
  {
    name: 'browser (Playwright in Chromium)',
    cmd: process.execPath,
    args: [jestBin, '--ci', '--runInBand', '--roots', '<rootDir>/test/browser', '--json', '--outputFile', path.join(results, 'browser.json')],
    skipIf: () => !fs.existsSync(path.join(root, 'test', 'browser')),
    read: () => readJest(path.join(results, 'browser.json')),
  },
  {
    // Issue 15: npm pack + the wheel, installed outside the repo on the oldest and newest supported
    // JupyterLab (a notebook headless and in Chromium on each, tarball contents, one version, bad input).
    name: 'install (tarball and wheel outside the repo, oldest and newest JupyterLab)',
    cmd: process.execPath,
    args: [path.join(root, 'scripts', 'install-check.mjs')],
    read: () => readJest(path.join(results, 'install.json')),
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

let passed = 0;
let failed = 0;
const only = process.argv.slice(2);
for (const suite of suites) {
  if (only.length && !only.some((o) => suite.name.startsWith(o))) continue;
  if (suite.skipIf?.()) continue;
  process.stderr.write(`\n=== ${suite.name} ===\n`);
  const started = Date.now();
  const proc = spawnSync(suite.cmd, suite.args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...suite.env, FORCE_COLOR: '0', TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' } });
  let counts;
  try {
    counts = suite.read(proc);
  } catch (error) {
    process.stderr.write(`${suite.name}: no report (${error.message}); exit ${proc.status}; counted as 1 failure\n`);
    counts = { passed: 0, failed: 1 };
  }
  if (proc.status !== 0 && counts.failed === 0) counts.failed = 1;
  process.stderr.write(`=== ${suite.name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s ===\n`);
  passed += counts.passed;
  failed += counts.failed;
}
const summary = `${passed} passed, ${failed} failed`;
fs.writeFileSync(path.join(results, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
