/**
 * The data table and the datapoint editor in a real JupyterLab + Chromium, on a dataset of
 * hostile strings (values, category vocabulary, a field name, a class name): nothing runs,
 * every string shows literally; plus linked selection across cells (table in one cell, editor
 * in another, `session.selection` read in a third), the editor's edit round trip with a
 * refused number, "Add and compare", and the workspace laying out both views.
 */
import * as fs from 'fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { cellOutputText, launchBrowser, openNotebook, runAllCells, runCodeCell, screenshot, startLab, type Lab } from './lab-harness';
import { parseJsonLine, writeNotebook } from './notebook-file';
import { HOSTILE_FIELD, PAYLOADS, TRAP_SCRIPT } from './hostile-payloads';

const NOTEBOOK = 'hostile-table-editor.ipynb';
const CELLS = [
  `import { session } from 'tslit/lib/widgets/session';
import { dataTable } from 'tslit/lib/widgets/table/data-table';
import { datapointEditor } from 'tslit/lib/widgets/table/datapoint-editor';
import { workspace } from 'tslit/lib/widgets/workspace';
import { fromRecords } from 'tslit/lib/model/dataset';
import type { ModelAdapter } from 'tslit/lib/model/adapter';`,
  `const payloads: string[] = ${JSON.stringify(PAYLOADS)};
const hostileField: string = ${JSON.stringify(HOSTILE_FIELD)};
const records = payloads.map((p, i) => ({ text: p, amount: i * 3, colour: payloads[i % 5], [hostileField]: p }));
const data = fromRecords(records, { spec: { text: { kind: 'TextSegment' }, amount: { kind: 'Scalar' }, colour: { kind: 'CategoryLabel' }, [hostileField]: { kind: 'TextSegment' } } });
const model: ModelAdapter = {
  name: 'amount',
  inputSpec: () => ({ amount: { kind: 'Scalar' } }),
  outputSpec: () => ({ probas: { kind: 'MulticlassPreds', vocab: ['small', payloads[0]] } }),
  predict: async (ex) => ex.map((e) => { const p = Math.min(1, Math.max(0, Number(e.amount ?? 0) / 100)); return { probas: [1 - p, p] }; }),
};
const s = session({ models: { amount: model }, datasets: { hostile: data } });`,
  `dataTable(s, { height: 300 })`,
  `datapointEditor(s)`,
  `console.log(JSON.stringify({ selection: s.selection, primary: s.primary, pins: s.pins, edits: [...s.edits.entries()] }))`,
  `workspace(s, { table: { height: 200 } })`,
];
const TABLE_CELL = 2;
const EDITOR_CELL = 3;
const READ_CELL = 4;
const WORKSPACE_CELL = 5;
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;

let lab: Lab;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];

const cell = (k: number): Locator => page.locator('.jp-NotebookPanel .jp-CodeCell').nth(k);
const table = (): Locator => cell(TABLE_CELL).locator('.tslit-table');
const editor = (): Locator => cell(EDITOR_CELL).locator('.tslit-editor');

