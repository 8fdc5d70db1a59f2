/**
 * The whole path in a real browser: JupyterLab 4 from .venv, the tslit kernel, the tslit
 * labextension, Debian's Chromium. Opens notebooks/prediction-widget.ipynb, runs it, sees the
 * prediction widget render, types a new input, sees a new prediction, reads the input back
 * from the next cell, reloads and sees the widget come back live.
 *
 * Notes: the steps share one Lab and one page and run in order. Screenshots go to
 * test/browser/__screenshots__/.
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import {
  REPO, cellOutputText, launchBrowser, openNotebook, runAllCells, runCodeCell, saveNotebook, screenshot, startLab, waitForKernelIdle, type Lab,
} from './lab-harness';

const NOTEBOOK = 'prediction-widget.ipynb';
const WIDGET_CELL = 2; // code cells: imports, model, widget, read-back
const READBACK_CELL = 3;
const VIEW = '.jp-NotebookPanel .tslit-prediction';

let lab: Lab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startLab({ notebooks: [path.join(REPO, 'notebooks', NOTEBOOK)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /tslit/i.test(m.text())) pageErrors.push(m.text());
  });
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

/** The numbers the bars show, e.g. [99.9, 0.1]. */
async function shownPercents(): Promise<number[]> {
  const texts = await page.locator(`${VIEW} .tslit-bar-value`).allTextContents();
  return texts.map((t) => Number.parseFloat(t));
}

test('the widget renders with a prediction for the initial input', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runAllCells(page);
  const view = page.locator(VIEW);
  await view.waitFor({ timeout: 60000 });
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-predicted-for') !== '' && document.querySelector(sel)?.getAttribute('data-predicted-for') != null, VIEW, { timeout: 60000 });
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'prediction-widget-rendered');

  const outputs = (await cellOutputText(page, WIDGET_CELL)) ?? '';
  expect(outputs).not.toContain('Loading widget');
  expect(await page.locator('.jp-NotebookPanel .tslit-error').count()).toBe(0);
  expect(await view.locator('textarea').inputValue()).toBe('Win a free prize: click now');
  expect(await view.getAttribute('data-predicted-for')).toBe('Win a free prize: click now');
  expect(await view.locator('.tslit-bar-label').allTextContents()).toEqual(['ham', 'spam']);
  expect((await view.locator('.tslit-predicted-label').textContent())?.trim()).toBe('spam');
  const percents = await shownPercents();
  expect(percents).toHaveLength(2);
  expect(percents[0] + percents[1]).toBeCloseTo(100, 0);
}, 300000);

const EDITED = 'see you at the meeting tomorrow for lunch, thanks';

test('typing a new input shows a new prediction', async () => {
  const view = page.locator(VIEW);
  const before = await shownPercents();
  const textarea = view.locator('textarea');
  await textarea.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(EDITED, { delay: 5 });
  await page.waitForFunction(({ sel, text }) => document.querySelector(sel)?.getAttribute('data-predicted-for') === text, { sel: VIEW, text: EDITED }, { timeout: 30000 });
  await screenshot(page, 'prediction-widget-edited');
  const after = await shownPercents();
  expect(after).not.toEqual(before);
  expect((await view.locator('.tslit-predicted-label').textContent())?.trim()).toBe('ham');
  expect(await page.locator('.jp-NotebookPanel .tslit-error').count()).toBe(0);
}, 120000);

test('the next cell reads the edited input from the kernel-side widget', async () => {
  await waitForKernelIdle(page);
  await runCodeCell(page, READBACK_CELL);
  const text = await cellOutputText(page, READBACK_CELL);
  const line = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  const read = JSON.parse(line) as { input: string; predicted: string };
  expect(read.input).toBe(EDITED);
  expect(read.predicted).toBe('ham');
}, 120000);

test('after a page reload the widget comes back from the kernel and stays live', async () => {
  await saveNotebook(page);
  await page.reload();
  await page.locator('.jp-NotebookPanel .jp-Notebook').first().waitFor({ timeout: 120000 });
  await waitForKernelIdle(page);
  const view = page.locator(VIEW);
  await view.waitFor({ timeout: 60000 });
  await page.waitForFunction(({ sel, text }) => document.querySelector(sel)?.getAttribute('data-predicted-for') === text, { sel: VIEW, text: EDITED }, { timeout: 60000 });
  expect(await view.locator('textarea').inputValue()).toBe(EDITED);
  expect(await cellOutputText(page, WIDGET_CELL)).not.toContain('Loading widget');
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'prediction-widget-reloaded');

  // Live, not a saved snapshot: a new edit still reaches the kernel and comes back.
  const again = 'free money, click to win';
  await view.locator('textarea').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(again, { delay: 5 });
  await page.waitForFunction(({ sel, text }) => document.querySelector(sel)?.getAttribute('data-predicted-for') === text, { sel: VIEW, text: again }, { timeout: 30000 });
  expect((await view.locator('.tslit-predicted-label').textContent())?.trim()).toBe('spam');
  expect(pageErrors).toEqual([]);
}, 300000);
