/**
 * The salience view's tabular baseline in a real JupyterLab + Chromium, on models/penguins:
 * the baseline used is shown with its raw values (training medians by default), the person
 * chooses a background sample or a row by id in the view, a bad id shows the kernel's error,
 * the one-hot switch draws the category columns, and the kernel's `result` follows.
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runAllCells, runCodeCell, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { writeNotebook } from './notebook-file';

const CELLS = [
  `import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { fromRecords } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { salience } from 'tslit/lib/widgets/salience';
import { penguinRecords } from 'tslit/lib/examples/penguins';
await initBackend(['wasm', 'cpu']);`,
  `const penguins = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'penguins'))});
const data = fromRecords(penguinRecords().slice(0, 120));
const s = session({ models: { penguins }, datasets: { data } });
s.select([data.id(10)]);
console.log('ROW=' + data.id(100) + ';NAME=' + data.name);`,
  `const sal = salience(s, { backgroundRows: 8 });
sal`,
  `console.log(JSON.stringify(sal.result.baseline));`,
];
const SETUP = 1;
const READBACK = 3;
const SAL = '.jp-NotebookPanel .tslit-salience[data-kind="tabular"]';

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook('salience-tabular.ipynb', CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function waitAttr(sel: string, attr: string, pattern: string, timeout = 60000): Promise<void> {
  try {
    await page.waitForFunction(({ sel, attr, pattern }) => new RegExp(pattern).test(document.querySelector(sel)?.getAttribute(attr) ?? ''), { sel, attr, pattern }, { timeout });
  } catch (e) {
    const seen = await page.locator(sel).getAttribute(attr).catch(() => '(no element)');
    throw new Error(`${sel} [${attr}] never matched /${pattern}/; it is ${JSON.stringify(seen)}`);
  }
}

const usedText = async (): Promise<string> => (await page.locator(`${SAL} .tslit-sal-baseline-used`).textContent()) ?? '';
const barLabels = (): Promise<string[]> => page.locator(`${SAL} .tslit-sal-bar-label`).allTextContents();

let rowId = '';
let datasetName = '';

test('IG on penguins starts from the training medians, shown with their values; one bar per raw feature', async () => {
  await openNotebook(page, lab, 'salience-tabular.ipynb');
  await runAllCells(page);
  await waitAttr(SAL, 'data-computed-for', 'integrated_gradients/32/.*baseline=median');
  const setup = await cellOutputText(page, SETUP);
  [, rowId, datasetName] = /ROW=([^;]+);NAME=(\S+)/.exec(setup) ?? [];
  expect(rowId).toBeTruthy();
  expect(await page.locator(`${SAL} select.tslit-sal-baseline`).inputValue()).toBe('median');
  expect(await usedText()).toBe('Baseline: training medians and modes (tslit.json) — Beak Length (mm) 44.45 · Beak Depth (mm) 17.3 · Flipper Length (mm) 197 · Body Mass (g) 3987.5 · Island Biscoe');
  expect(await barLabels()).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island']);
  expect(await page.locator(`${SAL} .tslit-sal-baseline-row`).isVisible()).toBe(false);
  expect(await page.locator(`${SAL} .tslit-sal-delta`).textContent()).toMatch(/completeness Δ/);
}, 300000);

test('choosing a background sample in the view recomputes against it and says so', async () => {
  await page.locator(`${SAL} select.tslit-sal-baseline`).selectOption('background');
  await waitAttr(SAL, 'data-computed-for', 'baseline=background');
  expect(await page.locator(SAL).locator('.tslit-sal-tabular').getAttribute('data-baseline')).toBe('background');
  expect(await usedText()).toBe(`Baseline: 8 rows of dataset '${datasetName}' (IG averaged over one baseline per row: expected gradients)`);
}, 120000);

test('a row by id: an unknown id shows the error, a real one its values', async () => {
  await page.locator(`${SAL} select.tslit-sal-baseline`).selectOption('row');
  await waitAttr(SAL, 'data-computed-for', 'baseline=row:$');
  expect(await page.locator(`${SAL} .tslit-error`).textContent()).toMatch(/baseline "row" needs a row/);
  const input = page.locator(`${SAL} input.tslit-sal-baseline-row`);
  expect(await input.isVisible()).toBe(true);
  await input.fill('no-such-row');
  await input.press('Enter');
  await waitAttr(SAL, 'data-computed-for', 'baseline=row:no-such-row');
  expect(await page.locator(`${SAL} .tslit-error`).textContent()).toMatch(/no example has id "no-such-row"/);
  await input.fill(rowId);
  await input.press('Enter');
  await waitAttr(SAL, 'data-computed-for', `baseline=row:${rowId}$`);
  expect(await page.locator(`${SAL} .tslit-error`).count()).toBe(0);
  expect(await usedText()).toMatch(new RegExp(`^Baseline: row '${rowId}' — Beak Length \\(mm\\) [\\d.]+ · .* · Island \\w+$`));
}, 120000);

test('the one-hot switch draws a bar per category column; the kernel result names the row baseline', async () => {
  await page.locator(`${SAL} input.tslit-sal-columns`).check();
  expect(await barLabels()).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
  await page.locator(`${SAL} input.tslit-sal-columns`).uncheck();
  expect(await barLabels()).toHaveLength(5);
  await waitForKernelIdle(page);
  await runCodeCell(page, READBACK);
  const out = await cellOutputText(page, READBACK);
  const baseline = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { kind: string; origin: string };
  expect(baseline).toMatchObject({ kind: 'row', origin: `row '${rowId}'` });
  expect(pageErrors).toEqual([]);
}, 120000);
