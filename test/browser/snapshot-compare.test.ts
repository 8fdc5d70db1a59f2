/**
 * The screenshot comparison on real Chromium screenshots of a small view (bars with labels, a
 * curve, a colour strip): the same view rendered again matches, and so does colour noise of a
 * couple of levels; a missing bar, a blank plot, another colour scale, changed text and another
 * size do not. Then the snapshot modes on a temporary baseline folder: missing baseline, update,
 * unchanged, changed (actual + diff written, baseline kept), and UPDATE_SNAPSHOTS under CI.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './lab-harness';
import { comparePng } from './png-compare';
import { matchSnapshot, updateRequested } from './snapshot';

interface View {
  bars?: [string, number, string][];
  curve?: boolean;
  scale?: [string, string];
}

const BARS: [string, number, string][] = [['ham', 62.4, '#1f77b4'], ['spam', 37.6, '#ff7f0e'], ['unsure', 12.5, '#2ca02c']];

/** A small prediction-and-plot view, as tslit's views draw them (text, bars, an SVG curve, a colour legend). */
function html({ bars = BARS, curve = true, scale = ['#313695', '#a50026'] }: View): string {
  const rows = bars
    .map(([label, value, colour]) => `<div class="row"><span class="label">${label}</span><span class="bar" style="width:${value * 3}px;background:${colour}"></span><span>${value.toFixed(1)} %</span></div>`)
    .join('');
  const path = curve ? '<path d="M10 110 C 60 10, 120 10, 170 60 S 260 110, 290 20" stroke="#d62728" stroke-width="2" fill="none"/>' : '';
  return `<html><body style="margin:0;font:13px sans-serif">
    <div id="view" style="width:420px;padding:12px">
      <h3 style="margin:0 0 8px">Predicted: ham</h3>
      <style>.row{display:flex;align-items:center;gap:6px;height:22px}.label{width:50px}.bar{height:14px;border-radius:3px}</style>
      ${rows}
      <svg width="300" height="120" style="border:1px solid #ccc;margin-top:8px"><text x="120" y="115" font-size="11">threshold</text>${path}</svg>
      <div style="height:12px;width:300px;margin-top:6px;background:linear-gradient(to right, ${scale[0]}, #ffffbf, ${scale[1]})"></div>
    </div></body></html>`;
}

let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 600, height: 400 } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-snapshot-'));
}, 60000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function shot(view: View, width = 600): Promise<Buffer> {
  await page.setViewportSize({ width, height: 400 });
  await page.setContent(html(view));
  return page.screenshot();
}

describe('comparePng on real screenshots', () => {
  let baseline: Buffer;
  beforeAll(async () => {
    baseline = await shot({});
  });

  test('the same view rendered again matches', async () => {
    await page.setContent('<p>something else in between</p>');
    const again = await shot({});
    expect(comparePng(baseline, again)).toMatchObject({ match: true, reason: '' });
  });

  test('colour noise of two levels per channel matches (the per-pixel threshold)', () => {
    const img = PNG.sync.read(baseline);
    for (let i = 0; i < img.data.length; i += 4) for (let c = 0; c < 3; c++) img.data[i + c] = Math.max(0, Math.min(255, img.data[i + c] + ((i / 4 + c) % 2 ? 2 : -2)));
    const result = comparePng(baseline, PNG.sync.write(img));
    expect(result.match).toBe(true);
    expect(result.diffPixels).toBe(0);
  });

  test.each([
    ['a missing bar', { bars: BARS.slice(0, 2) }],
    ['a blank plot', { curve: false }],
    ['another colour scale', { scale: ['#440154', '#fde725'] as [string, string] }],
    ['changed text (a label)', { bars: [['ham', 62.4, '#1f77b4'], ['scam', 37.6, '#ff7f0e'], ['unsure', 12.5, '#2ca02c']] as [string, number, string][] }],
    ['changed text (one digit)', { bars: [['ham', 62.4, '#1f77b4'], ['spam', 37.6, '#ff7f0e'], ['unsure', 12.8, '#2ca02c']] as [string, number, string][] }],
  ])('%s does not match, and the diff image marks it', async (_what, view) => {
    const changed = await shot(view);
    const result = comparePng(baseline, changed);
    expect(result.match).toBe(false);
    expect(result.reason).toMatch(/pixels differ/);
    const diff = PNG.sync.read(result.diffPng!);
    let red = 0;
    for (let i = 0; i < diff.data.length; i += 4) if (diff.data[i] === 255 && diff.data[i + 1] === 0 && diff.data[i + 2] === 0) red++;
    expect(red).toBe(result.diffPixels);
  });

  test('another size does not match, and says so', async () => {
    const wider = await shot({}, 640);
    const result = comparePng(baseline, wider);
    expect(result.match).toBe(false);
    expect(result.reason).toBe('size differs: baseline 600x400, actual 640x400');
    expect(result.diffPng).toBeUndefined();
  });
});

