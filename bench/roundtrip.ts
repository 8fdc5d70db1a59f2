/**
 * Browser round trips of the prediction widget, and kernel-to-browser binary throughput, in
 * JupyterLab 4 + Debian's Chromium; with the same figures for a Python kernel running
 * ipywidgets against the same tslit views (the peer), side by side.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/roundtrip.ts [edits=50] [--no-peer] [--nodelay]
 * (needs the set-up: .venv, the built labextension, the kernelspec, lib/ compiled).
 *
 * Figures:
 * - round trip: from setting the textarea and firing `input` in the page (debounce 0) to the
 *   bars for that text drawn and the next animation frame: median and p95 over `edits`
 *   edits after 5 warm-up edits. Target p95 <= 50 ms.
 * - throughput: a 10,000,000-value Float32Array (40 MB) set as widget state in the kernel,
 *   timed from just before serialisation (kernel clock) to its arrival, deserialised, in the
 *   browser model (browser clock; same machine): MB/s, median of 3. Target >= 100 MB/s.
 *
 * - `--nodelay` runs the Jupyter server with TCP_NODELAY on kernel websockets (Tornado's
 *   default leaves Nagle's algorithm on, which holds a small message sent right after
 *   another for the browser's delayed ACK, ~40 ms: a floor under every kernel's round trip).
 *
 * Notes: the peer needs ipywidgets and numpy, which the venv does not carry; they are installed
 * once with `pip install --no-deps --target .test-results/peer-py ipywidgets==8.1.9 numpy==X`
 * (numpy pinned as in python/requirements-ref.txt) and put on the Python kernel's PYTHONPATH.
 * The peer's model is the same bag-of-words dense layer in numpy.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { NODELAY_SERVER_CONFIG, REPO, launchBrowser, openNotebook, runAllCells, runCodeCell, screenshot, startLab, waitForKernelIdle } from '../test/browser/lab-harness';

const VIEW = '.jp-NotebookPanel:not(.lm-mod-hidden) .tslit-prediction';
const PROBE = '.jp-NotebookPanel:not(.lm-mod-hidden) .tslit-probe';
const PUSH_CELL = 4;
const PEER_IPYWIDGETS = 'ipywidgets==8.1.9';

/** numpy for the peer, pinned where the project pins its Python reference tools. */
function peerNumpy(): string {
  const pins = fs.readFileSync(path.join(REPO, 'python', 'requirements-ref.txt'), 'utf8');
  const pin = pins.split('\n').map((l) => l.trim()).find((l) => l.startsWith('numpy=='));
  if (!pin) throw new Error('python/requirements-ref.txt pins no numpy');
  return pin;
}

interface Figures {
  kernel: string;
  roundTripMs: number[];
  transferMs: number[];
  bytes: number;
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

function summary(values: number[]): { median: number; p95: number } {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p95: quantile(s, 0.95) };
}

/** One edit in the page: returns ms from the input event to the frame after the new bars. */
async function timedEdit(page: Page, text: string): Promise<number> {
  return page.evaluate(
    async ({ sel, text }) => {
      const view = document.querySelector(sel) as HTMLElement;
      const ta = view.querySelector('textarea') as HTMLTextAreaElement;
      ta.focus();
      const shown = new Promise<void>((resolve) => {
        const obs = new MutationObserver(() => {
          if (view.dataset.predictedFor === text) {
            obs.disconnect();
            resolve();
          }
        });
        obs.observe(view, { attributes: true, attributeFilter: ['data-predicted-for'] });
      });
      const t0 = performance.now();
      ta.value = text;
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      await shown;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now() - t0;
    },
    { sel: VIEW, text },
  );
}

async function measure(page: Page, kernel: string, edits: number): Promise<Figures> {
  await runAllCells(page, 300000);
  await page.locator(VIEW).waitFor({ timeout: 60000 });
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLElement | null)?.dataset.predictedFor === 'Win a free prize: click now', VIEW, { timeout: 60000 });
  const roundTripMs: number[] = [];
  for (let i = 0; i < edits + 5; i++) {
    const text = `edit ${i}: ${i % 2 ? 'free prize money, click' : 'lunch meeting tomorrow, thanks'}`;
    const ms = await timedEdit(page, text);
    if (i >= 5) roundTripMs.push(ms);
  }
  await waitForKernelIdle(page);
  // Run-all already pushed once (seq 1); time three more pushes.
  const transferMs: number[] = [];
  let bytes = 0;
  for (let seq = 2; seq <= 4; seq++) {
    await runCodeCell(page, PUSH_CELL, 120000);
    const probe = page.locator(PROBE);
    await page.waitForFunction(({ sel, seq }) => (document.querySelector(sel) as HTMLElement | null)?.dataset.seq === String(seq), { sel: PROBE, seq }, { timeout: 120000 });
    transferMs.push(Number(await probe.getAttribute('data-ms')));
    bytes = Number(await probe.getAttribute('data-bytes'));
  }
  return { kernel, roundTripMs, transferMs, bytes };
}