beforeAll(async () => {
  lab = await startLab({ notebooks: [writeNotebook(NOTEBOOK, CELLS)] });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.addInitScript(TRAP_SCRIPT);
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 180000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function cellText(row: number, column: number): Promise<string> {
  return table().evaluate((el, [r, c]) => (el as unknown as { tslitTable: { cellText(r: number, c: number): string } }).tslitTable.cellText(r, c), [row, column] as const);
}

/** Clicks body row `row` (on screen, grid scrolled to the top). */
async function clickRow(row: number, modifiers: ('Shift' | 'Control')[] = []): Promise<void> {
  await table().evaluate((el) => (el as unknown as { tslitTable: { scrollToRow(r: number): void } }).tslitTable.scrollToRow(0));
  await page.waitForTimeout(100);
  await table().locator('.lm-DataGrid').click({ position: { x: 160, y: HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2 }, modifiers });
}

async function readSession(): Promise<{ selection: string[]; primary: string | null; pins: string[]; edits: [string, Record<string, unknown>][] }> {
  await runCodeCell(page, READ_CELL);
  return parseJsonLine(await cellOutputText(page, READ_CELL)) as never;
}

test('hostile strings render as text in the table: nothing runs, every string literal', async () => {
  await openNotebook(page, lab, NOTEBOOK);
  await runAllCells(page);
  await table().waitFor({ timeout: 60000 });
  await page.waitForFunction((n) => document.querySelectorAll('.jp-CodeCell')[2]?.querySelector('.tslit-table')?.getAttribute('data-row-count') === String(n), PAYLOADS.length, { timeout: 60000 });
  const headers = await table().evaluate((el) => [0, 1, 2, 3].map((c) => (el as unknown as { tslitTable: { headerText(c: number): string } }).tslitTable.headerText(c)));
  expect(headers).toEqual(['text', 'amount', 'colour', HOSTILE_FIELD]);
  await page.waitForFunction(() => {
    const el = document.querySelectorAll('.jp-CodeCell')[2]?.querySelector('.tslit-table') as unknown as { tslitTable?: { cellText(r: number, c: number): string } } | null;
    return el?.tslitTable?.cellText(0, 0) !== '' && el?.tslitTable?.cellText(0, 0) !== undefined;
  }, undefined, { timeout: 30000 });
  for (let k = 0; k < 12; k++) {
    expect(await cellText(k, 0)).toBe(PAYLOADS[k]);
    expect(await cellText(k, 2)).toBe(PAYLOADS[k % 5]);
    expect(await cellText(k, 3)).toBe(PAYLOADS[k]);
  }
  await table().scrollIntoViewIfNeeded();
  await screenshot(page, 'hostile-table', { target: table() });
}, 300000);

test('stepping through every row with the keyboard shows each hostile example literally in the editor and the detail strip', async () => {
  await clickRow(0);
  for (let k = 0; k < PAYLOADS.length; k++) {
    if (k > 0) await page.keyboard.press('ArrowDown');
    await page.waitForFunction((id) => document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor')?.getAttribute('data-example-id') === id, String(k), { timeout: 20000 });
    expect(await editor().locator('.tslit-editor-field[data-field="text"] textarea').inputValue()).toBe(PAYLOADS[k]);
    expect(await editor().locator('label.tslit-editor-field').nth(3).locator('textarea').inputValue()).toBe(PAYLOADS[k]);
    expect(await editor().locator('.tslit-editor-field[data-field="colour"] select').inputValue()).toBe(PAYLOADS[k % 5]);
    await page.waitForFunction((id) => document.querySelectorAll('.jp-CodeCell')[2]?.querySelector('.tslit-table-detail')?.getAttribute('data-id') === id, String(k), { timeout: 20000 });
    const detail = await table().locator('.tslit-table-detail dd').allTextContents();
    expect(detail).toEqual([String(k), PAYLOADS[k], String(k * 3), PAYLOADS[k % 5], PAYLOADS[k]]);
  }
  // Field names and the category vocabulary are text too.
  expect(await editor().locator('label.tslit-editor-field > span').allTextContents()).toEqual(['text', 'amount', 'colour', HOSTILE_FIELD]);
  const options = await editor().locator('.tslit-editor-field[data-field="colour"] option').allTextContents();
  expect([...options.slice(1)].sort()).toEqual([...PAYLOADS.slice(0, 5)].sort());
  await editor().scrollIntoViewIfNeeded();
  await screenshot(page, 'hostile-editor', { target: editor() });

  const injected = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned: number }).__pwned,
    bodyDisplay: getComputedStyle(document.body).display,
    bodyVisibility: getComputedStyle(document.body).visibility,
    elements: document.querySelectorAll('.tslit-table :is(script, img, svg, iframe, object, embed, style, link, math, video, marquee, details, base, form, meta, a), .tslit-editor :is(script, img, svg, iframe, object, embed, style, link, math, video, marquee, details, base, form, meta, a)').length,
  }));
  expect(injected).toEqual({ pwned: 0, bodyDisplay: 'block', bodyVisibility: 'visible', elements: 0 });
  expect(dialogs).toEqual([]);
}, 300000);

test('linked selection: clicking rows in the table cell selects in the session; the editor cell follows; a third cell reads the ids', async () => {
  await table().scrollIntoViewIfNeeded();
  await clickRow(3);
  await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor')?.getAttribute('data-example-id') === '3', undefined, { timeout: 20000 });
  let read = await readSession();
  expect(read.selection).toEqual(['3']);
  expect(read.primary).toBe('3');

  await table().scrollIntoViewIfNeeded();
  await clickRow(5, ['Shift']);
  await page.waitForTimeout(300);
  await clickRow(8, ['Control']);
  await page.waitForFunction(() => /4 selected/.test(document.querySelectorAll('.jp-CodeCell')[2]?.querySelector('.tslit-table-status')?.textContent ?? ''), undefined, { timeout: 20000 });
  read = await readSession();
  expect([...read.selection].sort()).toEqual(['3', '4', '5', '8']);
  expect(read.primary).toBe('8');
  await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor')?.getAttribute('data-example-id') === '8', undefined, { timeout: 20000 });
}, 300000);

