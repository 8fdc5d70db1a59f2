/**
 * Runs the notebook copy in headless Debian Chromium through JupyterLab and saves every plot
 * drawn by the shared plot element (src/lab/elements/plot.ts) with its own download button, so
 * the files are exactly what a person's PNG/SVG button gives: themed, escaped, plotly-rendered.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { ExportFormat } from './args';
import type { LabServer } from './jupyter-server';

export const CHROMIUM = process.env.TSLIT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const PANEL = '.jp-NotebookPanel:not(.lm-mod-hidden)';

export interface CellError {
  /** 1-based cell number in the notebook (markdown cells count). */
  cell: number;
  message: string;
}

export interface WrittenPlot {
  cell: number;
  file: string;
}

export interface BrowserRun {
  errors: CellError[];
  written: WrittenPlot[];
  /** Plots that could not be saved, with the reason. */
  failed: { cell: number; message: string }[];
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install Debian's chromium, or set TSLIT_CHROMIUM)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** File name for the k-th plot (1-based) of cell `cell`: `cell-03-salience-1.svg`. */
export function plotFileName(cell: number, plotName: string, k: number, format: ExportFormat): string {
  const safe = plotName.replace(/\.(png|svg)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'plot';
  return `cell-${String(cell).padStart(2, '0')}-${safe}-${k}.${format}`;
}

async function waitForIdle(page: Page, timeoutMs: number, stableMs = 2000): Promise<void> {
  await page.waitForFunction(
    ([panel, stable]) => {
      const w = window as unknown as { __tslitIdle?: number };
      const status = document.querySelector(`${panel} .jp-Notebook-ExecutionIndicator`)?.getAttribute('data-status');
      const prompts = Array.from(document.querySelectorAll(`${panel} .jp-CodeCell .jp-InputArea-prompt`)).map((p) => p.textContent ?? '');
      if (status !== 'idle' || prompts.some((p) => p.includes('*'))) {
        w.__tslitIdle = undefined;
        return false;
      }
      w.__tslitIdle ??= Date.now();
      return Date.now() - w.__tslitIdle >= (stable as number);
    },
    [PANEL, stableMs] as const,
    { timeout: timeoutMs, polling: 200 },
  );
}

/**
 * Saves the notebook (the run copy) and reads its error outputs from the file: the saved JSON
 * says unambiguously which cell failed and how, where the DOM only shows red text.
 */
async function savedErrors(page: Page, file: string, timeoutMs: number): Promise<CellError[]> {
  await page.locator(`${PANEL} .jp-Notebook`).first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+s');
  await page.locator('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty').waitFor({ state: 'detached', timeout: timeoutMs });
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: { outputs?: { output_type: string; ename?: string; evalue?: string }[] }[] };
  const errors: CellError[] = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) if (o.output_type === 'error') errors.push({ cell: i + 1, message: `${o.ename ?? 'Error'}: ${o.evalue ?? ''}`.trim() });
  });
  return errors;
}

/** Opens `name` (saved at `savedFile`) in Lab, runs all cells, and saves the plots of every cell into `out`. */
export async function runAndSavePlots(browser: Browser, lab: LabServer, name: string, savedFile: string, out: string, format: ExportFormat, timeoutMs: number): Promise<BrowserRun> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let stage = 'opening the notebook';
  try {
    await page.goto(`${lab.url}/lab/tree/${encodeURIComponent(name)}?token=${lab.token}`);
    await page.locator(`${PANEL} .jp-Notebook`).first().waitFor({ timeout: timeoutMs });
    stage = 'waiting for the kernel to start';
    await waitForIdle(page, timeoutMs);
    stage = 'running all cells';
    await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).first().click();
    await page.waitForFunction(
      (panel) => {
        const prompts = Array.from(document.querySelectorAll(`${panel} .jp-CodeCell .jp-InputArea-prompt`)).map((p) => p.textContent ?? '');
        return prompts.every((p) => /\[\d+\]/.test(p));
      },
      PANEL,
      { timeout: timeoutMs, polling: 250 },
    );
    await waitForIdle(page, timeoutMs);
    stage = 'saving plots';
    if (process.env.TSLIT_EXPORT_SCREENSHOT) await page.screenshot({ path: process.env.TSLIT_EXPORT_SCREENSHOT, fullPage: true });

    const cells = page.locator(`${PANEL} .jp-Notebook .jp-Cell`);
    const count = await cells.count();
    const run: BrowserRun = { errors: [], written: [], failed: [] };
    run.errors.push(...(await savedErrors(page, savedFile, timeoutMs)));
    for (let i = 0; i < count; i++) {
      const cell = cells.nth(i);
      const plots = cell.locator('.tslit-plot');
      const n = await plots.count();
      for (let k = 0; k < n; k++) {
        const plot = plots.nth(k);
        try {
          await plot.and(page.locator('[data-rendered]')).waitFor({ timeout: 30000 });
          const download = page.waitForEvent('download', { timeout: 60000 });
          await plot.locator(`.tslit-plot-download-${format}`).evaluate((b) => (b as HTMLButtonElement).click());
          const d = await download;
          const file = path.join(out, plotFileName(i + 1, d.suggestedFilename(), k + 1, format));
          await d.saveAs(file);
          run.written.push({ cell: i + 1, file });
        } catch (e) {
          run.failed.push({ cell: i + 1, message: `plot ${k + 1}: ${(e as Error).message.split('\n')[0]}` });
        }
      }
    }
    return run;
  } catch (e) {
    const dialog = (await page.locator('.jp-Dialog').allTextContents().catch(() => [])).join(' ').trim();
    if (process.env.TSLIT_EXPORT_SCREENSHOT) await page.screenshot({ path: process.env.TSLIT_EXPORT_SCREENSHOT }).catch(() => undefined);
    throw new Error(`export stopped while ${stage}: ${(e as Error).message.split('\n')[0]}${dialog ? ` (JupyterLab shows: ${dialog})` : ''}`);
  } finally {
    await context.close();
  }
}
