/**
 * Plot export through the real browser view: JupyterLab from .venv, the tslit kernel and
 * labextension, Debian's Chromium. A plot widget is displayed; code calls
 * `await w.exportPlot('plot.svg' | 'plot.png')` and the files written beside the notebook are
 * checked (PNG signature and IHDR size; SVG parsed as XML); the toolbar's PNG/SVG buttons
 * trigger browser downloads; exporting a widget no view shows fails with a clear error; the
 * dark theme re-colours the plot. Screenshots are snapshots compared with test/browser/__screenshots__/ (see screenshot() in lab-harness.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { CURRENT, cellOutputText, launchBrowser, openNotebook, runAllCells, runCodeCell, screenshot, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { parseSvg, pngSize, switchTheme, writeNotebook } from './export-helpers';

const NOTEBOOK = 'plot-export.ipynb';
const HOSTILE = '<img src=x onerror="window.__tslitPwned=1">';
/** An example id plotly would read as markup if it were not escaped (and unescaped on click). */
const ODD_ID = 'id<&>2';
const CELLS = [
  `import { plotWidget } from 'tslit/lib/widgets/plots/plot-widget';
import { session } from 'tslit/lib/widgets/session';
import { fromRecords } from 'tslit/lib/model/dataset';`,
  `const s = session({ datasets: { d: fromRecords([{ id: 'id-0', v: 1 }, { id: 'id-1', v: 2 }, { id: ${JSON.stringify(ODD_ID)}, v: 3 }], { ids: { field: 'id' } }) } });
const w = plotWidget({
  data: [{ type: 'bar', x: ['setosa', ${JSON.stringify(HOSTILE)}, 'a & b'], y: [3, 1, 2], customdata: ['id-0', 'id-1', ${JSON.stringify(ODD_ID)}], name: ${JSON.stringify(HOSTILE)} }],
  layout: { title: { text: 'Export check' }, width: 500, height: 300 },
}, { filename: 'bars', session: s });
w`,
  // Started in one cell, awaited in the next: the kernel reads the view's answer between cells.
  `const pending = Promise.all([w.exportPlot('out/plot.svg'), w.exportPlot('plot.png', { width: 640, height: 400 })]);`,
  `const [svgPath, pngPath] = await pending;
console.log(JSON.stringify({ svgPath, pngPath }));`,
  `const hidden = plotWidget({ data: [{ type: 'scatter', y: [1, 2] }] });
let message = '';
try { await hidden.exportPlot('never.png', { ackTimeoutMs: 1500 }); } catch (e) { message = (e as Error).message; }
console.log(JSON.stringify({ message, written: require('fs').existsSync('never.png') }));`,
  `console.log(JSON.stringify(s.selection));`,
  // Displayed and exported in ONE cell: the view's replies must be read while the cell awaits.
  `import { display } from 'tslit/lib/kernel/display';
const same = plotWidget({ data: [{ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3], y: [2, 1, 3] }], layout: { title: { text: 'Same cell' }, width: 420, height: 260 } });
display(same);
const sameStarted = Date.now();
const sameSvg = await same.exportPlot('same-cell.svg');
const samePng = await same.exportPlot('same-cell.png', { width: 300, height: 200 });
console.log(JSON.stringify({ sameSvg, samePng, ms: Date.now() - sameStarted }));`,
  `console.log(JSON.stringify({ after: [sameSvg, samePng].length * 21, closed: same.closed }));`,
];
const EXPORT_CELL = 3;
const NO_VIEW_CELL = 4;
const SELECTION_CELL = 5;
const SAME_CELL = 6;
const VIEW = '.jp-NotebookPanel .tslit-plot-view';

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-export-'));
  const nb = path.join(dir, NOTEBOOK);
  writeNotebook(nb, CELLS);
  lab = await startLab({ notebooks: [nb] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

function jsonLine(text: string): Record<string, unknown> {
  const line = text.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`no JSON line in cell output: ${text}`);
  return JSON.parse(line) as Record<string, unknown>;
}

test('the plot renders, escaped, in the light theme', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runCodeCell(page, 0);
  await runCodeCell(page, 1);
  const view = page.locator(VIEW);
  await view.locator('.tslit-plot[data-rendered]').waitFor({ timeout: 60000 });
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'plot-export-light', { target: view });
  expect(await view.locator('.tslit-plot').getAttribute('data-theme')).toBe('light');
  // The hostile label is drawn as text, not markup.
  const ticks = await view.locator('.xtick text').allTextContents();
  expect(ticks).toEqual(['setosa', HOSTILE, 'a & b']);
  expect(await page.evaluate(() => (window as unknown as { __tslitPwned?: number }).__tslitPwned)).toBeUndefined();
  expect(await view.locator('img').count()).toBe(0);
}, 300000);

test('exportPlot from code writes a valid SVG and PNG beside the notebook', async () => {
  await runCodeCell(page, EXPORT_CELL - 1, 120000);
  await runCodeCell(page, EXPORT_CELL, 120000);
  const out = jsonLine(await cellOutputText(page, EXPORT_CELL));
  expect(out.svgPath).toBe(path.join(lab.rootDir, 'out', 'plot.svg'));
  expect(out.pngPath).toBe(path.join(lab.rootDir, 'plot.png'));
  const svg = await parseSvg(page, fs.readFileSync(path.join(lab.rootDir, 'out', 'plot.svg'), 'utf8'));
  expect(svg.root).toBe('svg');
  expect(svg.width).toBe(500); // the layout's width: the view's size is used when none is asked
  expect(svg.text).toContain('Export check');
  expect(svg.text).toContain(HOSTILE); // as text content, decoded once by the XML parser
  const png = pngSize(fs.readFileSync(path.join(lab.rootDir, 'plot.png')));
  expect(png).toEqual({ width: 640, height: 400 });
}, 180000);

