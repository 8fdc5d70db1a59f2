/**
 * Peer for the 1M-row table scroll: JupyterLab's own CSV viewer (the same @lumino/datagrid,
 * with every row parsed in the browser, so no paging at all) on a CSV of the same 1,000,000
 * rows (x, group), wheel-scrolled exactly as bench/workspace-open.ts scrolls the tslit table.
 *
 * Run: node -r ./bench/metrics-ts-register.js bench/csv-viewer-scroll.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, startLab } from '../test/browser/lab-harness';
import { WHEELS, frameSummary, recordFrames, wheelScroller } from './big-table';

const N = 1_000_000;

function writeCsv(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-csv-')), 'big-table.csv');
  const lines = ['x,group'];
  for (let i = 0; i < N; i++) lines.push(`${((i * 7919) % 100003) / 100},group-${(i * 31) % 12}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function main(): Promise<void> {
  const lab = await startLab({ notebooks: [writeCsv()] });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${lab.url}/lab/tree/big-table.csv?token=${lab.token}`);
    const grid = page.locator('.jp-CSVViewer .lm-DataGrid').first();
    await grid.waitFor({ timeout: 120000 });
    // Parsed when the scroll bar's thumb stops shrinking (the model grows as it parses).
    let last = -1;
    for (let k = 0; k < 120; k++) {
      const h = await page.evaluate(() => document.querySelector('.jp-CSVViewer .lm-ScrollBar[data-orientation="vertical"] .lm-ScrollBar-thumb')?.getBoundingClientRect().height ?? -1);
      if (h === last && h >= 0) break;
      last = h;
      await page.waitForTimeout(1000);
    }
    const scroll = await wheelScroller(page, grid);
    const stop = await recordFrames(page);
    const t0 = Date.now();
    await scroll();
    const seconds = (Date.now() - t0) / 1000;
    console.log(`JupyterLab CSV viewer, 1,000,000 rows, wheel scroll (${WHEELS} wheel events of 2000 px) in ${seconds.toFixed(1)} s: ${frameSummary(await stop())}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await browser.close();
    await lab.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
