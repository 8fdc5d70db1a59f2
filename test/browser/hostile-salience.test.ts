/**
 * Hostile strings in the salience (incl. its rows panel), predictions and counterfactual views: 24 payloads (script
 * tags, event-handler attributes, `javascript:` URLs, SVG onload, CSS injection, template
 * injection) as words of the examples, as a model name and as a class name. They must show as
 * the characters they are, and none may run: every payload sets `window.__pwned`, alerts are
 * counted, and no element named by a payload (script, img, svg, iframe, ...) may appear
 * inside the views.
 *
 * Notes: the model is the real spam model behind a plain predict function, so salience is
 * black-box (LIME/occlusion over whitespace words) and each word shown is a payload verbatim.
 */
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { REPO, launchBrowser, openNotebook, runAllCells, screenshot, startLab, type Lab } from './lab-harness';
import { writeNotebook } from './notebook-file';

export const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img/src=x/onerror=window.__pwned=2>',
  '<svg/onload=window.__pwned=3>',
  'javascript:window.__pwned=4',
  '<a/href="javascript:window.__pwned=5">x</a>',
  '<iframe/src="javascript:window.__pwned=6"></iframe>',
  '<body/onload=window.__pwned=7>',
  '<style>*{background:url(javascript:window.__pwned=8)}</style>',
  '<div/style="background-image:url(javascript:window.__pwned=9)">x</div>',
  '"><script>window.__pwned=10</script>',
  "'><img/src=x/onerror=window.__pwned=11>",
  '<details/open/ontoggle=window.__pwned=12>',
  '<video><source/onerror=window.__pwned=13></video>',
  '<input/autofocus/onfocus=window.__pwned=14>',
  '<marquee/onstart=window.__pwned=15>x</marquee>',
  '<object/data="javascript:window.__pwned=16"></object>',
  '<math><mtext><img/src=x/onerror=window.__pwned=17></mtext></math>',
  '<svg><animate/onbegin=window.__pwned=18/attributeName=x/dur=1s/></svg>',
  '<link/rel=stylesheet/href="javascript:window.__pwned=19">',
  "{{constructor.constructor('window.__pwned=20')()}}",
  '<img/src=x/onerror=alert(21)>',
  '</textarea><script>window.__pwned=22</script>',
  "<style>@import'javascript:window.__pwned=23';</style>",
  '<scr<script>ipt>window.__pwned=24</scr</script>ipt>',
];

// Six payloads per message, with plain words between them so the model sees some text.
const MESSAGES = Array.from({ length: 4 }, (_, k) => PAYLOADS.slice(k * 6, k * 6 + 6).map((p, i) => `${p} ${['free', 'win', 'prize', 'meeting', 'cash', 'report'][i]}`).join(' '));
const HOSTILE_MODEL = '<img/src=x/onerror=window.__pwned=100>';
const CELLS = [
  `import type { Example, Prediction } from 'tslit/lib/core/spec';
import { initBackend } from 'tslit/lib/model/backend';
import { loadModel } from 'tslit/lib/model/load-model';
import { fromRecords } from 'tslit/lib/model/dataset';
import { session } from 'tslit/lib/widgets/session';
import { salience } from 'tslit/lib/widgets/salience';
import { predictions } from 'tslit/lib/widgets/prediction/predictions';
import { counterfactuals } from 'tslit/lib/widgets/counterfactuals';
await initBackend(['wasm', 'cpu']);`,
  `const spam = await loadModel(${JSON.stringify(path.join(REPO, 'models', 'spam'))});
const classes = ['ham', ${JSON.stringify(PAYLOADS[2])}];
const blackBox = {
  name: 'black-box spam',
  inputSpec: () => spam.inputSpec(),
  outputSpec: () => ({ probas: { kind: 'MulticlassPreds' as const, vocab: classes } }),
  predict: (examples: readonly Example[]) => spam.predict(examples),
};
const data = fromRecords(${JSON.stringify(MESSAGES.map((text) => ({ text })))});
const s = session({ models: { [${JSON.stringify(HOSTILE_MODEL)}]: blackBox }, datasets: { data } });
s.select(['0']);`,
  `const sal = salience(s, { salienceMethod: 'occlusion' });
sal`,
  `const preds = predictions(s);
preds`,
  `const cf = counterfactuals(s, { generator: 'scrambler', count: 3 });
cf`,
];
const SAL = '.jp-NotebookPanel .tslit-salience';
const CF = '.jp-NotebookPanel .tslit-counterfactuals';
const VIEWS = '.jp-NotebookPanel .tslit-salience, .jp-NotebookPanel .tslit-predictions, .jp-NotebookPanel .tslit-counterfactuals';
const FORBIDDEN = 'script, img, svg, iframe, object, video, source, style, link, math, details, marquee, a, body, input[autofocus]';

