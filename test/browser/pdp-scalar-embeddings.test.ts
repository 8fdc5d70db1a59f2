/**
 * The partial dependence, scalar plot and embeddings projector views in a real JupyterLab +
 * Chromium, on models/penguins (`loadModel`) and the vega-datasets penguins (`readJSON` from
 * src/model/dataset), all three on one session. Checks what a person sees (curves, points,
 * colours, axis titles), that clicking a point selects that example in the kernel's session
 * (read back from the next cell) and highlights it in the other views, that UMAP chosen in
 * the view recomputes, and that a long PDP sweep shows a progress bar while another cell
 * runs, and stops on Cancel (state says cancelled). Also the minimal-change counterfactuals'
 * vary panel on the same session (ranges only for numeric features). Screenshots are snapshots compared with test/browser/__screenshots__/ (see screenshot() in lab-harness.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runCodeCell, screenshot, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { writeNotebook } from './export-helpers';

const NOTEBOOK = 'pdp-scalar-embeddings.ipynb';
const CELLS = [
  `import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { readJSON } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { partialDependencePlot } from 'tslit/lib/widgets/plots/partial-dependence';
import { scalarPlot } from 'tslit/lib/widgets/plots/scalar-plot';
import { embeddingsProjector } from 'tslit/lib/widgets/plots/embeddings';
await initBackend(['wasm', 'cpu']);
const penguins = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'penguins'))});
const data = readJSON(${JSON.stringify(path.join(REPO, 'node_modules', 'vega-datasets', 'data', 'penguins.json'))}, { name: 'penguins' });
const s = session({ models: { penguins }, datasets: { penguins: data } });
console.log(data.size);`,
  `const pdp = partialDependencePlot(s, { feature: 'Flipper Length (mm)', target: 'Gentoo', maxRows: 120, gridResolution: 15 });
pdp`,
  `const sp = scalarPlot(s, { feature: 'Flipper Length (mm)', target: 'Gentoo' });
sp`,
  `const emb = embeddingsProjector(s);
emb`,
  `console.log(JSON.stringify({ selection: s.selection, pdp: pdp.state.jobStatus, method: emb.state.method, emb: emb.state.jobStatus, ratio: emb.state.explainedVarianceRatio }));`,
  // A model that takes 300 ms per predict call: one call per grid value, 30 grid values ≈ 9 s.
  `const slowModel = {
  name: 'slow penguins',
  inputSpec: () => penguins.inputSpec(),
  outputSpec: () => penguins.outputSpec(),
  predict: async (examples: any[], options?: any) => { await new Promise((r) => setTimeout(r, 300)); return penguins.predict(examples, options); },
};
const slow = partialDependencePlot(session({ models: { slow: slowModel }, datasets: { penguins: data } }), { feature: 'Body Mass (g)', maxRows: 344, gridResolution: 30 });
slow`,
  `console.log(JSON.stringify({ alive: true, status: slow.state.jobStatus, progress: slow.state.progress }));`,
  `console.log(JSON.stringify({ status: slow.state.jobStatus, progress: slow.state.progress, figure: slow.state.figure !== null }));`,
  `console.log(JSON.stringify(await Promise.all([pdp.exportPlot('pdp.svg'), sp.exportPlot('scalar.png'), emb.exportPlot('embeddings.svg')])));`,
  `import { counterfactuals } from 'tslit/lib/widgets/counterfactuals';
const cf = counterfactuals(s, { generator: 'tabular_minimal' });
cf`,
];
const C = { setup: 0, pdp: 1, scalar: 2, emb: 3, readback: 4, slow: 5, alive: 6, slowReadback: 7, exports: 8, counterfactuals: 9 };

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-pdp-'));
  const nb = path.join(dir, NOTEBOOK);
  writeNotebook(nb, CELLS);
  lab = await startLab({ notebooks: [nb] });
  // Keep every cell in the DOM (JupyterLab detaches cells scrolled out of sight otherwise).
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

async function waitDrawn(view: Locator): Promise<void> {
  await waitStatus(view, 'done');
  await view.locator('.tslit-plot[data-rendered]').waitFor({ timeout: 60000 });
}

async function show(view: Locator): Promise<void> {
  await view.scrollIntoViewIfNeeded();
  await page.waitForTimeout(400);
}

function jsonLine(text: string): Record<string, unknown> {
  const line = text.split('\n').find((l) => /^\s*\{/.test(l));
  if (!line) throw new Error(`no JSON line in: ${text}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/**
 * Clicks the most isolated point of the plot in `view` (so plotly's "closest" picks exactly
 * it) and returns its example id.
 */
