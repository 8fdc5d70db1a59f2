/**
 * The copy of the notebook that the export actually runs: beside the original (so relative
 * paths in cells still resolve), hidden, removed afterwards, with every code cell tagged
 * `raises-exception` so that JupyterLab's Run All keeps going after a failing cell and the
 * plots below it are still drawn. The original is never opened, so never autosaved.
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';

interface NotebookCell {
  cell_type: string;
  metadata?: { tags?: string[] } & Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface RunCopy {
  /** The copy's file name (relative to the notebook's folder). */
  name: string;
  /** The copy's absolute path. */
  file: string;
  /** Cell types in order, so that DOM cells map back to notebook cell numbers. */
  cellTypes: string[];
  remove(): void;
}

export function writeRunCopy(notebook: string): RunCopy {
  const nb = JSON.parse(fs.readFileSync(notebook, 'utf8')) as { cells: NotebookCell[] };
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.metadata = { ...(cell.metadata ?? {}) };
    const tags = cell.metadata.tags ?? [];
    if (!tags.includes('raises-exception')) cell.metadata.tags = [...tags, 'raises-exception'];
    cell.outputs = [];
    cell.execution_count = null;
  }
  const name = `.tslit-export-${randomBytes(4).toString('hex')}-${path.basename(notebook)}`;
  const file = path.join(path.dirname(notebook), name);
  const checkpoints = path.join(path.dirname(notebook), '.ipynb_checkpoints');
  const hadCheckpoints = fs.existsSync(checkpoints);
  fs.writeFileSync(file, JSON.stringify(nb));
  return {
    name,
    file,
    cellTypes: nb.cells.map((c) => c.cell_type),
    remove: () => {
      fs.rmSync(file, { force: true });
      fs.rmSync(path.join(checkpoints, name.replace(/\.ipynb$/, '-checkpoint.ipynb')), { force: true });
      // Saving made JupyterLab create the checkpoints folder: leave the folder as it was.
      if (!hadCheckpoints && fs.existsSync(checkpoints) && fs.readdirSync(checkpoints).length === 0) fs.rmdirSync(checkpoints);
    },
  };
}
