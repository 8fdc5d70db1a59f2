/**
 * The architecture guard: the layer rules of ARCHITECTURE.md, a pure `core`, and small files.
 *
 * Every `import`, `import type`, `export ... from`, `require()`, dynamic `import()` and
 * `import('x').T` in `src/**\/*.ts` is read with the TypeScript parser and checked against
 * the rules in ./rules.ts. A failure lists every offending reference as
 * `file:line: imports X (layer Y may not import Z)`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { moduleReferences } from './imports';
import { runtimeGlobalUses } from './runtime-globals';
import { layerOf, violation } from './rules';

const SRC = path.resolve(__dirname, '../../src');
const MAX_LINES = 400;

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, keep);
    return keep(full) ? [full] : [];
  });
}

const tsFiles = filesUnder(SRC, (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const repoPath = (file: string): string => path.relative(path.dirname(SRC), file);

describe('the module reader', () => {
  it('sees every kind of reference and tells type-only ones apart', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C, type D } from './c';",
      "import { type E, f } from './e';",
      "import './side-effect';",
      "export * from './g';",
      "export type { H } from './h';",
      "import i = require('./i');",
      "const j = require('./j');",
      "async function k() { return import('./k'); }",
      "let l: typeof import('./l');",
      "let m: import('./m').M;",
      "const n = require(name);",
    ].join('\n');
    const refs = moduleReferences('x.ts', text).map((r) => `${r.line} ${r.specifier ?? '?'} ${r.typeOnly ? 'type' : 'value'}`);
    expect(refs).toEqual([
      '1 ./a value', '2 ./b type', '3 ./c type', '4 ./e value', '5 ./side-effect value', '6 ./g value', '7 ./h type',
      '8 ./i value', '9 ./j value', '10 ./k value', '11 ./l type', '12 ./m type', '13 ? value',
    ]);
  });

  it('applies the rules to each kind of target', () => {
    const at = (layer: string): string => path.join(SRC, layer, 'some', 'file.ts');
    expect(violation(SRC, at('core'), 3, '../../model/adapter')).toBe('src/core/some/file.ts:3: imports ../../model/adapter (layer core may not import model)');
    expect(violation(SRC, at('core'), 1, '@tensorflow/tfjs')).toBe('src/core/some/file.ts:1: imports @tensorflow/tfjs (layer core may not import tfjs)');
    expect(violation(SRC, at('core'), 1, 'node:fs')).toMatch(/layer core may not import Node built-ins/);
    expect(violation(SRC, at('lab'), 1, '@tensorflow/tfjs-core')).toMatch(/layer lab may not import tfjs/);
    expect(violation(SRC, at('lab'), 1, '../../kernel/widget')).toMatch(/layer lab may not import kernel/);
    expect(violation(SRC, at('lab'), 1, '../../../package.json')).toBeUndefined();
    expect(violation(SRC, at('lab'), 1, '../../core/spec')).toBeUndefined();
    expect(violation(SRC, at('kernel'), 1, '../../explain/salience')).toMatch(/layer kernel may not import explain/);
    expect(violation(SRC, at('kernel'), 1, '../..')).toMatch(/layer kernel may not import entry/);
    expect(violation(SRC, at('model'), 1, '../../explain/salience')).toMatch(/layer model may not import explain/);
    expect(violation(SRC, at('explain'), 1, '../../widgets/session')).toMatch(/layer explain may not import widgets/);
    expect(violation(SRC, at('explain'), 1, '../../model/adapter')).toBeUndefined();
    expect(violation(SRC, at('widgets'), 1, '../../lab/plugin')).toMatch(/layer widgets may not import lab/);
    expect(violation(SRC, at('widgets'), 1, '@lumino/widgets')).toMatch(/layer widgets may not import browser-only packages/);
    expect(violation(SRC, at('export'), 1, '../../model')).toMatch(/layer export may not import model/);
    expect(violation(SRC, at('export'), 1, 'playwright-core')).toBeUndefined();
    expect(violation(SRC, at('model'), 1, undefined)).toMatch(/computed module name/);
    expect(layerOf(SRC, path.join(SRC, 'index.ts'))).toBe('entry');
  });

  it('finds DOM and Node globals but not the ones both runtimes share', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-arch-'));
    const file = path.join(dir, 'uses-runtime.ts');
    fs.writeFileSync(file, 'export const title = document.title;\nexport const cwd = process.cwd();\nconsole.log(title, new TextEncoder());\n');
    try {
      expect(runtimeGlobalUses([file], path.basename)).toEqual([
        'uses-runtime.ts:1: uses document (from lib.dom)',
        'uses-runtime.ts:2: uses process (from @types/node)',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('the layers of src/', () => {
  it('reads a real tree', () => {
    expect(tsFiles.length).toBeGreaterThan(100);
    expect(tsFiles.map((f) => layerOf(SRC, f))).toEqual(expect.arrayContaining(['core', 'kernel', 'model', 'explain', 'widgets', 'lab']));
  });

  it('import only what ARCHITECTURE.md allows', () => {
    const violations = tsFiles.flatMap((file) =>
      moduleReferences(file, fs.readFileSync(file, 'utf8')).map((ref) => violation(SRC, file, ref.line, ref.specifier)),
    ).filter((v): v is string => v !== undefined);
    expect(violations).toEqual([]);
  });

  it('core uses no DOM or Node globals', () => {
    const coreFiles = tsFiles.filter((f) => layerOf(SRC, f) === 'core');
    expect(runtimeGlobalUses(coreFiles, repoPath)).toEqual([]);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const offenders = filesUnder(SRC, () => true)
      .map((file) => ({ file, lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${repoPath(file)}: ${lines} lines`);
    expect(offenders).toEqual([]);
  });
});
