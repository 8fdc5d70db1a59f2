/**
 * scripts/tfjs-node/install.mjs: the cheap modes that `npm test` may call never fail the
 * caller and say what they found; --strict turns "not usable" into exit 1; and where the
 * project link exists, tfjs-node shares the project's tfjs-core (one engine).
 * The full build (≈ 1 min, downloads 230 MB) is not run here; docs/tfjs-node.md has its timings.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { installedBackends } from '../../src/model/backend';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'tfjs-node', 'install.mjs');

/** Runs a copy of the script in an empty repo-shaped folder (no node_modules, no .tfjs-node). */
function runInEmptyRepo(...args: string[]): { status: number | null; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'tfjs-node-script-'));
  try {
    mkdirSync(join(root, 'scripts', 'tfjs-node'), { recursive: true });
    copyFileSync(SCRIPT, join(root, 'scripts', 'tfjs-node', 'install.mjs'));
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'tfjs-node', 'install.mjs'), ...args], { cwd: root, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('--if-built with nothing set up exits 0 at once and says WASM is used', () => {
  const r = runInEmptyRepo('--if-built');
  expect(r.status).toBe(0);
  expect(r.out).toContain('not set up');
  expect(r.out).toContain('WASM');
});

test('--check where tfjs-node does not resolve reports it; --strict makes that exit 1', () => {
  const plain = runInEmptyRepo('--check');
  expect(plain.status).toBe(0);
  expect(plain.out).toContain('tfjs-node: not usable');
  expect(runInEmptyRepo('--check', '--strict').status).toBe(1);
});

const linked = installedBackends().includes('tensorflow');
(linked ? test : test.skip)(
  `--check in this repo: tfjs-node loads and shares the project's tfjs-core${linked ? '' : " (SKIPPED: tfjs-node not linked; run 'node scripts/tfjs-node/install.mjs')"}`,
  () => {
    const r = spawnSync(process.execPath, [SCRIPT, '--check', '--strict'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/tfjs-node: OK \(TensorFlow 2\.\d+\.\d+, shared tfjs-core: true\)/);
    expect(r.status).toBe(0);
  },
);
