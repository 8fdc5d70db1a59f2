/**
 * Writes a notebook (code cells only, TypeScript tslit kernel) under `.test-results/` for a
 * browser test or bench that generates its notebook, and returns its path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './lab-harness';

export function writeNotebook(name: string, cells: readonly string[]): string {
  const dir = path.join(REPO, '.test-results', 'notebooks');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const nb = {
    cells: cells.map((source, i) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source, id: `cell-${i}` })),
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
