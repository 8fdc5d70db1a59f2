/**
 * Saved notebooks stay readable without tslit. In a real JupyterLab (widget state saved
 * automatically, as the project's overrides.json sets), a notebook with a prediction widget
 * and a plot is run, edited after display, and saved. Then:
 * - the saved widget state holds no tslit model, only HTML widgets with the views' current
 *   pictures (the edit made after display included);
 * - `jupyter nbconvert --to html` of that file, opened in Chromium with no network, renders
 *   the pictures through ipywidgets' own page renderer (loaded from local copies of
 *   @jupyter-widgets/html-manager and require.js, as nbconvert's options allow offline);
 *   hostile text from the data stays text;
 * - reopened in JupyterLab after the kernel is gone, the outputs show the pictures instead of
 *   "Error displaying widget: model not found".
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { CURRENT, REPO, launchBrowser, menu, openNotebook, runAllCells, saveNotebook, screenshot, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { writeNotebook } from './notebook-file';
import { TRAP_SCRIPT } from './hostile-payloads';

const NOTEBOOK = 'saved-state.ipynb';
const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"> word scores';
const EDITED = 'Lunch tomorrow? The project report is attached.';
const CELLS = [
  "import * as path from 'path';\nimport { loadModel } from 'tslit/lib/model';\nimport { predictionWidget } from 'tslit/lib/widgets/prediction/prediction';\nimport { plotWidget } from 'tslit/lib/widgets/plots/plot-widget';",
  "const spam = await loadModel(path.join(path.dirname(require.resolve('tslit/package.json')), 'models', 'spam'));\nconst w = predictionWidget(spam, { field: 'text', initial: 'Win a free prize now' });\nawait w.settled();\nw",
  `const p = plotWidget({ data: [{ type: 'bar', x: ['free', 'prize', 'lunch'], y: [0.9, 0.7, -0.4] }], layout: { title: { text: ${JSON.stringify(HOSTILE_TITLE)} } } });\np`,
  `w.input = ${JSON.stringify(EDITED)};\nawait w.settled();\nconsole.log(w.state.predicted);`,
];

let lab: Lab;
let browser: Browser;
let page: Page;
let savedFile = '';

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook(NOTEBOOK, CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  savedFile = path.join(lab.rootDir, NOTEBOOK);
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

interface SavedEntry { model_name: string; model_module: string; state: Record<string, unknown> }
type Output = { data?: Record<string, unknown> };

function saved(): { widgets: Record<string, SavedEntry>; outputs: Output[][] } {
  const nb = JSON.parse(fs.readFileSync(savedFile, 'utf8')) as { metadata: { widgets?: Record<string, { state: Record<string, SavedEntry> }> }; cells: { outputs?: Output[] }[] };
  return { widgets: nb.metadata.widgets?.['application/vnd.jupyter.widget-state+json']?.state ?? {}, outputs: nb.cells.map((c) => c.outputs ?? []) };
}

function modelIdOf(outputs: Output[]): string {
  const view = outputs.map((o) => o.data?.['application/vnd.jupyter.widget-view+json'] as { model_id?: string } | undefined).find((v) => v?.model_id);
  if (!view?.model_id) throw new Error('no widget output in that cell');
  return view.model_id;
}

test('saving writes the views as HTML widgets with their current pictures', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runAllCells(page);
  await page.locator(`${CURRENT} .tslit-prediction`).waitFor({ timeout: 60000 });
  await page.locator(`${CURRENT} .tslit-plot-view .main-svg`).first().waitFor({ timeout: 60000 });
  await waitForKernelIdle(page);
  await saveNotebook(page);

  const { widgets, outputs } = saved();
  const modules = Object.values(widgets).map((e) => e.model_module);
  expect(modules.length).toBeGreaterThanOrEqual(2);
  expect(modules).not.toContain('tslit');
  const prediction = widgets[modelIdOf(outputs[1])];
  expect(prediction.model_name).toBe('HTMLModel');
  // The picture is of the state at save time: the input set from the kernel after display.
  expect(prediction.state.value).toContain(EDITED);
  // ...while the output's own fallback, made at display time, shows the first input.
  expect(String((outputs[1].find((o) => o.data?.['text/html'])?.data?.['text/html'] as string[] | string))).toContain('Win a free prize now');
  const plot = widgets[modelIdOf(outputs[2])];
  expect(plot.state.value).toContain('<svg');
  expect(plot.state.value).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; word scores');
}, 300000);

test('nbconvert HTML of the saved notebook shows the pictures, offline, with data as text', async () => {
  const out = path.join(REPO, '.test-results', 'nbconvert-saved-state');
  fs.rmSync(out, { recursive: true, force: true });
  const local = (p: string) => pathToFileURL(path.join(REPO, 'node_modules', p)).href;
  execFileSync(path.join(REPO, '.venv', 'bin', 'jupyter'), [
    'nbconvert', '--to', 'html', savedFile, '--output-dir', out,
    `--HTMLExporter.require_js_url=${local('requirejs/require.js')}`,
    `--HTMLExporter.widget_renderer_url=${local('@jupyter-widgets/html-manager/dist/embed-amd.js')}`,
  ], { stdio: 'pipe' });
  const html = path.join(out, NOTEBOOK.replace('.ipynb', '.html'));
  const viewer = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  try {
    await viewer.addInitScript(TRAP_SCRIPT);
    await viewer.goto(pathToFileURL(html).href);
    const pictures = viewer.locator('.widget-html .tslit-static');
    await pictures.nth(1).waitFor({ timeout: 60000 });
    expect(await pictures.count()).toBe(2);
    expect(await pictures.first().textContent()).toContain(EDITED);
    expect(await viewer.locator('.widget-html svg.tslit-static-plot text').first().textContent()).toBe(HOSTILE_TITLE);
    expect(await viewer.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(0);
    await screenshot(viewer, 'saved-state-nbconvert');
  } finally {
    await viewer.close();
  }
}, 180000);

test('reopened on a new kernel, JupyterLab shows the saved pictures until the cells run again', async () => {
  await page.evaluate(async ({ url, token }) => {
    const sessions = await (await fetch(`${url}/api/sessions?token=${token}`)).json() as { id: string }[];
    for (const s of sessions) await fetch(`${url}/api/sessions/${s.id}?token=${token}`, { method: 'DELETE' });
  }, { url: lab.url, token: lab.token });
  await page.reload();
  await page.locator(`${CURRENT} .jp-Notebook`).first().waitFor({ timeout: 120000 });
  const pictures = page.locator(`${CURRENT} .widget-html .tslit-static`);
  await pictures.nth(1).waitFor({ timeout: 60000 });
  expect(await page.locator(`${CURRENT} .jp-OutputArea`).allTextContents()).not.toContainEqual(expect.stringContaining('model not found'));
  expect(await pictures.first().textContent()).toContain(EDITED);
  // Running the cells again brings the live views back.
  await waitForKernelIdle(page);
  await menu(page, 'Run', 'Run All Cells');
  await page.locator(`${CURRENT} .tslit-prediction`).waitFor({ timeout: 120000 });
}, 300000);
