/**
 * The 1,000,000-row table the scroll benchmarks share (bench/workspace-open.ts,
 * bench/table-scroll-profile.ts): the notebook cell that shows it and the wheel scroll.
 */
import type { Locator, Page } from 'playwright-core';

export { recordFrames } from '../test/browser/frame-times';

/** A cell showing a 1M-row table (a number and a category); needs `Dataset`, `dataTable`, `session` imported. */
export const BIG_TABLE_CELL = `const N = 1000000;
const x = new Float64Array(N), codes = new Uint16Array(N);
for (let i = 0; i < N; i++) { x[i] = ((i * 7919) % 100003) / 100; codes[i] = (i * 31) % 12; }
const big = Dataset.fromColumns([
  { name: 'x', kind: 'numeric' as const, length: N, validity: null, values: x },
  { name: 'group', kind: 'categorical' as const, length: N, validity: null, codes, dictionary: Array.from({ length: 12 }, (_, k) => 'group-' + k), closed: true },
], { name: 'big' });
dataTable(session({ datasets: { big } }), { height: 500 })`;

export const WHEELS = 120;

/** Waits for the table's million rows; returns a function that wheel-scrolls its grid. */
export async function prepareWheelScroll(page: Page, table: Locator): Promise<() => Promise<void>> {
  await table.waitFor({ timeout: 60000 });
  await page.waitForFunction((el) => el?.getAttribute('data-row-count') === '1000000', await table.elementHandle(), { timeout: 60000 });
  return wheelScroller(page, table.locator('.lm-DataGrid'));
}

/** Puts the mouse over `grid`; returns a function that wheel-scrolls it (WHEELS events of 2000 px, 16 ms apart). */
export async function wheelScroller(page: Page, grid: Locator): Promise<() => Promise<void>> {
  await grid.scrollIntoViewIfNeeded();
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return async () => {
    for (let k = 0; k < WHEELS; k++) {
      await page.mouse.wheel(0, 2000);
      await page.waitForTimeout(16);
    }
  };
}

/** Median, p95, max and the count over 50 ms of frame times, as one line. */
export function frameSummary(frames: number[]): string {
  const s = [...frames].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))];
  return `${frames.length} frames, frame time median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms, ${frames.filter((f) => f > 50).length} frames over 50 ms`;
}