async function clickIsolatedPoint(view: Locator): Promise<string> {
  await view.scrollIntoViewIfNeeded();
  const graph = view.locator('.js-plotly-plot');
  const target = await graph.evaluate((el) => {
    type Ax = { l2p(v: number): number; _offset: number; range: [number, number] };
    const gd = el as unknown as { data: { name: string; x: number[]; y: number[]; customdata: string[] }[]; _fullLayout: { xaxis: Ax; yaxis: Ax } };
    const { xaxis, yaxis } = gd._fullLayout;
    const pts = gd.data.filter((t) => t.name !== 'selected').flatMap((t) => t.x.map((x, i) => ({ px: xaxis.l2p(x) + xaxis._offset, py: yaxis.l2p(t.y[i]) + yaxis._offset, id: t.customdata[i] })));
    let best = pts[0];
    let bestGap = -1;
    for (const p of pts) {
      let gap = Infinity;
      for (const q of pts) if (q !== p) gap = Math.min(gap, Math.hypot(p.px - q.px, p.py - q.py));
      if (gap > bestGap) { bestGap = gap; best = p; }
    }
    const r = el.getBoundingClientRect();
    return { x: r.left + best.px, y: r.top + best.py, id: best.id, gap: bestGap };
  });
  expect(target.gap).toBeGreaterThan(4);
  await page.mouse.move(target.x, target.y);
  await page.waitForTimeout(200);
  await page.mouse.click(target.x, target.y);
  return target.id;
}

