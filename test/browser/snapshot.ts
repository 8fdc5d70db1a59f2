/**
 * Screenshot snapshots: take a settled screenshot of the page or of one element and compare it
 * pixel by pixel with the committed baseline (png-compare.ts).
 *
 * Modes:
 * - normal run: a screenshot that differs from its baseline, or has none, fails the test with
 *   the snapshot's name; `<name>-actual.png`, `<name>-expected.png` and `<name>-diff.png` go to
 *   `.test-results/screenshots/` (git-ignored). The baseline is never written.
 * - `UPDATE_SNAPSHOTS=1`: a missing baseline is written, and a baseline that differs is
 *   rewritten (the diff still goes to `.test-results/screenshots/`); one that matches is left
 *   as it is, so a re-run does not churn unchanged PNGs. Refused under CI, where a missing
 *   baseline must fail rather than be made up.
 *
 * Settling: CSS animations, transitions and carets are off (a style tag plus Playwright's
 * `animations: 'disabled'`), fonts are loaded, the mouse is moved off the page (no hover
 * labels), and screenshots are taken until two in a row are identical, so plotly's redraws have
 * finished; a view taller than 60 % of the viewport gets a taller viewport for the shot, so
 * the notebook's scrolling panel does not cut it. Regions that vary from run to run (kernel status, status bar, file times) are
 * masked; tests mask their own (e.g. a progress count) with `mask`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { comparePng, type CompareOptions } from './png-compare';

export interface SnapshotOptions extends CompareOptions {
  /** The element the test is about (default: the whole viewport). */
  target?: Locator;
  /** More regions that vary from run to run, painted over in both baseline and actual. */
  mask?: Locator[];
}

export interface SnapshotPlace {
  /** Where the committed baselines live. */
  baselineDir: string;
  /** Where actual/expected/diff PNGs of a mismatch go. */
  resultsDir: string;
  /** Write missing and differing baselines instead of failing. */
  update: boolean;
}

/** JupyterLab regions that change between runs whatever the view shows. */
const VARIABLE_REGIONS = [
  '#jp-main-statusbar',
  '.jp-Notebook-ExecutionIndicator',
  '.jp-Toolbar-kernelStatus',
  '.jp-DirListing-itemModified',
];

const STILL_CSS = `*, *::before, *::after {
  animation: none !important; transition: none !important; caret-color: transparent !important;
}
.cm-cursorLayer, .cm-cursor, .cm-dropCursor { display: none !important; }`;

/** How long screenshots are retaken while the page keeps changing. */
const SETTLE_MS = 10000;

/** The settings in force: `UPDATE_SNAPSHOTS=1` writes baselines, refused when `CI` is set. */
export function updateRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const update = env.UPDATE_SNAPSHOTS === '1' || env.UPDATE_SNAPSHOTS === 'true';
  if (update && env.CI && env.CI !== '0' && env.CI !== 'false') {
    throw new Error('UPDATE_SNAPSHOTS is refused under CI: baselines are made on purpose, locally, and committed');
  }
  return update;
}

/** Turns off animations, transitions and carets, and waits for fonts and two frames. */
async function prepare(page: Page): Promise<void> {
  const styled = await page.evaluate(() => document.getElementById('tslit-snapshot-still') !== null);
  if (!styled) {
    const tag = await page.addStyleTag({ content: STILL_CSS });
    await tag.evaluate((el) => ((el as HTMLElement).id = 'tslit-snapshot-still'));
  }
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });
}

/** Screenshots until two in a row are identical (or SETTLE_MS passes); the last one and whether it settled. */
async function settledShot(page: Page, options: SnapshotOptions): Promise<{ png: Buffer; settled: boolean }> {
  const mask = [...VARIABLE_REGIONS.map((s) => page.locator(s)), ...(options.mask ?? [])];
  const shoot = (): Promise<Buffer> =>
    options.target
      ? options.target.screenshot({ animations: 'disabled', caret: 'hide', mask, scale: 'css' })
      : page.screenshot({ animations: 'disabled', caret: 'hide', mask, scale: 'css' });
  const viewport = page.viewportSize();
  const box = options.target ? await options.target.boundingBox() : null;
  // A view taller than the notebook's visible area would be cut by its scrolling panel: make room.
  const grow = viewport !== null && box !== null && box.height > 0.6 * viewport.height;
  if (grow) await page.setViewportSize({ width: viewport.width, height: viewport.height + Math.ceil(box.height) });
  // Centred, so the shot starts at the same place whatever was scrolled before, clear of the
  // notebook toolbar's shadow (an element scrolled flush under it has a darker first row).
  await options.target?.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
  try {
    const deadline = Date.now() + SETTLE_MS;
    let last = await shoot();
    for (;;) {
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      const next = await shoot();
      if (next.equals(last)) return { png: next, settled: true };
      last = next;
      if (Date.now() > deadline) return { png: last, settled: false };
    }
  } finally {
    if (grow) await page.setViewportSize(viewport);
  }
}

/**
 * Takes the screenshot `name` and compares it with `<baselineDir>/<name>.png`; throws naming
 * the snapshot when it differs or has no baseline (unless `place.update`). Returns the baseline path.
 */
export async function matchSnapshot(page: Page, name: string, place: SnapshotPlace, options: SnapshotOptions = {}): Promise<string> {
  const baseline = path.join(place.baselineDir, `${name}.png`);
  const out = (kind: string) => path.join(place.resultsDir, `${name}-${kind}.png`);
  await prepare(page);
  const { png, settled } = await settledShot(page, options);
  const unsettled = settled ? '' : ` (the screenshot still changed after ${SETTLE_MS / 1000} s: something on it moves)`;
  const relative = (p: string) => path.relative(process.cwd(), p);
  for (const kind of ['actual', 'expected', 'diff']) fs.rmSync(out(kind), { force: true });

  if (!fs.existsSync(baseline)) {
    if (place.update) {
      fs.mkdirSync(place.baselineDir, { recursive: true });
      fs.writeFileSync(baseline, png);
      process.stderr.write(`snapshot '${name}': new baseline ${relative(baseline)}${unsettled}\n`);
      return baseline;
    }
    fs.mkdirSync(place.resultsDir, { recursive: true });
    fs.writeFileSync(out('actual'), png);
    throw new Error(`snapshot '${name}' has no baseline ${relative(baseline)}; the screenshot is ${relative(out('actual'))}. Make it on purpose with UPDATE_SNAPSHOTS=1 and commit it.${unsettled}`);
  }

  const expected = fs.readFileSync(baseline);
  const result = comparePng(expected, png, options);
  if (result.match) return baseline;
  fs.mkdirSync(place.resultsDir, { recursive: true });
  fs.writeFileSync(out('actual'), png);
  fs.writeFileSync(out('expected'), expected);
  if (result.diffPng) fs.writeFileSync(out('diff'), result.diffPng);
  if (place.update) {
    fs.writeFileSync(baseline, png);
    process.stderr.write(`snapshot '${name}': baseline rewritten (${result.reason}); diff in ${relative(out('diff'))}${unsettled}\n`);
    return baseline;
  }
  throw new Error(
    `snapshot '${name}' differs from its baseline ${relative(baseline)}: ${result.reason}${unsettled}. ` +
      `See ${relative(out('actual'))} and ${relative(out('diff'))}; if the change is intended, re-run with UPDATE_SNAPSHOTS=1 and commit the baseline.`,
  );
}