test('editor round trip: a refused number keeps the typed text with a message; a valid edit predicts; Add and compare pins the original', async () => {
  await table().scrollIntoViewIfNeeded();
  await clickRow(2);
  await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor')?.getAttribute('data-example-id') === '2', undefined, { timeout: 20000 });
  const amount = editor().locator('.tslit-editor-field[data-field="amount"] input');
  await amount.fill('abc');
  await amount.press('Tab');
  const message = editor().locator('.tslit-editor-field[data-field="amount"] .tslit-field-error');
  await message.filter({ hasText: 'is not one' }).waitFor({ timeout: 20000 });
  expect(await message.textContent()).toBe(`'amount' must be a number; "abc" is not one`);
  expect(await amount.inputValue()).toBe('abc');
  expect(await editor().getAttribute('data-edit-id')).toBe('');

  await amount.fill('90');
  await amount.press('Tab');
  await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor')?.getAttribute('data-edit-id') === 'edit-0', undefined, { timeout: 20000 });
  await editor().locator('.tslit-predicted-label').filter({ hasText: PAYLOADS[0] }).waitFor({ timeout: 20000 });
  expect(await message.textContent()).toBe('');
  const text = editor().locator('.tslit-editor-field[data-field="text"] textarea');
  await text.fill('an <b>edited</b> text');
  await text.press('Tab');
  await page.waitForTimeout(500);
  await editor().locator('.tslit-editor-add').click();
  await page.waitForFunction(() => {
    const el = document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor');
    return el?.getAttribute('data-example-id') === 'gen-0' && el?.getAttribute('data-pinned-id') === '2';
  }, undefined, { timeout: 20000 });
  await page.waitForFunction((n) => document.querySelectorAll('.jp-CodeCell')[2]?.querySelector('.tslit-table')?.getAttribute('data-row-count') === String(n), PAYLOADS.length + 1, { timeout: 20000 });
  expect(await editor().locator('.tslit-editor-pinned .tslit-editor-value').allTextContents()).toEqual([PAYLOADS[2], '6', PAYLOADS[2], PAYLOADS[2]]);
  expect(await text.inputValue()).toBe('an <b>edited</b> text');
  await editor().scrollIntoViewIfNeeded();
  await screenshot(page, 'editor-add-and-compare', { target: editor() });

  const read = await readSession();
  expect(read.selection).toEqual(['gen-0', '2']);
  expect(read.primary).toBe('gen-0');
  expect(read.pins).toEqual(['2']);
  expect(read.edits).toHaveLength(1);
  expect(read.edits[0][0]).toBe('edit-0');
  expect(read.edits[0][1]).toMatchObject({ amount: 90, text: 'an <b>edited</b> text' });
}, 300000);

test('the workspace lays out a linked table and editor', async () => {
  const ws = cell(WORKSPACE_CELL).locator('.tslit-workspace');
  await ws.waitFor({ timeout: 30000 });
  await page.waitForFunction(() => Number(document.querySelectorAll('.jp-CodeCell')[5]?.querySelector('.tslit-workspace')?.getAttribute('data-children')) >= 2, undefined, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell')[5]?.querySelector('.tslit-editor')?.getAttribute('data-example-id') === 'gen-0', undefined, { timeout: 30000 });
  // Table and editor first; the model views that apply to this session follow.
  expect((await ws.locator('.tslit-workspace-panel > h3').allTextContents()).slice(0, 3)).toEqual(['Data', 'Datapoint editor', 'Predictions']);
  expect(await ws.locator('.tslit-table-status').textContent()).toContain('2 selected');
  // Selecting in the workspace's table moves the editor of the other cell too.
  await ws.locator('.lm-DataGrid').click({ position: { x: 160, y: HEADER_HEIGHT + 1 * ROW_HEIGHT + ROW_HEIGHT / 2 } });
  await page.waitForFunction(() => document.querySelectorAll('.jp-CodeCell')[3]?.querySelector('.tslit-editor')?.getAttribute('data-example-id') === '1', undefined, { timeout: 20000 });
  await ws.scrollIntoViewIfNeeded();
  await screenshot(page, 'workspace', { target: ws });

  // The toolbar's CSV and JSON buttons download the shown rows (with the added example).
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), table().locator('.tslit-export-csv').click()]);
  const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
  expect(csvDownload.suggestedFilename()).toBe('hostile.csv');
  expect(csv.split('\r\n')[0]).toBe(`id,text,amount,colour,"${HOSTILE_FIELD.replace(/"/g, '""')}"`);
  expect(csv.split('\r\n')[1]).toBe(`0,${PAYLOADS[0]},0,${PAYLOADS[0]},${PAYLOADS[0]}`);
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), table().locator('.tslit-export-json').click()]);
  const rows = JSON.parse(fs.readFileSync((await jsonDownload.path())!, 'utf8')) as Record<string, unknown>[];
  expect(rows).toHaveLength(PAYLOADS.length + 1);
  expect(rows.slice(0, PAYLOADS.length).map((r) => r.text)).toEqual(PAYLOADS);
  expect(rows[PAYLOADS.length]).toMatchObject({ id: 'gen-0', text: 'an <b>edited</b> text', amount: 90 });
  expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
}, 300000);
