/**
 * Workspace speed in JupyterLab 4 + Debian's Chromium:
 * - open: a workspace (data table + datapoint editor) on flights-200k (vega-datasets'
 *   `data/flights-200k.arrow`, 231,083 rows) — from pressing Shift+Enter on the cell to the
 *   table's first rows drawn and the editor shown; median of `runs` (target <= 2 s).
 * - scroll: frame times (requestAnimationFrame deltas in the page) while wheel-scrolling a
 *   1,000,000-row table (120 wheel events of 2000 px): median and p95, plus how many page
 *   requests travelled.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/workspace-open.ts [runs=3]
 * (needs the set-up: .venv, the built labextension, the kernelspec, lib/ compiled).
 */
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { REPO, launchBrowser, openNotebook, runAllCells, startLab, waitForKernelIdle } from '../test/browser/lab-harness';
import { writeNotebook } from '../test/browser/notebook-file';
import { BIG_TABLE_CELL, WHEELS, frameSummary, prepareWheelScroll, recordFrames } from './big-table';

const runs = Number(process.argv[2] ?? 3);
const FLIGHTS = path.join(REPO, 'node_modules', 'vega-datasets', 'data', 'flights-200k.arrow');
const CELLS = [
  `import { session } from 'tslit/lib/widgets/session';
import { dataTable } from 'tslit/lib/widgets/table/data-table';
import { workspace } from 'tslit/lib/widgets/workspace';
import { Dataset, readArrow } from 'tslit/lib/model/dataset';`,
  `const flights = readArrow(${JSON.stringify(FLIGHTS)}, { name: 'flights' });
const s = session({ datasets: { flights } });
console.log(flights.size)`,
  `workspace(s)`,
  BIG_TABLE_CELL,
];
const WORKSPACE_CELL = 2;
const BIG_CELL = 3;

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function openWorkspace(page: Page): Promise<number> {
  const cell = page.locator('.jp-NotebookPanel .jp-CodeCell').nth(WORKSPACE_CELL);
  await cell.locator('.jp-InputArea-prompt').click();
  const t0 = Date.now();
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((k) => {
    const c = document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')[k];
    const ws = c?.querySelector('.tslit-workspace');
    const t = ws?.querySelector('.tslit-table') as unknown as { tslitTable?: { cellText(r: number, c: number): string }; dataset: DOMStringMap } | null;
    return ws?.getAttribute('data-children') === '2' && ws.querySelector('.tslit-editor') !== null && (t?.tslitTable?.cellText(0, 0) ?? '') !== '';
  }, WORKSPACE_CELL, { timeout: 60000, polling: 'raf' });
  const ms = Date.now() - t0;
  await waitForKernelIdle(page);
  return ms;
}

async function main(): Promise<void> {
  const lab = await startLab({ notebooks: [writeNotebook('workspace-bench.ipynb', CELLS)] });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await openNotebook(page, lab, 'workspace-bench.ipynb');
    await runAllCells(page);
    const opens: number[] = [];
    for (let k = 0; k < runs; k++) opens.push(await openWorkspace(page));
    console.log(`workspace open on flights-200k (231,083 rows): ${opens.map((t) => `${t} ms`).join(', ')}; median ${stats(opens).median} ms (target <= 2000 ms)`);

    const big = page.locator('.jp-NotebookPanel .jp-CodeCell').nth(BIG_CELL).locator('.tslit-table');
    const scroll = await prepareWheelScroll(page, big);
    const requests = () => big.evaluate((el) => (el as unknown as { tslitTable: { requests(): number } }).tslitTable.requests());
    const before = await requests();
    const stop = await recordFrames(page);
    const t0 = Date.now();
    await scroll();
    const seconds = (Date.now() - t0) / 1000;
    const frames = await stop();
    const reached = await big.evaluate((el) => (el as unknown as { tslitTable: { visibleRows(): [number, number] } }).tslitTable.visibleRows()[0]);
    console.log(`1,000,000-row table wheel scroll (${WHEELS} wheel events of 2000 px) in ${seconds.toFixed(1)} s: ${frameSummary(frames)}; reached row ${reached}; ${(await requests()) - before} page requests of 128 rows; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await browser.close();
    await lab.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
