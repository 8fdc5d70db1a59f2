/**
 * Salience over many rows in a real JupyterLab + Chromium (models/penguins on the
 * vega-datasets penguins): "Explain selection" draws the aggregate (mean |salience| per
 * feature, as the kernel computed it) and the per-row results, one picked from the list; on a
 * slow model "Explain dataset" shows the progress bar running, another cell runs meanwhile,
 * and Cancel stops the job leaving the rows shown before.
 */
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runCodeCell, screenshot, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { parseJsonLine as jsonLine, writeNotebook } from './notebook-file';

const CELLS = [
  `import * as fs from 'fs';
import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { fromRecords } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { salience } from 'tslit/lib/widgets/salience';
await initBackend(['wasm', 'cpu']);
const penguins = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'penguins'))});
const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const raw = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(REPO, 'node_modules', 'vega-datasets', 'data', 'penguins.json'))}, 'utf8')) as Record<string, unknown>[];
const rows = raw.map((r, i) => ({ ...r, id: String(i) })).filter((r) => NUMERIC.every((f) => typeof r[f] === 'number'));
const data = fromRecords(rows, { ids: { field: 'id' } });
const s = session({ models: { penguins }, datasets: { data } });
s.select(data.ids().filter((_, i) => i % 30 === 0));`,
  `const sal = salience(s, { salienceMethod: 'integrated_gradients' });
sal`,
  `console.log(JSON.stringify({ labels: sal.state.aggLabels, scores: Array.from(sal.state.aggScores), ids: sal.state.rows.map((r) => r.id) }));`,
  // 25 ms a model call: occlusion of 3,420 rows takes minutes.
  `const big = fromRecords(Array.from({ length: 10 }, (_, k) => rows.map((r) => ({ ...r, id: k + '-' + r.id }))).flat(), { ids: { field: 'id' } });
const slowModel = {
  name: 'slow penguins',
  inputSpec: () => penguins.inputSpec(),
  outputSpec: () => penguins.outputSpec(),
  predict: async (examples: any[], options?: any) => { await new Promise((r) => setTimeout(r, 25)); return penguins.predict(examples, options); },
};
const slowSession = session({ models: { slow: slowModel }, datasets: { big } });
slowSession.select(big.ids().slice(0, 3));
const slowSal = salience(slowSession, { salienceMethod: 'occlusion' });
slowSal`,
  `console.log('other cell ran', 6 * 7);`,
  `console.log(JSON.stringify({ status: slowSal.state.jobStatus, rows: slowSal.state.rows.length, rowsFor: slowSal.state.rowsFor }));`,
];
const C = { setup: 0, sal: 1, readback: 2, slow: 3, other: 4, slowReadback: 5 };

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook('salience-rows.ipynb', CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

const output = (index: number): Locator => page.locator('.jp-NotebookPanel .jp-CodeCell').nth(index).locator('.jp-OutputArea');

/** Waits until the rows panel of `view` shows a result other than `previous`. */
async function waitRows(view: Locator, previous: string): Promise<string> {
  const panel = view.locator('.tslit-sal-rows');
  await page.waitForFunction(({ el, previous }) => {
    const v = (el as HTMLElement).dataset.rowsFor ?? '';
    return v !== '' && v !== previous;
  }, { el: await panel.elementHandle(), previous }, { timeout: 60000 });
  return (await panel.getAttribute('data-rows-for')) ?? '';
}

test('Explain selection: the aggregate per feature as the kernel computed it, and each row\'s salience from the list', async () => {
  await openNotebook(page, lab, 'salience-rows.ipynb');
  await runCodeCell(page, C.setup, 180000);
  await runCodeCell(page, C.sal, 120000);
  const view = output(C.sal).locator('.tslit-salience');
  await view.waitFor({ timeout: 60000 });
  await view.locator('.tslit-sal-rows-selection').click();
  await waitRows(view, '');
  await waitForKernelIdle(page);
  await runCodeCell(page, C.readback);
  const read = jsonLine(await cellOutputText(page, C.readback)) as { labels: string[]; scores: number[]; ids: string[] };
  expect(read.ids.length).toBe(12);
  expect(read.labels).toContain('Island');

  const agg = view.locator('.tslit-sal-agg .tslit-sal-bar-row');
  expect(await agg.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.feature))).toEqual(read.labels);
  const shown = await view.locator('.tslit-sal-agg .tslit-sal-bar-value').allTextContents();
  expect(shown.length).toBe(read.scores.length);
  expect(await view.locator('.tslit-sal-agg-title').textContent()).toBe('Mean |salience| per feature over selection (12 rows)');

  const select = view.locator('.tslit-sal-row-select');
  expect(await select.locator('option').count()).toBe(12);
  await select.selectOption({ index: 3 });
  expect(await view.locator('.tslit-sal-rows').getAttribute('data-shown-row')).toBe(read.ids[3]);
  expect(await view.locator('.tslit-sal-row-note').textContent()).toMatch(new RegExp(`^Row ${read.ids[3]}: predicted (Adelie|Chinstrap|Gentoo), explaining`));
  expect(await view.locator('.tslit-sal-row-result .tslit-sal-bar-row').count()).toBe(read.labels.length);
  await view.locator('.tslit-sal-rows').scrollIntoViewIfNeeded();
  await screenshot(page, 'salience-rows-aggregate', { target: view });
  expect(pageErrors).toEqual([]);
}, 400000);

