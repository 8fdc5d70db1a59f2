/**
 * The whole path in a real browser: JupyterLab 4 from .venv, the tslit kernel, the tslit
 * labextension, Debian's Chromium. Opens notebooks/prediction-widget.ipynb (the spam model
 * from models/spam), runs it, sees the prediction widget render, types a new input, sees a
 * new prediction, reads the input back from the next cell, sees an empty input turn into an
 * error box and back, reloads and sees the widget come back live.
 *
 * Notes: the steps share one Lab and one page and run in order. Assertions do not depend on
 * what the model predicts, only on the path: the prediction shown belongs to the text typed,
 * the bars change, the predicted class is the largest bar, the kernel reads what was typed.
 * Screenshots are snapshots compared with test/browser/__screenshots__/ (see screenshot() in lab-harness.ts).
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import {
  CURRENT, REPO, cellOutputText, diagnosticScreenshot, launchBrowser, openNotebook, runAllCells, runCodeCell, saveNotebook, screenshot, startLab, waitForKernelIdle, type Lab,
} from './lab-harness';

const NOTEBOOK = 'prediction-widget.ipynb';
const WIDGET_CELL = 2; // code cells: imports, model, widget, read-back
const READBACK_CELL = 3;
const INITIAL = 'Congratulations! You have won a free prize. Click here now to claim your cash reward';
const EDITED = 'Hi Tom, see you at the project meeting tomorrow after lunch. Thanks for the report.';
const VIEW = `${CURRENT} .tslit-prediction`;

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

afterEach(async () => {
  // What the page showed at the end of each step, for diagnosing a failure (.test-results/screenshots/).
  const name = (expect.getState().currentTestName ?? 'step').replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  if (page) await diagnosticScreenshot(page, `prediction-widget-after-${name}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

/** The bars' percentages as shown, e.g. [99.9, 0.1]. */
async function shownPercents(): Promise<number[]> {
  const texts = await page.locator(`${VIEW} .tslit-bar-value`).allTextContents();
  return texts.map((t) => Number.parseFloat(t));
}

/** Waits until the view shows the prediction for `text`. */
async function waitForPredictionOf(text: string, timeout = 30000): Promise<void> {
  await page.waitForFunction(({ sel, text }) => document.querySelector(sel)?.getAttribute('data-predicted-for') === text, { sel: VIEW, text }, { timeout });
}

async function replaceInput(text: string): Promise<void> {
  await page.locator(`${VIEW} textarea`).click();
  await page.keyboard.press('Control+A');
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text, { delay: 2 });
}

/** Bars, labels and predicted class are consistent: two classes, sum 100 %, predicted = largest. */
async function expectConsistentPrediction(): Promise<number[]> {
  const view = page.locator(VIEW);
  const labels = await view.locator('.tslit-bar-label').allTextContents();
  const percents = await shownPercents();
  expect(labels).toEqual(['ham', 'spam']); // models/spam/tslit.json classes
  expect(percents[0] + percents[1]).toBeCloseTo(100, 0);
  const predicted = (await view.locator('.tslit-predicted-label').textContent())?.trim();
  expect(predicted).toBe(labels[percents.indexOf(Math.max(...percents))]);
  expect(await page.locator(`${CURRENT} .tslit-error`).count()).toBe(0);
  return percents;
}

test('the widget renders with a prediction for the initial input', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runAllCells(page);
  const view = page.locator(VIEW);
  await view.waitFor({ timeout: 60000 });
  await waitForPredictionOf(INITIAL, 60000);
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'prediction-widget-rendered', { target: page.locator(VIEW) });

  expect(await cellOutputText(page, WIDGET_CELL)).not.toContain('Loading widget');
  expect(await view.locator('textarea').inputValue()).toBe(INITIAL);
  await expectConsistentPrediction();
}, 300000);

let editedPercents: number[] = [];

test('typing a new input shows a new prediction', async () => {
  const before = await shownPercents();
  await replaceInput(EDITED);
  await waitForPredictionOf(EDITED);
  await screenshot(page, 'prediction-widget-edited', { target: page.locator(VIEW) });
  editedPercents = await expectConsistentPrediction();
  expect(editedPercents).not.toEqual(before);
}, 120000);

test('the next cell reads the edited input from the kernel-side widget', async () => {
  await waitForKernelIdle(page);
  await runCodeCell(page, READBACK_CELL);
  const text = await cellOutputText(page, READBACK_CELL);
  const read = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { input: string; predicted: string; probabilities: number[] };
  expect(read.input).toBe(EDITED);
  expect(read.predicted).toBe((await page.locator(`${VIEW} .tslit-predicted-label`).textContent())?.trim());
  expect(read.probabilities.map((p) => Number((p * 100).toFixed(1)))).toEqual(editedPercents);
}, 120000);

test('an empty input shows the kernel error in the view, and a new text clears it', async () => {
  await replaceInput('');
  const box = page.locator(`${VIEW} .tslit-error`);
  await box.waitFor({ timeout: 30000 });
  await box.scrollIntoViewIfNeeded();
  await screenshot(page, 'prediction-widget-error', { target: page.locator(VIEW) });
  expect(await box.textContent()).toContain("field 'text' is empty");
  expect(await page.locator(`${VIEW} .tslit-bar-row`).count()).toBe(0);
  await replaceInput(EDITED);
  await waitForPredictionOf(EDITED);
  await expectConsistentPrediction();
}, 120000);

test('after a page reload the widget comes back from the kernel and stays live', async () => {
  await saveNotebook(page);
  await page.reload();
  await page.locator(`${CURRENT} .jp-Notebook`).first().waitFor({ timeout: 120000 });
  await waitForKernelIdle(page);
  const view = page.locator(VIEW);
  await view.waitFor({ timeout: 60000 });
  await waitForPredictionOf(EDITED, 60000);
  expect(await view.locator('textarea').inputValue()).toBe(EDITED);
  expect(await cellOutputText(page, WIDGET_CELL)).not.toContain('Loading widget');
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'prediction-widget-reloaded', { target: page.locator(VIEW) });

  // Live, not a saved snapshot: a new edit still reaches the kernel and comes back.
  await replaceInput(INITIAL);
  await waitForPredictionOf(INITIAL);
  await expectConsistentPrediction();
  expect(pageErrors).toEqual([]);
}, 300000);

test('a shut-down kernel shows the view as disconnected and keeps what the person typed', async () => {
  const view = page.locator(VIEW);
  const unsent = 'typed while the kernel goes away <b>kept as text</b>';
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Kernel$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Shut Down Kernel$/ }).first().click();
  // JupyterLab asks for confirmation; accept it.
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor({ timeout: 10000 }).then(() => dialog.locator('.jp-mod-accept').click()).catch(() => undefined);
  await page.locator(`${CURRENT} .tslit-prediction.tslit-disconnected`).waitFor({ timeout: 60000 });
  await view.locator('textarea').fill(unsent);
  await view.scrollIntoViewIfNeeded();
  await screenshot(page, 'prediction-widget-disconnected', { target: page.locator(VIEW) });
  expect(await view.locator('textarea').inputValue()).toBe(unsent);
  const banner = await view.evaluate((el) => getComputedStyle(el, '::before').content);
  expect(banner).toContain('disconnected from the kernel');
  expect(pageErrors).toEqual([]);
}, 120000);
