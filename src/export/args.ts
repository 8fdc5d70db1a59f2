/**
 * `tslit export NOTEBOOK.ipynb --out DIR [--format png|svg]`: argument parsing and the checks
 * that must fail before any work starts (unknown format, missing notebook, unwritable folder).
 */
import * as fs from 'fs';
import * as path from 'path';

export type ExportFormat = 'png' | 'svg';

export interface ExportArgs {
  /** Absolute path of the notebook. */
  notebook: string;
  /** Absolute path of the output folder (created if missing). */
  out: string;
  format: ExportFormat;
  /** Milliseconds the whole run may take (default 10 minutes). */
  timeoutMs: number;
}

export const EXPORT_USAGE = 'usage: tslit export NOTEBOOK.ipynb --out DIR [--format png|svg] [--timeout SECONDS]';

/** Parses the words after `export`; throws a clear error (with the usage) on anything wrong. */
export function parseExportArgs(args: readonly string[], cwd = process.cwd()): ExportArgs {
  let notebook: string | undefined;
  let out: string | undefined;
  let format = 'svg';
  let timeout = 600;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${EXPORT_USAGE}`);
      return v;
    };
    if (flag === '--out' || flag === '-o') out = value();
    else if (flag === '--format') format = value();
    else if (flag === '--timeout') timeout = Number(value());
    else if (flag.startsWith('-')) throw new Error(`unknown option ${arg}\n${EXPORT_USAGE}`);
    else if (notebook === undefined) notebook = arg;
    else throw new Error(`one notebook at a time; got ${JSON.stringify(notebook)} and ${JSON.stringify(arg)}\n${EXPORT_USAGE}`);
  }
  if (notebook === undefined) throw new Error(`which notebook?\n${EXPORT_USAGE}`);
  if (out === undefined) throw new Error(`--out DIR is required\n${EXPORT_USAGE}`);
  if (format !== 'png' && format !== 'svg') throw new Error(`--format must be png or svg, got ${JSON.stringify(format)}`);
  if (!(Number.isFinite(timeout) && timeout > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${JSON.stringify(String(timeout))}`);
  return { notebook: path.resolve(cwd, notebook), out: path.resolve(cwd, out), format, timeoutMs: timeout * 1000 };
}

/** Throws unless the notebook is a readable .ipynb file with JSON cells. */
export function checkNotebook(file: string): void {
  if (path.extname(file) !== '.ipynb') throw new Error(`${file} is not a notebook (.ipynb)`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the notebook ${file}: ${(e as Error).message}`);
  }
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid notebook JSON: ${(e as Error).message}`);
  }
  if (!nb || typeof nb !== 'object' || !Array.isArray((nb as { cells?: unknown }).cells)) throw new Error(`${file} has no cells array; is it a Jupyter notebook?`);
}

/** Creates the output folder if needed and proves it writable by writing and removing a file. */
export function checkOutputDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    const probe = path.join(dir, `.tslit-write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (e) {
    throw new Error(`cannot write to the output folder ${dir}: ${(e as Error).message}`);
  }
}
