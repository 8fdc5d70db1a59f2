/**
 * Shared helpers for browser tests and benches: start JupyterLab from the repo's `.venv` on a
 * free port, launch Debian's Chromium, open a notebook, run cells, wait for the kernel.
 *
 * Notes: every Lab gets its own temporary root, settings, workspaces and config directories
 * under `<repo>/.test-results/`, so no run sees another's state, and notebooks there still
 * resolve `tslit` through `<repo>/node_modules`. The JupyterLab news prompt is disabled.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import { freePort, stopProcess } from '../../src/export/jupyter-server';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { matchSnapshot, updateRequested, type SnapshotOptions } from './snapshot';

export type { SnapshotOptions };

/** The repo root: the nearest directory above this file whose package.json is `tslit` (works from compiled copies too). */
function findRepo(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tslit') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no tslit package.json above ${start}`);
  }
}

export const REPO = findRepo(__dirname);
/** The notebook panel on show (several may be open; hidden ones stay in the DOM). */
export const CURRENT = '.jp-NotebookPanel:not(.lm-mod-hidden)';
/** Committed screenshot baselines (see {@link screenshot}). */
export const SCREENSHOTS = path.join(REPO, 'test', 'browser', '__screenshots__');
/** Actual, expected and diff PNGs of snapshot mismatches, and diagnostic screenshots (git-ignored). */
export const SCREENSHOT_RESULTS = path.join(REPO, '.test-results', 'screenshots');

export interface Lab {
  /** e.g. http://127.0.0.1:8899 */
  url: string;
  token: string;
  /** The server's root directory (a temp dir holding the copied notebooks). */
  rootDir: string;
  /** The server's output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartLabOptions {
  /** Files (absolute paths) copied into the server root. */
  notebooks: string[];
  /** Extra environment for the server and its kernels. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds to wait for the server to answer (default 90 s). */
  timeoutMs?: number;
  /** Python text for this server's jupyter_server_config.py (e.g. NODELAY_SERVER_CONFIG). */
  serverConfig?: string;
  /** The `jupyter` to run (default `<repo>/.venv/bin/jupyter`): another environment's, for the install check. */
  jupyter?: string;
  /** Serve this existing folder instead of a fresh one under .test-results (notebooks are still copied in). */
  rootDir?: string;
}

/**
 * Server config that turns off Nagle's algorithm on kernel websockets. Tornado leaves it on,
 * so a small message sent right after another waits for the browser's delayed ACK (~40 ms).
 */
export const NODELAY_SERVER_CONFIG = `
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
_open = KernelWebsocketHandler.open
async def _open_nodelay(self, *args, **kwargs):
    self.set_nodelay(True)
    return await _open(self, *args, **kwargs)
KernelWebsocketHandler.open = _open_nodelay
`;

/** A free localhost port (the same helper `tslit export` uses). */
export { freePort };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** HTTP status of a GET, 0 when nothing listens; no keep-alive socket is left open. */
function statusCode(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5000, () => req.destroy());
  });
}

/**
 * Makes `node_modules/tslit -> ..` (as scripts/setup.mjs does) so notebooks can import
 * `tslit/...`; `npm install` removes the link whenever someone adds a package.
 */
export function ensureSelfLink(): void {
  const link = path.join(REPO, 'node_modules', 'tslit');
  try {
    if (fs.readlinkSync(link) === '..') return;
  } catch {
    /* missing */
  }
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync('..', link, 'dir');
}

