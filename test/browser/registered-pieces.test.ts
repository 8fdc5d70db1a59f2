/**
 * Pieces registered from a cell (issue 14 item 3) in a real JupyterLab + Chromium: a
 * registered salience method in the salience view (its label in the list, its parameter as a
 * control that recomputes), a registered metric as a metrics-table column, and custom views
 * whose ES module is imported in the browser — one lists the selected examples (strings
 * shown as text, never run) and selects another row through the session (read back from the
 * kernel, and followed by the salience view), one throws in render and shows an error box
 * naming it while every other view goes on, and a replaced module re-renders.
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runCodeCell, startLab, type Lab } from './lab-harness';
import { writeNotebook } from './notebook-file';

const ROWS = [
  { text: 'win a free prize now click here to claim your cash', label: 'spam' },
  { text: 'see you at the meeting tomorrow I will bring the report', label: 'ham' },
  { text: '<img src=x onerror="window.__pwned=1"> free cash', label: 'spam' },
];
/** Lists the selected examples' text and offers a button per dataset row to select it. */
const PICKER = `export function render({ model, el }) {
  const list = document.createElement('ul');
  const buttons = document.createElement('div');
  for (const id of ['0', '1', '2']) {
    const b = document.createElement('button');
    b.className = 'pick'; b.dataset.id = id; b.textContent = 'select ' + id;
    b.onclick = () => { model.set('selection', [id]); model.save_changes(); };
    buttons.append(b);
  }
  const draw = () => {
    list.replaceChildren(...model.get('examples').map((e) => { const li = document.createElement('li'); li.textContent = e.values.text; return li; }));
    el.dataset.selection = model.get('selection').join(',');
  };
  model.on('change:examples', draw);
  draw();
  el.append(buttons, list);
  return () => { el.dataset.cleaned = 'yes'; };
}`;
const CELLS = [
  `import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { fromRecords } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { salience } from 'tslit/lib/widgets/salience';
import { metricsTable } from 'tslit/lib/widgets/metrics/metrics-table';
import { customView } from 'tslit/lib/widgets/registry/custom-view';
import { counterfactuals } from 'tslit/lib/widgets/counterfactuals';
await initBackend(['wasm', 'cpu']);
const spam = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'spam'))});
const data = fromRecords(${JSON.stringify(ROWS)});
const s = session({ models: { spam }, datasets: { data } });
s.registry.addSalienceMethod({
  name: 'leave_one_out', label: 'Leave one word out',
  params: [{ name: 'scale', kind: 'number', default: 1, min: 0.1, max: 100 }],
  async explain(model, example, { params, signal }) {
    const words = String(example.text).split(/\\s+/).filter(Boolean);
    const preds = await model.predict([example, ...words.map((_, i) => ({ ...example, text: words.filter((__, j) => j !== i).join(' ') }))], { signal });
    const p = preds.map((q) => q.probas as number[]);
    const c = p[0].indexOf(Math.max(...p[0]));
    return { labels: words, scores: p.slice(1).map((q) => (p[0][c] - q[c]) * Number(params.scale)) };
  },
});
s.registry.addMetric({ name: 'spamShare', label: 'Spam share', compute: (labels, p) => p.predicted.filter((c) => p.classes[c] === 'spam').length / Math.max(labels.length, 1) });
s.registry.addGenerator({
  name: 'shout', label: 'Shout it',
  params: [{ name: 'marks', kind: 'number', default: 3, min: 1, max: 10, integer: true }],
  generate: (_m, e, { params }) => [{ ...e, text: String(e.text).toUpperCase() }, { ...e, text: String(e.text) + '!'.repeat(Number(params.marks)) }, { ...e }],
});
s.registry.addView({ name: 'picker', esm: ${JSON.stringify(PICKER)} });
s.registry.addView({ name: 'broken', esm: 'export function render() { throw new Error("my view broke"); }' });
s.select(['0']);`,
  `const sal = salience(s, { salienceMethod: 'leave_one_out' });
sal`,
  `metricsTable(s)`,
  `customView(s, 'picker')`,
  `customView(s, 'broken')`,
  `console.log(JSON.stringify({ selection: s.selection, primary: s.primary, salienceFor: sal.state.exampleId, pwned: false }));`,
  `const cf = counterfactuals(s, { generator: 'shout' });
cf`,
  `s.registry.addView({ name: 'picker', esm: 'export default { render({ el }) { el.textContent = "version two"; } }' }, { replace: true });`,
];
const C = { setup: 0, salience: 1, metrics: 2, picker: 3, broken: 4, readback: 5, generator: 6, replace: 7 };
const output = (page: Page, i: number) => page.locator('.jp-NotebookPanel .jp-CodeCell').nth(i).locator('.jp-OutputArea');

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook('registered-pieces.ipynb', CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

test('a registered salience method is listed by its label, its parameter is a control, and changing it recomputes', async () => {
  await openNotebook(page, lab, 'registered-pieces.ipynb');
  await runCodeCell(page, C.setup, 300000);
  await runCodeCell(page, C.salience, 60000);
  const view = output(page, C.salience).locator('.tslit-salience');
  await page.waitForFunction((el) => /leave_one_out/.test((el as HTMLElement).dataset.computedFor ?? ''), await view.elementHandle(), { timeout: 60000 });
  expect(await view.locator('.tslit-sal-method option:checked').textContent()).toBe('Leave one word out');
  expect(await view.locator('.tslit-token').allTextContents()).toEqual(ROWS[0].text.split(' '));
  const scale = view.locator('.tslit-param[data-param="scale"] input');
  expect(await scale.inputValue()).toBe('1');
  await scale.fill('10');
  await scale.press('Enter');
  await page.waitForFunction((el) => /"scale":10/.test((el as HTMLElement).dataset.computedFor ?? ''), await view.elementHandle(), { timeout: 60000 });
}, 480000);

test('a registered metric is a column of the metrics table', async () => {
  await runCodeCell(page, C.metrics, 120000);
  const cell = output(page, C.metrics).locator('td[data-metric="spamShare"]').first();
  await cell.waitFor({ timeout: 60000 });
  expect(await output(page, C.metrics).locator('th', { hasText: 'Spam share' }).count()).toBeGreaterThan(0);
  expect(Number(await cell.textContent())).toBeGreaterThan(0);
}, 180000);

test('a custom view renders the selected examples as text and selects through the session; a broken one shows its error while the others go on', async () => {
  await runCodeCell(page, C.picker, 60000);
  const picker = output(page, C.picker).locator('.tslit-custom-view');
  await picker.locator('li').first().waitFor({ timeout: 60000 });
  expect(await picker.getAttribute('data-status')).toBe('rendered');
  expect(await picker.locator('li').allTextContents()).toEqual([ROWS[0].text]);
  await picker.locator('button.pick[data-id="2"]').click();
  await page.waitForFunction((el) => (el as HTMLElement).querySelector('.tslit-custom-view-body')?.getAttribute('data-selection') === '2', await picker.elementHandle(), { timeout: 30000 });
  // The hostile text is shown as text, and nothing of it ran.
  expect(await picker.locator('li').allTextContents()).toEqual([ROWS[2].text]);
  expect(await picker.locator('img').count()).toBe(0);
  const sal = output(page, C.salience).locator('.tslit-salience');
  await page.waitForFunction((el) => (el as HTMLElement).querySelectorAll('.tslit-token').length === 5, await sal.elementHandle(), { timeout: 60000 });

  await runCodeCell(page, C.broken, 60000);
  const broken = output(page, C.broken).locator('.tslit-custom-view');
  await broken.locator('.tslit-error').waitFor({ timeout: 30000 });
  expect(await broken.locator('.tslit-error strong').textContent()).toBe("custom view 'broken' failed");
  expect(await broken.locator('.tslit-error-message').textContent()).toMatch(/my view broke/);
  // The picker still works after the broken view failed.
  await picker.locator('button.pick[data-id="1"]').click();
  await page.waitForFunction((el) => (el as HTMLElement).querySelector('.tslit-custom-view-body')?.getAttribute('data-selection') === '1', await picker.elementHandle(), { timeout: 30000 });
  await runCodeCell(page, C.readback, 30000);
  const read = JSON.parse((await cellOutputText(page, C.readback)).split('\n').find((l) => l.startsWith('{'))!);
  expect(read).toEqual({ selection: ['1'], primary: '1', salienceFor: '1', pwned: false });
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}, 300000);

test('a registered generator is listed by its label with its parameter; Run uses the value set there, its copy of the original dropped', async () => {
  await runCodeCell(page, C.generator, 60000);
  const view = output(page, C.generator).locator('.tslit-counterfactuals');
  await view.waitFor({ timeout: 60000 });
  expect(await view.locator('.tslit-cf-generator option:checked').textContent()).toBe('Shout it');
  const marks = view.locator('.tslit-param[data-param="marks"] input');
  expect(await marks.inputValue()).toBe('3');
  await marks.fill('5');
  await marks.press('Enter');
  await view.locator('.tslit-cf-run').click();
  await view.locator('.tslit-cf-item').nth(1).waitFor({ timeout: 60000 });
  const texts = await view.locator('.tslit-cf-item .tslit-cf-text').allTextContents();
  expect(texts).toHaveLength(2);
  // The list shows each candidate as a diff of the original (removed and added words both in its text).
  expect(texts.some((t) => /report!!!!!$/.test(t))).toBe(true);
  expect(texts.some((t) => t.includes('SEE YOU AT THE MEETING'))).toBe(true);
}, 120000);

test('replacing the registered module re-renders the view with the new one (the old one cleaned up)', async () => {
  const picker = output(page, C.picker).locator('.tslit-custom-view');
  await runCodeCell(page, C.replace, 30000);
  await page.waitForFunction((el) => (el as HTMLElement).textContent === 'version two', await picker.locator('.tslit-custom-view-body').elementHandle(), { timeout: 30000 });
  expect(await picker.locator('.tslit-custom-view-body').getAttribute('data-cleaned')).toBe('yes');
  expect(pageErrors).toEqual([]);
}, 120000);
