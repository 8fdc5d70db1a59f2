/** What the compiler is told after a cell threw (src/kernel/kept-declarations.ts, cell-bindings.ts). */
import { headerNames } from '../../src/kernel/cell-bindings';
import { declarationsAfterThrow } from '../../src/kernel/kept-declarations';

describe('declarations after a throwing cell', () => {
  it('reads the names of the void-0 header lines only', () => {
    const output = 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.b = exports.$a = exports.tsLastExpr = void 0;\nexports.q = exports.a + 1;\nexports.c = void 0;\n';
    expect([...headerNames(output)].sort()).toEqual(['$a', 'b', 'c', 'tsLastExpr']);
  });

  it('drops the unreached values, keeps types and the reached names of a shared statement', () => {
    const cell = 'import { join, basename } from "path";\nimport * as fs from "fs";\ndeclare const a = 1, late: number;\ndeclare class Late {\n}\ninterface Shape {\n    n: number;\n}\ndeclare let old: string;\n';
    const kept = declarationsAfterThrow(cell, 'declare let old: string;\n', new Set(['basename', 'fs', 'late', 'Late']));
    expect(kept).toBe('import { join } from "path";\ndeclare const a = 1;\ninterface Shape {\n    n: number;\n}\ndeclare let old: string;\n');
  });

  it('gives an unreached name that was declared before its earlier declaration back', () => {
    const cell = 'declare const extra = 3;\ndeclare let model: number;\n';
    const earlier = 'declare let model: string;\ntype Kept = string;\nimport { sep, join } from "path";\n';
    expect(declarationsAfterThrow(cell, earlier, new Set(['model', 'join']))).toBe('declare const extra = 3;\ndeclare let model: string;\nimport { join } from "path";\n');
  });

  it('returns the cell declarations unchanged when every name was reached', () => {
    expect(declarationsAfterThrow('declare const a = 1;\n', '', new Set())).toBe('declare const a = 1;\n');
  });
});
