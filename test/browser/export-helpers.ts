/**
 * Helpers for the export and metrics browser tests: write a notebook from cell sources, read
 * a PNG's size from its IHDR chunk, parse an SVG as XML in the browser (DOMParser).
 */
import * as fs from 'fs';
import type { Page } from 'playwright-core';
import { notebookJson } from './notebook-file';

/** Writes an .ipynb with one code cell per source, for the tslit kernel, at `file`. */
export function writeNotebook(file: string, cells: string[]): void {
  fs.writeFileSync(file, JSON.stringify(notebookJson(cells), null, 1));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; throws unless the bytes start like a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`not a PNG (${bytes.length} bytes, starts ${bytes.subarray(0, 8).toString('hex')})`);
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('PNG without IHDR as first chunk');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface ParsedSvg {
  root: string;
  width: number;
  height: number;
  /** All text content of the document. */
  text: string;
}

/** Parses `xml` with the browser's XML parser; throws on a parse error or a non-SVG root. */
export async function parseSvg(page: Page, xml: string): Promise<ParsedSvg> {
  const result = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    if (error) return { error: error.textContent ?? 'parse error' };
    const root = doc.documentElement;
    return { root: root.localName, width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')), text: root.textContent ?? '' };
  }, xml);
  if ('error' in result) throw new Error(`SVG does not parse as XML: ${result.error}`);
  return result as ParsedSvg;
}

/** Switches JupyterLab's theme through the Settings menu. */
export async function switchTheme(page: Page, theme: 'JupyterLab Light' | 'JupyterLab Dark'): Promise<void> {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Settings$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Theme$/ }).first().hover();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${theme}$`) }).first().click();
  await page.waitForFunction((light) => document.body.dataset.jpThemeLight === String(light), theme === 'JupyterLab Light', { timeout: 30000 });
}
