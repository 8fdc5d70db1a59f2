/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * The conformance matrix (issue 16, item 9): every salience method and text generator on every
 * kind of model, each cell a checked result or a refusal naming what works instead; the table in
 * docs/conformance.md is this run, word for word.
 */
import '../model/helpers/env-backend';
import * as fs from 'fs';
import * as path from 'path';
import { KINDS } from './kinds';
import { METHODS, runCell, workingFunctionsNamed, type Outcome } from './methods';
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
      await k.cleanup?.();
    }
    matrix.set(kind.kind, row);
    // A refusal is never a dead end: it names a function, called as in code, that ran on this same model.
    const deadEnds = [...row].filter(([, o]) => o.status === 'refused' && workingFunctionsNamed(o.message, row).length === 0);
    expect(deadEnds).toEqual([]);
    // Black-box methods and the generators that need only predict() work on every kind.
    for (const name of ['LIME', 'occlusion', 'ablation flip', 'word replacer', 'scrambler']) expect([name, row.get(name)?.status === 'refused' ? (row.get(name) as { message: string }).message : 'ran']).toEqual([name, 'ran']);
  });
}

test('the dead-end check: a refusal counts only when the function it names ran on the same model', () => {
  const row = new Map<string, Outcome>([
    ['LIME', { status: 'checked', detail: '' }],
    ['ablation flip', { status: 'none', message: 'nothing flips' }],
    ['occlusion', { status: 'refused', message: 'no' }],
  ]);
  expect(workingFunctionsNamed('use LIME or Kernel SHAP instead', row)).toEqual([]);
  expect(workingFunctionsNamed('occlusion(model, example) works', row)).toEqual([]);
  expect(workingFunctionsNamed('slime(x) and lime(model, example) work', row)).toEqual(['lime']);
  expect(workingFunctionsNamed('ablationFlip(model, example) works', row)).toEqual(['ablationFlip']);
});

test('docs/conformance.md is this run', () => {
  expect(matrix.size).toBe(KINDS.length);
  const text = renderMatrix(KINDS, METHODS, matrix) + '\n';
  if (process.env.UPDATE_CONFORMANCE === '1') fs.writeFileSync(DOC, text);
  expect(fs.readFileSync(DOC, 'utf8')).toBe(text);
});