let lab: Lab;
let browser: Browser;
let page: Page;
let dialogs = 0;

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook('hostile-salience.ipynb', CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.addInitScript(() => {
    (window as unknown as { __pwned: number }).__pwned = 0;
  });
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function pwned(): Promise<number> {
  return page.evaluate(() => (window as unknown as { __pwned: number }).__pwned);
}

/** Elements inside the views that a payload could have created: its tags, or any on* handler, or a javascript: URL in a URL or style attribute (a title may hold the text). */
async function injected(): Promise<string[]> {
  return page.evaluate(({ views, forbidden }) => Array.from(document.querySelectorAll(views)).flatMap((v) => Array.from(v.querySelectorAll('*'))
    .filter((e) => e.matches(forbidden) || Array.from(e.attributes).some((a) => /^on/i.test(a.name) || (/^(href|src|action|formaction|data|xlink:href|style|background)$/i.test(a.name) && /javascript:/i.test(a.value))))
    .map((e) => e.outerHTML.slice(0, 80))), { views: VIEWS, forbidden: FORBIDDEN });
}

test('hostile words, model and class names show as text in the salience and predictions views, and none runs', async () => {
  await openNotebook(page, lab, 'hostile-salience.ipynb');
  await runAllCells(page);
  for (const [row, message] of MESSAGES.entries()) {
    if (row > 0) {
      // Select the next hostile message through the view's text box: an edit of the shown example.
      await page.locator(`${SAL} textarea.tslit-sal-text`).fill(message);
    }
    await page.waitForFunction(({ sel, text }) => document.querySelector(sel)?.getAttribute('data-computed-for')?.includes('occlusion') && Array.from(document.querySelectorAll(`${sel} .tslit-token`)).map((e) => e.textContent).join(' ') === text, { sel: SAL, text: message }, { timeout: 60000 });
  }
  const allTokens = (await page.locator(`${SAL} .tslit-token`).allTextContents()).join(' ');
  expect(allTokens).toBe(MESSAGES[MESSAGES.length - 1]);
  // The model name (select option, predictions header) and the hostile class name are text.
  expect(await page.locator('.jp-NotebookPanel .tslit-predictions .tslit-pred-model').first().textContent()).toBe(HOSTILE_MODEL);
  expect(await page.locator('.jp-NotebookPanel .tslit-predictions .tslit-bar-label').allTextContents()).toEqual(['ham', PAYLOADS[2]]);
  expect(await page.locator(`${SAL} select.tslit-sal-target option`).allTextContents()).toContain(PAYLOADS[2]);
  await page.waitForTimeout(500); // give any injected handler (onerror, onload, animations) time to fire
  expect(await injected()).toEqual([]);
  expect(await pwned()).toBe(0);
  expect(dialogs).toBe(0);
  await page.locator(SAL).scrollIntoViewIfNeeded();
  await screenshot(page, 'hostile-salience', { target: page.locator(SAL) });
}, 300000);

test('hostile words in the counterfactual list (original and scrambled texts) show as text, and none runs', async () => {
  await page.locator(`${CF} .tslit-cf-run`).click();
  await page.waitForFunction((sel) => (document.querySelector(sel)?.getAttribute('data-ran-for') ?? '').includes('scrambler'), CF, { timeout: 60000 });
  const original = await page.locator(`${CF} .tslit-cf-original .tslit-cf-text`).textContent();
  expect(original).toBe(MESSAGES[MESSAGES.length - 1]);
  const items = await page.locator(`${CF} .tslit-cf-item .tslit-cf-text`).allTextContents();
  expect(items.length).toBeGreaterThan(0);
  for (const text of items) {
    // A scramble keeps the words: every payload of the message is still there, verbatim.
    const words = text.split(/\s+/).filter((w) => w !== '');
    for (const p of PAYLOADS.slice(18, 24)) expect(words).toContain(p);
  }
  await page.waitForTimeout(500);
  expect(await injected()).toEqual([]);
  expect(await pwned()).toBe(0);
  expect(dialogs).toBe(0);
  await page.locator(CF).scrollIntoViewIfNeeded();
  await screenshot(page, 'hostile-counterfactuals', { target: page.locator(CF) });
}, 120000);

test('hostile words in the salience rows panel (aggregate tokens, row list, a row\'s tokens) show as text, and none runs', async () => {
  // Last: the filled panel makes the salience view taller and moves the views below it.
  const panel = `${SAL} .tslit-sal-rows`;
  await page.locator(`${panel} .tslit-sal-rows-dataset`).click();
  await page.waitForFunction((sel) => (document.querySelector(sel)?.getAttribute('data-rows-for') ?? '') !== '', panel, { timeout: 120000 });
  const words = new Set(MESSAGES.join(' ').split(/\s+/));
  const aggregate = await page.locator(`${panel} .tslit-sal-agg .tslit-sal-bar-label`).allTextContents();
  expect(aggregate).toHaveLength(20); // the top 20 of the messages' 30 distinct words
  for (const token of aggregate) expect(words.has(token) ? token : `not a word of the data: ${token}`).toBe(token);
  expect(aggregate.filter((t) => PAYLOADS.includes(t)).length).toBeGreaterThan(0);
  expect(await page.locator(`${panel} select.tslit-sal-row-select option`).allTextContents()).toHaveLength(MESSAGES.length);
  await page.locator(`${panel} select.tslit-sal-row-select`).selectOption(String(MESSAGES.length - 1));
  const rowTokens = (await page.locator(`${panel} .tslit-sal-row-result .tslit-token`).allTextContents()).join(' ');
  expect(rowTokens).toBe(MESSAGES[MESSAGES.length - 1]);
  expect(await page.locator(`${panel} .tslit-sal-row-note`).textContent()).toMatch(/^Row \d+: predicted /);
  await page.waitForTimeout(500);
  expect(await injected()).toEqual([]);
  expect(await pwned()).toBe(0);
  expect(dialogs).toBe(0);
}, 180000);
