/**
 * `tslit export`: runs a notebook headless (a private JupyterLab from the project's .venv,
 * Debian Chromium through playwright-core) and writes every plot as a PNG or SVG file named
 * after its cell and plot.
 *
 * Notes: a Node-side tool, not a kernel layer; it imports nothing of kernel, model, explain or
 * widgets. Bad arguments (format, notebook, output folder) fail before anything starts. A
 * failing cell does not stop the run: its error is reported with the cell number, the plots of
 * the other cells are still written, and the command exits non-zero.
 */
import * as path from 'path';
import { checkNotebook, checkOutputDir, parseExportArgs, type ExportArgs } from './args';
import { jupyterExecutable, startLabServer } from './jupyter-server';
import { writeRunCopy } from './notebook-copy';
import { launchChromium, runAndSavePlots, type BrowserRun } from './run-in-browser';

export { parseExportArgs, checkNotebook, checkOutputDir, EXPORT_USAGE, type ExportArgs, type ExportFormat } from './args';
export { plotFileName, type BrowserRun, type CellError, type WrittenPlot } from './run-in-browser';

/** The package root (holding .venv), from lib/export or src/export. */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Runs the notebook and writes its plots; resolves with what happened (cell errors included). */
export async function exportNotebook(args: ExportArgs): Promise<BrowserRun> {
  checkNotebook(args.notebook);
  checkOutputDir(args.out);
  const jupyter = jupyterExecutable(PACKAGE_ROOT);
  const copy = writeRunCopy(args.notebook);
  try {
    const lab = await startLabServer(jupyter, path.dirname(args.notebook));
    try {
      const browser = await launchChromium();
      try {
        return await runAndSavePlots(browser, lab, copy.name, copy.file, args.out, args.format, args.timeoutMs);
      } finally {
        await browser.close();
      }
    } finally {
      await lab.stop();
    }
  } finally {
    copy.remove();
  }
}

/** The command: prints what was written and each failing cell; throws when anything failed. */
export async function exportCommand(argv: readonly string[]): Promise<void> {
  const args = parseExportArgs(argv);
  const started = Date.now();
  const run = await exportNotebook(args);
  const shown = (file: string) => (path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file));
  for (const w of run.written) process.stdout.write(`wrote ${shown(w.file)}\n`);
  for (const e of run.errors) process.stderr.write(`cell ${e.cell} failed: ${e.message}\n`);
  for (const f of run.failed) process.stderr.write(`cell ${f.cell}: could not save ${f.message}\n`);
  process.stdout.write(`${run.written.length} plot(s) from ${path.basename(args.notebook)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const problems = run.errors.length + run.failed.length;
  if (problems > 0) throw new Error(`${run.errors.length} cell(s) failed and ${run.failed.length} plot(s) could not be saved; the other plots were written`);
}
