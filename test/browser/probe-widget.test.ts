/**
 * Binary widget state from the tslit kernel to a real JupyterLab + Chromium, through the probe
 * widget (the one bench/roundtrip times): each push arrives with its size, and a new buffer is
 * a change of the model even when its bytes equal the old ones (src/lab/views/binary-model.ts
 * compares binary values by identity instead of walking them with lodash isEqual), with
 * `previous('payload')` still answering the value it replaced.
 */
import type { Browser, Page } from 'playwright-core';
import { CURRENT, launchBrowser, openNotebook, runCodeCell, startLab, type Lab } from './lab-harness';
import { writeNotebook } from './notebook-file';

const NOTEBOOK = 'probe-widget.ipynb';
const PROBE = `${CURRENT} .tslit-probe`;
const CELLS = [
  "import { probeWidget } from 'tslit/lib/widgets/probe';\nconst probe = probeWidget();\nprobe",
  'const first = new Float32Array(1000).map((_, i) => i);\nprobe.push(first);',
  'probe.push(new Float32Array(first)); // equal bytes, a new buffer',
  'probe.push(new Float32Array(8));',
];

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook(NOTEBOOK, CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openNotebook(page, lab, NOTEBOOK, 180000);
}, 240000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

/** Runs the code cell that makes push `seq` and returns the view's data attributes after it. */
async function push(cell: number, seq: number): Promise<Record<string, string>> {
  await runCodeCell(page, cell, 120000);
  await page.waitForFunction(({ sel, seq }) => (document.querySelector(sel) as HTMLElement | null)?.dataset.seq === String(seq), { sel: PROBE, seq }, { timeout: 60000 });
  return page.evaluate((sel) => ({ ...(document.querySelector(sel) as HTMLElement).dataset }) as Record<string, string>, PROBE);
}

test('the probe view renders with no payload', async () => {
  await runCodeCell(page, 0, 120000);
  await page.locator(PROBE).waitFor({ timeout: 60000 });
  expect(await page.locator(PROBE).textContent()).toBe('no payload yet');
}, 180000);

test('a pushed Float32Array arrives whole and replaces the empty default', async () => {
  const data = await push(1, 1);
  expect(data.bytes).toBe('4000');
  expect(data.payloadChanges).toBe('1');
  expect(data.previousBytes).toBe('0');
  expect(Number(data.ms)).toBeGreaterThanOrEqual(0);
}, 180000);

test('a new buffer with equal bytes is a change, and previous() is the buffer it replaced', async () => {
  const data = await push(2, 2);
  expect(data.bytes).toBe('4000');
  expect(data.payloadChanges).toBe('2');
  expect(data.previousBytes).toBe('4000');
}, 180000);

test('a buffer of another size replaces it', async () => {
  const data = await push(3, 3);
  expect(data.bytes).toBe('32');
  expect(data.payloadChanges).toBe('3');
  expect(data.previousBytes).toBe('4000');
  expect(pageErrors).toEqual([]);
}, 180000);