test('exporting a widget that no view shows fails with a clear error and writes nothing', async () => {
  await runCodeCell(page, NO_VIEW_CELL, 60000);
  const out = jsonLine(await cellOutputText(page, NO_VIEW_CELL));
  expect(out.message).toMatch(/no view is showing this plot/);
  expect(out.written).toBe(false);
}, 120000);

test('clicking a bar selects the example id in its customdata, in the session (read from the next cell)', async () => {
  const view = page.locator(VIEW);
  await view.scrollIntoViewIfNeeded();
  const bar = await view.locator('.trace.bars .point').nth(2).boundingBox();
  if (!bar) throw new Error('third bar not drawn');
  await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
  await page.waitForTimeout(300);
  await waitForKernelIdle(page);
  await runCodeCell(page, SELECTION_CELL);
  expect(JSON.parse((await cellOutputText(page, SELECTION_CELL)).trim())).toEqual([ODD_ID]);
}, 120000);

test('the toolbar buttons download a PNG and an SVG', async () => {
  const view = page.locator(VIEW);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), view.locator('.tslit-plot-download-png').click()]);
  expect(pngDownload.suggestedFilename()).toBe('bars.png');
  const pngFile = path.join(lab.rootDir, 'downloaded.png');
  await pngDownload.saveAs(pngFile);
  expect(pngSize(fs.readFileSync(pngFile)).width).toBeGreaterThan(100);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), view.locator('.tslit-plot-download-svg').click()]);
  expect(svgDownload.suggestedFilename()).toBe('bars.svg');
  const svgFile = path.join(lab.rootDir, 'downloaded.svg');
  await svgDownload.saveAs(svgFile);
  expect((await parseSvg(page, fs.readFileSync(svgFile, 'utf8'))).root).toBe('svg');
}, 120000);

test('switching to the dark theme re-renders the plot in dark colours', async () => {
  const view = page.locator(VIEW);
  const before = await view.locator('.main-svg').first().evaluate((el) => getComputedStyle(el).backgroundColor || (el as SVGElement).style.background);
  await switchTheme(page, 'JupyterLab Dark');
  await page.waitForFunction((sel) => document.querySelector(`${sel} .tslit-plot`)?.getAttribute('data-theme') === 'dark', VIEW, { timeout: 30000 });
  await page.waitForTimeout(500);
  const bg = await page.locator(`${VIEW} .main-svg`).first().evaluate((el) => (el as SVGElement).style.background);
  expect(bg).not.toBe(before);
  const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
  expect(r + g + b).toBeLessThan(3 * 100); // dark
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'plot-export-dark', { target: view });
  await waitForKernelIdle(page);
  expect(pageErrors).toEqual([]);
}, 120000);

// Last, so the dark-theme test above still sees a single plot view.
test('a cell that displays a plot and awaits exportPlot in the same cell writes both files, and the kernel goes idle', async () => {
  const errorsBefore = pageErrors.length;
  await runCodeCell(page, SAME_CELL, 120000);
  const cell = page.locator(`${CURRENT} .jp-CodeCell`).nth(SAME_CELL);
  expect(await cell.locator('[data-mime-type="application/vnd.jupyter.error"]').count()).toBe(0);
  // The widget's view is in the same output area: read the printed line from the stdout output.
  const out = jsonLine((await cell.locator('[data-mime-type="application/vnd.jupyter.stdout"]').allTextContents()).join('\n'));
  expect(out.sameSvg).toBe(path.join(lab.rootDir, 'same-cell.svg'));
  expect(out.samePng).toBe(path.join(lab.rootDir, 'same-cell.png'));
  console.log(`same-cell export of SVG + PNG took ${String(out.ms)} ms`);
  await cell.locator('.tslit-plot-view .tslit-plot[data-rendered]').waitFor({ timeout: 30000 });

  const svgText = fs.readFileSync(path.join(lab.rootDir, 'same-cell.svg'), 'utf8');
  expect(svgText).toContain('<svg');
  const svg = await parseSvg(page, svgText);
  expect(svg.root).toBe('svg');
  expect(svg.width).toBe(420);
  expect(svg.text).toContain('Same cell');
  expect(pngSize(fs.readFileSync(path.join(lab.rootDir, 'same-cell.png')))).toEqual({ width: 300, height: 200 });

  // Idle again, both in the toolbar's execution indicator and as the server tracks the kernel.
  await waitForKernelIdle(page, 30000);
  expect(await page.locator(`${CURRENT} .jp-Notebook-ExecutionIndicator`).getAttribute('data-status')).toBe('idle');
  const kernels = (await (await page.request.get(`${lab.url}/api/kernels?token=${lab.token}`)).json()) as { execution_state: string }[];
  expect(kernels.map((k) => k.execution_state)).toEqual(['idle']);

  // The next cell runs normally and sees the same cell's variables.
  const prompt = (await cell.locator('.jp-InputArea-prompt').textContent()) ?? '';
  await runCodeCell(page, SAME_CELL + 1, 60000);
  const next = page.locator(`${CURRENT} .jp-CodeCell`).nth(SAME_CELL + 1);
  expect(Number(/\[(\d+)\]/.exec((await next.locator('.jp-InputArea-prompt').textContent()) ?? '')?.[1])).toBe(Number(/\[(\d+)\]/.exec(prompt)?.[1]) + 1);
  expect(JSON.parse((await cellOutputText(page, SAME_CELL + 1)).trim())).toEqual({ after: 42, closed: false });
  await waitForKernelIdle(page, 30000);
  expect(pageErrors.slice(errorsBefore)).toEqual([]);
}, 240000);
