/**
 * The parameter sensitivity and TCAV views in a real JupyterLab + Chromium on models/penguins
 * and the vega-datasets penguins: what a person sees (a bar per layer and slice, the
 * selected example's spread, TCAV bars per concept and class), that choosing a perturbation
 * in the view shows only its parameter and recomputes, that a long profile shows progress
 * while another cell runs and stops on Cancel with the model's predictions unchanged (read
 * back from the kernel), and that the plots export from code. Screenshots are snapshots
 * compared with test/browser/__screenshots__/ (see screenshot() in lab-harness.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runCodeCell, screenshot, startLab } from './lab-harness';
import { writeNotebook } from './export-helpers';

const NOTEBOOK = 'sensitivity-tcav.ipynb';
const CELLS = [
  `import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { readJSON } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { sensitivity } from 'tslit/lib/widgets/sensitivity/sensitivity-widget';
import { tcavView } from 'tslit/lib/widgets/sensitivity/tcav-widget';
await initBackend(['wasm', 'cpu']);
const penguins = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'penguins'))});
const data = readJSON(${JSON.stringify(path.join(REPO, 'node_modules', 'vega-datasets', 'data', 'penguins.json'))}, { name: 'penguins' });
const s = session({ models: { penguins }, datasets: { penguins: data } });
s.select([data.id(20)]);
const before = JSON.stringify(await penguins.predict(data.rows([0, 1, 2, 20]), { bypassCache: true }));
console.log(data.size);`,
  `const sv = sensitivity(s, { facet: 'Island', repeats: 5, seed: 1, perturbation: { kind: 'gaussian', scale: 1 } });
sv`,
  `const tv = tcavView(s, { conceptField: 'Island', runs: 6, conceptSize: 25, maxRows: 250, useSelection: false, seed: 2 });
tv`,
  `const long = sensitivity(s, { repeats: 5000, perturbation: { kind: 'zero', fraction: 0.3 } });
long`,
  `console.log(JSON.stringify({ status: long.state.jobStatus, progress: long.state.progress }));`,
  `console.log(JSON.stringify({ status: long.state.jobStatus, same: JSON.stringify(await penguins.predict(data.rows([0, 1, 2, 20]), { bypassCache: true })) === before }));`,
  `console.log(JSON.stringify(await Promise.all([sv.exportPlot('sensitivity.svg'), tv.exportPlot('tcav.png')])));`,
];
const C = { setup: 0, sensitivity: 1, tcav: 2, long: 3, running: 4, after: 5, exports: 6 };

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
type Lab = Awaited<ReturnType<typeof startLab>>;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-sensitivity-'));
  const nb = path.join(dir, NOTEBOOK);
  writeNotebook(nb, CELLS);
  lab = await startLab({ notebooks: [nb] });
  const settings = path.join(path.dirname(lab.rootDir), 'settings', '@jupyterlab', 'notebook-extension');
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(path.join(settings, 'tracker.jupyterlab-settings'), JSON.stringify({ windowingMode: 'none' }));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

const output = (index: number): Locator => page.locator('.jp-NotebookPanel .jp-CodeCell').nth(index).locator('.jp-OutputArea');

async function waitStatus(view: Locator, status: string, timeout = 90000): Promise<void> {
  await view.waitFor({ state: 'attached', timeout });
  await page.waitForFunction(([el, s]) => (el as HTMLElement).dataset.status === s, [await view.elementHandle(), status] as const, { timeout });
}

async function waitFigure(view: Locator, after: number): Promise<void> {
  await page.waitForFunction(([el, n]) => Number((el as HTMLElement).dataset.figure ?? 0) > n && (el as HTMLElement).dataset.status === 'done', [await view.elementHandle(), after] as const, { timeout: 90000 });
  await view.locator('.tslit-plot[data-rendered]').waitFor({ timeout: 60000 });
  await page.waitForTimeout(300);
}

function jsonLine(text: string): unknown {
  const line = text.split('\n').find((l) => /^\s*[[{]/.test(l));
  if (!line) throw new Error(`no JSON line in: ${text}`);
  return JSON.parse(line);
}

test('the sensitivity view shows a bar per layer and slice and the selected example\'s spread', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runCodeCell(page, C.setup, 180000);
  await runCodeCell(page, C.sensitivity, 120000);
  const view = output(C.sensitivity).locator('.tslit-sensitivity-view');
  await view.waitFor({ timeout: 60000 });
  await waitFigure(view, 0);
  expect(await view.locator('.legendtext').allTextContents()).toEqual(['All', 'Island=Biscoe', 'Island=Dream', 'Island=Torgersen', 'example 20: Adelie', 'unperturbed']);
  expect((await view.locator('.xtick text').allTextContents()).slice(0, 2)).toEqual(['hidden', 'probas']);
  expect(await view.locator('.tslit-control-layer select').inputValue()).toBe('(every layer)');
  // Only the parameter of the chosen perturbation is shown.
  expect(await view.locator('.tslit-control-scale').isVisible()).toBe(true);
  expect(await view.locator('.tslit-control-units').isVisible()).toBe(false);
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'sensitivity-view', { target: view });
}, 600000);

test('choosing ablation in the view shows the units field and recomputes', async () => {
  const view = output(C.sensitivity).locator('.tslit-sensitivity-view');
  const before = Number(await view.getAttribute('data-figure'));
  await view.locator('.tslit-control-perturbation select').selectOption('ablate-units');
  expect(await view.locator('.tslit-control-scale').isVisible()).toBe(false);
  await view.locator('.tslit-control-units input').fill('0-1');
  await view.locator('.tslit-control-units input').press('Enter');
  await page.waitForFunction((el) => /units 0, 1 ablated/.test((el as HTMLElement).querySelector('.gtitle')?.textContent ?? ''), await view.elementHandle(), { timeout: 60000 });
  await waitFigure(view, before);
  await view.locator('.tslit-control-units input').fill('0-40');
  await view.locator('.tslit-control-units input').press('Enter');
  await view.locator('.tslit-error').waitFor({ timeout: 60000 });
  expect(await view.locator('.tslit-error').textContent()).toMatch(/unit \d+ does not exist: the weight's last axis has \d+ units/);
}, 180000);

test('TCAV view: bars per concept and class', async () => {
  await runCodeCell(page, C.tcav, 120000);
  const view = output(C.tcav).locator('.tslit-tcav-view');
  await view.waitFor({ timeout: 60000 });
  await waitFigure(view, 0);
  expect(await view.locator('.legendtext').allTextContents()).toEqual(['class Adelie', 'class Chinstrap', 'class Gentoo']);
  expect(await view.locator('.xtick text').allTextContents()).toEqual(['Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
  expect(await view.locator('.gtitle').textContent()).toMatch(/^TCAV at layer hidden \(6 runs/);
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'tcav-view', { target: view });
}, 300000);

test('a long profile shows progress while another cell runs; Cancel stops it and the model predicts as before', async () => {
  await runCodeCell(page, C.long, 60000);
  const view = output(C.long).locator('.tslit-sensitivity-view');
  const cancel = view.locator('.tslit-progress .tslit-cancel');
  await cancel.waitFor({ state: 'visible', timeout: 60000 });
  await page.waitForFunction((el) => /^[1-9]\d* \/ 10000$/.test((el as HTMLElement).querySelector('.tslit-progress-count')?.textContent ?? ''), await view.elementHandle(), { timeout: 60000 });
  await runCodeCell(page, C.running, 30000);
  expect((jsonLine(await cellOutputText(page, C.running)) as { status: string }).status).toBe('running');
  expect(await view.locator('.tslit-progress-label').textContent()).toBe('Sensitivity of accuracy');
  await cancel.click();
  await waitStatus(view, 'cancelled', 30000);
  expect(await view.locator('.tslit-progress-status').textContent()).toBe('Cancelled');
  await runCodeCell(page, C.after, 30000);
  expect(jsonLine(await cellOutputText(page, C.after))).toEqual({ status: 'cancelled', same: true });
  expect(pageErrors).toEqual([]);
}, 180000);

test('both plots export from code', async () => {
  await runCodeCell(page, C.exports, 120000);
  const [svg, png] = jsonLine(await cellOutputText(page, C.exports)) as string[];
  expect(fs.readFileSync(svg, 'utf8')).toContain('accuracy drop per layer');
  expect(fs.readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
}, 180000);
