/** Writes a notebook of code cells for the tslit kernel (for tests that generate their notebook). */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './lab-harness';

export function writeNotebook(name: string, cells: readonly string[]): string {
  const dir = path.join(REPO, '.test-results', 'notebooks');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const nb = {
    cells: cells.map((source, k) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source, id: `cell-${k}` })),
    metadata: {
      kernelspec: { display_name: 'TypeScript (tslit)', language: 'typescript', name: 'tslit' },
      language_info: { name: 'typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  return file;
}

/** Console output of a cell that printed one JSON line. */
export function parseJsonLine(text: string): unknown {
  const line = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  return JSON.parse(line);
}