/** Starts `jupyter lab` from `<repo>/.venv` and resolves once its REST API answers. */
export async function startLab(options: StartLabOptions): Promise<Lab> {
  ensureSelfLink();
  const jupyter = options.jupyter ?? path.join(REPO, '.venv', 'bin', 'jupyter');
  if (!fs.existsSync(jupyter)) throw new Error(`${jupyter} not found: run scripts/setup.mjs first`);
  const base = path.join(REPO, '.test-results');
  fs.mkdirSync(base, { recursive: true });
  const work = fs.mkdtempSync(path.join(base, 'lab-'));
  const rootDir = options.rootDir ?? path.join(work, 'root');
  const configDir = path.join(work, 'config');
  if (!options.rootDir) fs.mkdirSync(rootDir);
  fs.mkdirSync(path.join(configDir, 'labconfig'), { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'labconfig', 'page_config.json'),
    JSON.stringify({ disabledExtensions: { '@jupyterlab/apputils-extension:announcements': true } }),
  );
  if (options.serverConfig) fs.writeFileSync(path.join(configDir, 'jupyter_server_config.py'), options.serverConfig);
  for (const nb of options.notebooks) fs.copyFileSync(nb, path.join(rootDir, path.basename(nb)));

  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const args = [
    'lab', '--no-browser', '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${port}`, '--ServerApp.port_retries=0',
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${rootDir}`,
    `--LabApp.user_settings_dir=${path.join(work, 'settings')}`, `--LabApp.workspaces_dir=${path.join(work, 'workspaces')}`,
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
  let output = '';
  const child: ChildProcess = spawn(jupyter, args, {
    cwd: rootDir,
    env: { ...process.env, JUPYTER_CONFIG_DIR: configDir, JUPYTER_RUNTIME_DIR: path.join(work, 'runtime'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const lab: Lab = {
    url,
    token,
    rootDir,
    log: () => output,
    stop: async () => {
      await stopProcess(child);
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter lab exited with ${child.exitCode}:\n${output}`);
    if ((await statusCode(`${url}/api/status?token=${token}`)) === 200) return lab;
    if (Date.now() > deadline) {
      await lab.stop();
      throw new Error(`jupyter lab did not answer on ${url} in time:\n${output}`);
    }
    await sleep(250);
  }
}

/** Debian's Chromium with flags that keep it off the network; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens `name` (relative to the server root) and waits until its kernel is idle. */
export async function openNotebook(page: Page, lab: Lab, name: string, timeoutMs = 120000): Promise<void> {
  await page.goto(`${lab.url}/lab/tree/${encodeURIComponent(name)}?token=${lab.token}`);
  await page.locator(`${CURRENT} .jp-Notebook`).first().waitFor({ timeout: timeoutMs });
  await waitForKernelIdle(page, timeoutMs);
}

/**
 * Waits until the notebook's execution indicator has reported an idle kernel for `stableMs`.
 *
 * Notes: right after a notebook opens, JupyterLab may show idle, reconnect, and show
 * "connecting" again, so one idle sighting is not enough.
 */
export async function waitForKernelIdle(page: Page, timeoutMs = 120000, stableMs = 1500): Promise<void> {
  await page.waitForFunction(
    (stable) => {
      const w = window as unknown as { __tslitIdleSince?: number };
      const el = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
      if (el?.getAttribute('data-status') !== 'idle') {
        w.__tslitIdleSince = undefined;
        return false;
      }
      w.__tslitIdleSince ??= Date.now();
      return Date.now() - w.__tslitIdleSince >= stable;
    },
    stableMs,
    { timeout: timeoutMs, polling: 100 },
  );
}

/**
 * Closes JupyterLab's benign "Directory not found" dialog (the file browser restoring a path
 * that a fresh server root lacks); any other open dialog is an error naming its text.
 */
export async function dismissDialogs(page: Page): Promise<void> {
  const dialogs = page.locator('.jp-Dialog');
  for (let i = 0; i < 3 && (await dialogs.count()) > 0; i++) {
    const text = (await dialogs.first().textContent()) ?? '';
    if (!/Directory not found/.test(text)) throw new Error(`unexpected JupyterLab dialog: ${text}`);
    await dialogs.first().locator('.jp-Dialog-button').last().click();
    await dialogs.first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }
}

/** Runs a command from the main menu, e.g. `menu(page, 'Run', 'Run All Cells')`. */
export async function menu(page: Page, top: string, item: string): Promise<void> {
  await dismissDialogs(page);
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).first().click();
}

/** Code cells' prompts, e.g. ['[1]:', '[*]:', '[ ]:']. */
export async function prompts(page: Page): Promise<string[]> {
  return page.locator(`${CURRENT} .jp-CodeCell .jp-InputArea-prompt`).allTextContents();
}

/**
 * Runs every cell and waits until each code cell has an execution count and the kernel is
 * idle; throws with the cells' error outputs when a cell fails (JupyterLab then leaves the
 * cells below unrun).
 *
 * Notes: on a loaded machine the menu command can be lost (every prompt still `[ ]` after
 * 3 s of idle kernel); it is then given once more before the run counts as stopped.
 */