test('Explain dataset on a slow model: the progress bar runs while another cell runs; Cancel stops it and the rows shown before stay', async () => {
  await runCodeCell(page, C.slow, 120000);
  const view = output(C.slow).locator('.tslit-salience');
  await view.waitFor({ timeout: 60000 });
  await view.locator('.tslit-sal-rows-selection').click();
  const before = await waitRows(view, '');
  const barsBefore = await view.locator('.tslit-sal-agg .tslit-sal-bar-value').allTextContents();
  expect(barsBefore.length).toBeGreaterThan(0);

  await view.locator('.tslit-sal-rows-dataset').click();
  const progress = view.locator('.tslit-sal-rows .tslit-progress');
  await progress.waitFor({ state: 'visible', timeout: 30000 });
  expect(await progress.locator('.tslit-progress-label').textContent()).toBe("Salience of dataset 'big' (3420 rows)");
  await page.waitForFunction((el) => {
    const m = /^(\d+) \/ 3420$/.exec((el as HTMLElement).textContent ?? '');
    return m !== null && Number(m[1]) > 0;
  }, await progress.locator('.tslit-progress-count').elementHandle(), { timeout: 30000 });
  // The kernel stays responsive: another cell runs while the job does.
  await runCodeCell(page, C.other, 60000);
  expect(await cellOutputText(page, C.other)).toContain('other cell ran 42');
  expect(await view.locator('.tslit-sal-rows').getAttribute('data-status')).toBe('running');
  await view.locator('.tslit-sal-rows').scrollIntoViewIfNeeded();
  await screenshot(page, 'salience-rows-progress', { target: view.locator('.tslit-sal-rows'), mask: [progress.locator('progress'), progress.locator('.tslit-progress-count')] });

  await progress.locator('.tslit-cancel').click();
  await page.waitForFunction((el) => (el as HTMLElement).dataset.status === 'cancelled', await view.locator('.tslit-sal-rows').elementHandle(), { timeout: 30000 });
  expect(await progress.isHidden()).toBe(true);
  expect(await view.locator('.tslit-sal-rows .tslit-progress-status').textContent()).toBe('Cancelled');
  expect(await view.locator('.tslit-sal-rows').getAttribute('data-rows-for')).toBe(before);
  expect(await view.locator('.tslit-sal-agg .tslit-sal-bar-value').allTextContents()).toEqual(barsBefore);
  await waitForKernelIdle(page);
  await runCodeCell(page, C.slowReadback);
  const read = jsonLine(await cellOutputText(page, C.slowReadback)) as { status: string; rows: number; rowsFor: string };
  expect(read).toEqual({ status: 'cancelled', rows: 3, rowsFor: before });
  expect(pageErrors).toEqual([]);
}, 400000);
