/**
 * The conformance matrix (issue 16, item 9): every salience method and text generator on every
 * kind of model, each cell a checked result or a refusal naming what works instead; the table in
 * docs/conformance.md is this run, word for word.
 */
import '../model/helpers/env-backend';
import * as fs from 'fs';
import * as path from 'path';
import { KINDS } from './kinds';
import { METHODS, runCell, type Outcome } from './methods';
import { renderMatrix, type Matrix } from './matrix';

jest.setTimeout(600_000);

const DOC = path.join(__dirname, '../../docs/conformance.md');
const matrix: Matrix = new Map();

for (const kind of KINDS) {
  test(`every method on: ${kind.kind}`, async () => {
    const k = await kind.build();
    const row = new Map<string, Outcome>();
    try {
      for (const method of METHODS) row.set(method.name, await runCell(method, k));
    } finally {
      k.cleanup?.();
    }
    matrix.set(kind.kind, row);
    for (const [name, o] of row) {
      // A refusal is never a dead end: it names a method or option that works.
      if (o.status === 'refused') expect(`${name}: ${o.message}`).toMatch(/lime|kernelShap|occlusion|LIME|Kernel SHAP|gradients|use |give /);
    }
    // Black-box methods and the generators that need only predict() work on every kind.
    for (const name of ['LIME', 'occlusion', 'ablation flip', 'word replacer', 'scrambler']) expect([name, row.get(name)?.status === 'refused' ? (row.get(name) as { message: string }).message : 'ran']).toEqual([name, 'ran']);
  });
}

test('docs/conformance.md is this run', () => {
  expect(matrix.size).toBe(KINDS.length);
  const text = renderMatrix(KINDS, METHODS, matrix) + '\n';
  if (process.env.UPDATE_CONFORMANCE === '1') fs.writeFileSync(DOC, text);
  expect(fs.readFileSync(DOC, 'utf8')).toBe(text);
});
