/**
 * Notebooks that browser tests and benches generate: code cells on the tslit kernel, written
 * under `.test-results/notebooks/`, and the JSON line a cell printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './lab-harness';

/** An nbformat 4.5 notebook of code cells for the `tslit` kernelspec. */
export function notebookJson(cells: readonly string[]): Record<string, unknown> {
  return {
    cells: cells.map((source, i) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source, id: `cell-${i}` })),
    metadata: {
      kernelspec: { display_name: 'TypeScript (tslit)', language: 'typescript', name: 'tslit' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** Writes `cells` as `.test-results/notebooks/<name>` and returns its path. */
export function writeNotebook(name: string, cells: readonly string[]): string {
  const dir = path.join(REPO, '.test-results', 'notebooks');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(notebookJson(cells), null, 1));
  return file;
}

/** Console output of a cell that printed one JSON line. */
export function parseJsonLine(text: string): unknown {
  const line = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  return JSON.parse(line);
}