function peerPath(): string | null {
  const dir = path.join(REPO, '.test-results', 'peer-py');
  const wanted: [string, string][] = [
    ['ipywidgets', PEER_IPYWIDGETS],
    ['numpy', peerNumpy()],
  ];
  const missing = wanted.filter(([module]) => !fs.existsSync(path.join(dir, module))).map(([, pin]) => pin);
  if (missing.length === 0) return dir;
  try {
    execFileSync(path.join(REPO, '.venv', 'bin', 'pip'), ['install', '--quiet', '--no-deps', '--upgrade', '--target', dir, ...missing], { stdio: 'inherit' });
    return dir;
  } catch (e) {
    console.error(`peer skipped: could not install ${missing.join(' ')}: ${(e as Error).message}`);
    return null;
  }
}

async function main(): Promise<void> {
  const edits = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 50);
  const withPeer = !process.argv.includes('--no-peer');
  const peer = withPeer ? peerPath() : null;
  const notebooks = [path.join(REPO, 'bench', 'roundtrip-tslit.ipynb'), path.join(REPO, 'bench', 'roundtrip-python.ipynb')];
  const env: NodeJS.ProcessEnv = { TSLIT_PACKAGE_JSON: path.join(REPO, 'package.json') };
  if (peer) env.PYTHONPATH = [peer, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const nodelay = process.argv.includes('--nodelay');
  const lab = await startLab({ notebooks, env, serverConfig: nodelay ? NODELAY_SERVER_CONFIG : undefined });
  const browser = await launchBrowser();
  const results: Figures[] = [];
  try {
    const runs: [string, string][] = [['tslit', 'roundtrip-tslit.ipynb']];
    if (peer) runs.push(['python+ipywidgets', 'roundtrip-python.ipynb']);
    for (const [kernel, notebook] of runs) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await openNotebook(page, lab, notebook, 180000);
      try {
        const figures = await measure(page, kernel, edits);
        console.log(`${kernel}: round trips ${JSON.stringify(figures.roundTripMs.map((ms) => Math.round(ms * 10) / 10))}; transfers ${figures.transferMs.join(', ')} ms`);
        results.push(figures);
      } catch (e) {
        const shot = await screenshot(page, `bench-roundtrip-failure-${kernel}`);
        throw new Error(`${kernel}: ${(e as Error).message} (screenshot ${shot})`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await lab.stop();
  }

  const rows = results.map((r) => {
    const rt = summary(r.roundTripMs);
    const mbps = r.transferMs.map((ms) => r.bytes / 1e6 / (ms / 1000));
    return { kernel: r.kernel, median: rt.median, p95: rt.p95, mbps: summary(mbps).median, transferMs: r.transferMs, bytes: r.bytes };
  });
  const shipped = fs.existsSync(path.join(REPO, '.venv', 'etc', 'jupyter', 'jupyter_server_config.py'));
  console.log(`\nJupyter server kernel websockets: ${nodelay || shipped ? "TCP_NODELAY (the project's python/jupyter_server_config.py" + (nodelay ? ', --nodelay)' : ')') : "Tornado's default (Nagle on)"}`);
  console.log(`round trip, edit -> prediction on screen (${edits} edits, debounce 0); binary state kernel -> browser (${rows[0]?.bytes / 1e6} MB, median of 3)`);
  console.log('kernel              | rt median ms | rt p95 ms | MB/s   | transfer ms');
  for (const r of rows) {
    console.log(`${r.kernel.padEnd(19)} | ${r.median.toFixed(1).padStart(12)} | ${r.p95.toFixed(1).padStart(9)} | ${r.mbps.toFixed(0).padStart(6)} | ${r.transferMs.join(', ')}`);
  }
  if (rows.length === 2) {
    const [t, p] = rows;
    console.log(`tslit / peer: round-trip p95 ${(t.p95 / p.p95).toFixed(2)}x (lower is better), throughput ${(t.mbps / p.mbps).toFixed(2)}x (higher is better)`);
  }
  const t = rows[0];
  console.log(`targets: p95 <= 50 ms: ${t.p95 <= 50 ? 'met' : 'MISSED'}; >= 100 MB/s: ${t.mbps >= 100 ? 'met' : 'MISSED'}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