test('the three views render the penguins model and data', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runCodeCell(page, C.setup, 180000);

  await runCodeCell(page, C.pdp, 120000);
  const pdp = output(C.pdp).locator('.tslit-pdp-view');
  await waitDrawn(pdp);
  expect(await pdp.locator('.legendtext').allTextContents()).toEqual(['ICE (one per example)', 'PDP (mean of 120)']);
  expect(await pdp.locator('.gtitle').textContent()).toBe('Partial dependence of P(Gentoo) on Flipper Length (mm)');
  expect(await pdp.locator('.tslit-control-feature select').inputValue()).toBe('Flipper Length (mm)');
  await show(pdp);
  await screenshot(page, 'pdp-view', { target: pdp });

  await runCodeCell(page, C.scalar, 120000);
  const sp = output(C.scalar).locator('.tslit-scalar-view');
  await waitDrawn(sp);
  expect(await sp.locator('.legendtext').allTextContents()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  expect(await sp.locator('.tslit-notes').textContent()).toBe('2 row(s) with missing model inputs left out');
  await show(sp);
  await screenshot(page, 'scalar-plot-view', { target: sp });

  await runCodeCell(page, C.emb, 120000);
  const emb = output(C.emb).locator('.tslit-embeddings-view');
  await waitDrawn(emb);
  expect(await emb.locator('.legendtext').allTextContents()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  expect(await emb.locator('.g-xtitle').textContent()).toMatch(/^PC1 \(\d+\.\d% of variance\)$/);
  await show(emb);
  await screenshot(page, 'embeddings-pca', { target: emb });
  expect(pageErrors).toEqual([]);
}, 600000);

test('feature chosen in the PDP view recomputes the curves', async () => {
  const pdp = output(C.pdp).locator('.tslit-pdp-view');
  const before = Number(await pdp.getAttribute('data-figure'));
  await pdp.locator('.tslit-control-feature select').selectOption('Island');
  await page.waitForFunction(([el, n]) => Number((el as HTMLElement).dataset.figure) > n && (el as HTMLElement).dataset.status === 'done', [await pdp.elementHandle(), before] as const, { timeout: 60000 });
  await page.waitForTimeout(300);
  expect(await pdp.locator('.xtick text').allTextContents()).toEqual(['Biscoe', 'Dream', 'Torgersen']);
  await show(pdp);
  await screenshot(page, 'pdp-view-island', { target: pdp });
}, 120000);

test('clicking a point in the scalar plot selects it in the session; the projector highlights it; clicking in the projector selects too', async () => {
  const sp = output(C.scalar).locator('.tslit-scalar-view');
  const id = await clickIsolatedPoint(sp);
  await sp.locator('.legendtext', { hasText: 'selected' }).waitFor({ timeout: 20000 });
  await waitForKernelIdle(page);
  await runCodeCell(page, C.readback);
  expect(jsonLine(await cellOutputText(page, C.readback)).selection).toEqual([id]);
  const emb = output(C.emb).locator('.tslit-embeddings-view');
  await emb.locator('.legendtext', { hasText: 'selected' }).waitFor({ timeout: 20000 });
  await show(sp);
  await screenshot(page, 'scalar-plot-selected', { target: sp });

  const id2 = await clickIsolatedPoint(emb);
  await page.waitForFunction(([el, want]) => {
    const gd = (el as HTMLElement).querySelector('.js-plotly-plot') as unknown as { data?: { name: string; customdata: string[] }[] } | null;
    const sel = gd?.data?.find((t) => t.name === 'selected');
    return sel !== undefined && sel.customdata.length === 1 && sel.customdata[0] === want;
  }, [await emb.elementHandle(), id2] as const, { timeout: 20000 });
  await waitForKernelIdle(page);
  await runCodeCell(page, C.readback);
  expect(jsonLine(await cellOutputText(page, C.readback)).selection).toEqual([id2]);
}, 120000);

test('UMAP chosen in the projector view recomputes with progress', async () => {
  const emb = output(C.emb).locator('.tslit-embeddings-view');
  const before = Number(await emb.getAttribute('data-figure'));
  await emb.locator('.tslit-control-method select').selectOption('umap');
  await page.waitForFunction(([el, n]) => Number((el as HTMLElement).dataset.figure) > n && (el as HTMLElement).dataset.status === 'done', [await emb.elementHandle(), before] as const, { timeout: 120000 });
  await page.waitForTimeout(300);
  expect(await emb.locator('.g-xtitle').textContent()).toBe('UMAP 1');
  await show(emb);
  await screenshot(page, 'embeddings-umap', { target: emb });
  await runCodeCell(page, C.readback);
  const read = jsonLine(await cellOutputText(page, C.readback));
  expect(read.method).toBe('umap');
  expect(read.ratio).toEqual([]);
}, 180000);

test('a long sweep shows progress, another cell runs meanwhile, Cancel stops it', async () => {
  await runCodeCell(page, C.slow, 60000);
  const slow = output(C.slow).locator('.tslit-pdp-view');
  const cancel = slow.locator('.tslit-progress .tslit-cancel');
  await cancel.waitFor({ state: 'visible', timeout: 60000 });
  await page.waitForFunction((el) => /^[1-9]\d* \/ 10260$/.test((el as HTMLElement).querySelector('.tslit-progress-count')?.textContent ?? ''), await slow.elementHandle(), { timeout: 30000 });
  // The kernel is free while the sweep runs: the next cell executes and sees it running.
  await runCodeCell(page, C.alive, 30000);
  const alive = jsonLine(await cellOutputText(page, C.alive));
  expect(alive.status).toBe('running');
  expect((alive.progress as { done: number; total: number }).total).toBe(342 * 30);
  expect(await slow.locator('.tslit-progress-label').textContent()).toBe('Partial dependence on Body Mass (g)');
  await show(slow);
  await screenshot(page, 'progress-running', { target: slow, mask: [slow.locator('.tslit-progress-count'), slow.locator('.tslit-progress progress')] });
  const doneBefore = (alive.progress as { done: number }).done;

  await cancel.click();
  await waitStatus(slow, 'cancelled', 30000);
  expect(await slow.locator('.tslit-progress').isHidden()).toBe(true);
  expect(await slow.locator('.tslit-progress-status').textContent()).toBe('Cancelled');
  await runCodeCell(page, C.slowReadback, 30000);
  const after = jsonLine(await cellOutputText(page, C.slowReadback));
  expect(after).toEqual({ status: 'cancelled', progress: null, figure: false });
  expect(await slow.locator('.tslit-plot').isHidden()).toBe(true); // no "Loading plot…" for a plot that is not coming
  // Progress stopped: a while later the state is unchanged.
  await page.waitForTimeout(1500);
  await runCodeCell(page, C.slowReadback, 30000);
  expect(jsonLine(await cellOutputText(page, C.slowReadback))).toEqual(after);
  expect(doneBefore).toBeLessThan(342 * 30);
  await show(slow);
  await screenshot(page, 'progress-cancelled', { target: slow });
  expect(pageErrors).toEqual([]);
}, 180000);

test('the three plots export from code (SVG and PNG written beside the notebook)', async () => {
  await runCodeCell(page, C.exports, 120000);
  const text = await cellOutputText(page, C.exports);
  const line = text.split('\n').find((l) => l.trim().startsWith('['));
  if (!line) throw new Error(`no export paths in: ${text}`);
  const [svg, png, svg2] = JSON.parse(line) as string[];
  expect(svg).toBe(path.join(lab.rootDir, 'pdp.svg'));
  expect(fs.readFileSync(svg, 'utf8')).toContain('Partial dependence of P(Gentoo)');
  expect(fs.readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(fs.readFileSync(svg2, 'utf8')).toContain('UMAP of standardised numeric features');
}, 180000);

test('minimal-change counterfactuals: every feature may be held fixed, and only the numeric ones take a min/max range', async () => {
  await runCodeCell(page, C.counterfactuals, 120000);
  const rows = output(C.counterfactuals).locator('.tslit-counterfactuals .tslit-cf-vary-feature');
  await rows.first().waitFor({ timeout: 60000 });
  const shown = await rows.evaluateAll((els) => els.map((el) => ({
    feature: (el as HTMLElement).dataset.feature,
    checkbox: el.querySelectorAll('input[type=checkbox]').length,
    range: el.querySelectorAll('input[type=number]').length,
  })));
  expect(shown.find((r) => r.feature === 'Island')).toEqual({ feature: 'Island', checkbox: 1, range: 0 });
  expect(shown.filter((r) => r.feature !== 'Island').map((r) => [r.checkbox, r.range])).toEqual([[1, 2], [1, 2], [1, 2], [1, 2]]);
  expect(pageErrors).toEqual([]);
}, 180000);