describe('matchSnapshot modes', () => {
  const place = () => ({ baselineDir: path.join(dir, 'baselines'), resultsDir: path.join(dir, 'results'), update: false });
  const baselineFile = () => path.join(dir, 'baselines', 'view.png');
  const result = (kind: string) => path.join(dir, 'results', `view-${kind}.png`);

  test('a missing baseline fails naming the snapshot, writes the actual, writes no baseline', async () => {
    await page.setContent(html({}));
    await expect(matchSnapshot(page, 'view', place(), { target: page.locator('#view') })).rejects.toThrow(/snapshot 'view' has no baseline .*UPDATE_SNAPSHOTS=1/);
    expect(fs.existsSync(baselineFile())).toBe(false);
    expect(PNG.sync.read(fs.readFileSync(result('actual'))).width).toBe(420 + 24);
  });

  test('update writes the missing baseline; the same view then matches and leaves it as it was', async () => {
    await matchSnapshot(page, 'view', { ...place(), update: true }, { target: page.locator('#view') });
    const written = fs.readFileSync(baselineFile());
    await page.setContent(html({}));
    const mtime = fs.statSync(baselineFile()).mtimeMs;
    await matchSnapshot(page, 'view', { ...place(), update: true }, { target: page.locator('#view') });
    await matchSnapshot(page, 'view', place(), { target: page.locator('#view') });
    expect(fs.statSync(baselineFile()).mtimeMs).toBe(mtime);
    expect(fs.readFileSync(baselineFile()).equals(written)).toBe(true);
    expect(fs.existsSync(result('actual'))).toBe(false); // the earlier failure's files are cleared
  });

  test('a changed view fails naming the snapshot, writes actual, expected and diff, keeps the baseline', async () => {
    const before = fs.readFileSync(baselineFile());
    await page.setContent(html({ bars: [BARS[0], BARS[1], ['unsure', 12.5, '#9467bd']] }));
    await expect(matchSnapshot(page, 'view', place(), { target: page.locator('#view') })).rejects.toThrow(/snapshot 'view' differs from its baseline .*view\.png: \d+ of \d+ pixels differ/);
    expect(fs.readFileSync(baselineFile()).equals(before)).toBe(true);
    for (const kind of ['actual', 'expected', 'diff']) expect(fs.existsSync(result(kind))).toBe(true);
    expect(comparePng(before, fs.readFileSync(result('actual'))).match).toBe(false);
  });

  test('a masked region may change', async () => {
    await page.setContent(html({ bars: BARS.slice(0, 2).concat([['unsure', 99, '#2ca02c']]) }));
    const bar = page.locator('.row').nth(2);
    await expect(matchSnapshot(page, 'view', place(), { target: page.locator('#view') })).rejects.toThrow(/differs/);
    await page.setContent(html({}));
    await matchSnapshot(page, 'view', { ...place(), update: true }, { target: page.locator('#view'), mask: [page.locator('.row').nth(2)] });
    await page.setContent(html({ bars: BARS.slice(0, 2).concat([['unsure', 99, '#2ca02c']]) }));
    await matchSnapshot(page, 'view', place(), { target: page.locator('#view'), mask: [bar] });
  });

  test('update rewrites a differing baseline', async () => {
    await page.setContent(html({ curve: false }));
    await matchSnapshot(page, 'view', { ...place(), update: true }, { target: page.locator('#view') });
    await matchSnapshot(page, 'view', place(), { target: page.locator('#view') });
  });

  test('UPDATE_SNAPSHOTS is read from the environment and refused under CI', () => {
    expect(updateRequested({})).toBe(false);
    expect(updateRequested({ UPDATE_SNAPSHOTS: '1' })).toBe(true);
    expect(updateRequested({ CI: 'true' })).toBe(false);
    expect(() => updateRequested({ UPDATE_SNAPSHOTS: '1', CI: 'true' })).toThrow(/refused under CI/);
  });
});