export async function runAllCells(page: Page, timeoutMs = 180000): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => ((window as unknown as { __tslitRunIdleSince?: number }).__tslitRunIdleSince = undefined));
    await menu(page, 'Run', 'Run All Cells');
    const outcome = await page.waitForFunction(
      () => {
        const w = window as unknown as { __tslitRunIdleSince?: number };
        const ps = Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')).map((p) => p.textContent ?? '');
        if (ps.length > 0 && ps.every((p) => /\[\d+\]/.test(p))) return 'done';
        const status = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')?.getAttribute('data-status');
        if (status !== 'idle' || ps.some((p) => p.includes('*'))) {
          w.__tslitRunIdleSince = undefined;
          return false;
        }
        w.__tslitRunIdleSince ??= Date.now();
        if (Date.now() - w.__tslitRunIdleSince <= 3000) return false;
        return ps.every((p) => /^\[\s*\]/.test(p.trim())) ? 'not started' : 'stopped';
      },
      undefined,
      { timeout: timeoutMs, polling: 200 },
    );
    const result = await outcome.jsonValue();
    if (result === 'not started' && attempt < 2) continue;
    if (result !== 'done') {
      const errors = await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-mime-type="application/vnd.jupyter.error"], .jp-NotebookPanel:not(.lm-mod-hidden) [data-mime-type="application/vnd.jupyter.stderr"]').allTextContents();
      throw new Error(`Run All stopped before the last cell (${result}, attempt ${attempt}); prompts ${JSON.stringify(await prompts(page))}; error outputs:\n${errors.join('\n---\n')}`);
    }
    break;
  }
  await waitForKernelIdle(page, timeoutMs);
}

/** Runs the code cell at `index` (0-based among code cells) and waits for its new execution count. */
export async function runCodeCell(page: Page, index: number, timeoutMs = 60000): Promise<void> {
  await dismissDialogs(page);
  const cell = page.locator(`${CURRENT} .jp-CodeCell`).nth(index);
  const before = (await cell.locator('.jp-InputArea-prompt').textContent()) ?? '';
  await cell.locator('.jp-InputArea-prompt').click();
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(
    ({ i, old }) => {
      const p = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')[i]?.textContent ?? '';
      return /\[\d+\]/.test(p) && p !== old;
    },
    { i: index, old: before },
    { timeout: timeoutMs },
  );
  await waitForKernelIdle(page, timeoutMs);
}

/** Text of the outputs of the code cell at `index`. */
export async function cellOutputText(page: Page, index: number): Promise<string> {
  return (await page.locator(`${CURRENT} .jp-CodeCell`).nth(index).locator('.jp-OutputArea').textContent()) ?? '';
}

/** Saves the notebook (so a reload shows its outputs) and waits for the dirty mark to clear. */
export async function saveNotebook(page: Page): Promise<void> {
  await menu(page, 'File', 'Save Notebook');
  await page.locator('.lm-TabBar-tab.jp-mod-dirty').waitFor({ state: 'detached', timeout: 30000 });
}

/**
 * Screenshot snapshot `name`: compared pixel by pixel with the committed baseline
 * `test/browser/__screenshots__/<name>.png` (snapshot.ts). A mismatch or a missing baseline
 * fails the test naming the snapshot and writes `<name>-actual.png`, `-expected.png` and
 * `-diff.png` into `.test-results/screenshots/`; a normal run never writes a baseline.
 * `UPDATE_SNAPSHOTS=1 npx jest --runInBand test/browser/<file>` writes missing and differing
 * baselines on purpose (refused under CI); commit only those of views you changed.
 * Pass `target` to capture the view's element rather than the page, and `mask` for regions
 * that vary between runs (progress counts, timings).
 *
 * Notes: names of diagnostics (containing `failure`, `-after-`, or starting `debug-` or
 * `bench-`) are not snapshots: they go to `.test-results/screenshots/` uncompared, as
 * {@link diagnosticScreenshot} does (bench/roundtrip.ts calls this helper for its failure shot).
 */
export async function screenshot(page: Page, name: string, options: SnapshotOptions = {}): Promise<string> {
  if (isDiagnostic(name)) return diagnosticScreenshot(page, name);
  return matchSnapshot(page, name, { baselineDir: SCREENSHOTS, resultsDir: SCREENSHOT_RESULTS, update: updateRequested() }, options);
}

/** True for names of screenshots that only help diagnose a failure. */
export function isDiagnostic(name: string): boolean {
  return /failure|-after-|^debug-|^bench-/.test(name);
}

/** What the page shows now, for diagnosing a failure: `.test-results/screenshots/<name>.png`, never compared or committed. */
export async function diagnosticScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_RESULTS, { recursive: true });
  const file = path.join(SCREENSHOT_RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
