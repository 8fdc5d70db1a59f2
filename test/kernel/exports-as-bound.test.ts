/**
 * A cell's names reach `exports` as soon as they are bound (src/kernel/exports-as-bound.ts):
 * the rewritten text, and what a cell that throws has exported, on tslab's real output.
 */
import { createConverter, Converter } from 'tslab/dist/converter';
import { exportsAsSoonAsBound } from '../../src/kernel/exports-as-bound';

let converter: Converter;
beforeAll(() => {
  converter = createConverter({ isJS: false, isBrowser: false });
});
afterAll(() => converter.close());

function outputOf(src: string): string {
  const converted = converter.convert('', src);
  expect(converted.diagnostics).toEqual([]);
  return converted.output ?? '';
}

/** Runs CommonJS `output` on a fresh exports object; returns what it exported and what it threw. */
function run(output: string): { exports: Record<string, unknown>; thrown: unknown } {
  const exports: Record<string, unknown> = {};
  try {
    new Function('exports', 'require', output)(exports, require);
    return { exports, thrown: undefined };
  } catch (e) {
    return { exports, thrown: e };
  }
}

describe('exportsAsSoonAsBound', () => {
  it('splits a statement with several declarators, exporting each one where it runs, on the same line', () => {
    const output = [
      'Object.defineProperty(exports, "__esModule", { value: true });',
      'exports.c = exports.b = exports.a = void 0;',
      'const a = 1, [b, { c }] = f();',
      'exports.a = a;',
      'exports.b = b;',
      'exports.c = c;',
    ].join('\n');
    expect(exportsAsSoonAsBound(output).split('\n')).toEqual([
      'Object.defineProperty(exports, "__esModule", { value: true });',
      'exports.c = exports.b = exports.a = void 0;',
      'const a = 1; exports.a = a; const [b, { c }] = f();',
      'exports.a = a;',
      'exports.b = b;',
      'exports.c = c;',
    ]);
  });

  it('keeps a name bound before a throwing declarator of the same statement', () => {
    const output = outputOf('function g(): number { throw new RangeError("g"); }\nlet m1 = 1, [m2] = [g()], m3 = 3;');
    expect(run(output).exports).toEqual({ g: expect.any(Function), m1: undefined, m2: undefined, m3: undefined });
    const rewritten = run(exportsAsSoonAsBound(output));
    expect(rewritten.thrown).toBeInstanceOf(RangeError);
    expect(rewritten.exports).toEqual({ g: expect.any(Function), m1: 1, m2: undefined, m3: undefined });
  });

  it('inside a destructuring pattern, keeps the names bound before a default that throws', () => {
    const output = outputOf('function g(): number { throw new RangeError("g"); }\nconst o: { a: number; b?: number } = { a: 1 };\nconst { a, b = g() } = o;');
    expect(run(output).exports).toMatchObject({ a: undefined, b: undefined });
    const rewritten = exportsAsSoonAsBound(output);
    expect(rewritten).toContain('const { a, b = (exports.a = a, g()) } = o;');
    const { exports, thrown } = run(rewritten);
    expect(thrown).toBeInstanceOf(RangeError);
    expect(exports).toMatchObject({ o: { a: 1 }, a: 1, b: undefined });
  });

  it('inside a pattern, defaults reading earlier names (nested, renamed, with rest and holes) give the same values', () => {
    const deep = outputOf('const { k: [x, , { y = x + 1, ...more }], z = y * 2 } = { k: [1, 0, { w: 3 }] } as any;');
    const rewritten = exportsAsSoonAsBound(deep);
    expect(rewritten).toContain('y = (exports.x = x, x + 1)');
    expect(rewritten).toContain('z = (exports.x = x, exports.y = y, exports.more = more, y * 2)');
    const { exports, thrown } = run(rewritten);
    expect(thrown).toBeUndefined();
    expect(exports).toMatchObject({ x: 1, y: 2, more: { w: 3 }, z: 4 });
  });

  it('exports a function declared below the throw, as JavaScript binds it before the cell runs', () => {
    const output = outputOf('const early = helper();\nthrow new Error("x");\nfunction helper() { return "h"; }');
    expect(run(output).exports.helper).toBeUndefined();
    const { exports, thrown } = run(exportsAsSoonAsBound(output));
    expect((thrown as Error).message).toBe('x');
    expect(exports.early).toBe('h');
    expect((exports.helper as () => string)()).toBe('h');
  });

  it('exports the same values as the original when nothing throws, including destructuring and top-level let', () => {
    const src = 'let u, w = 2;\nconst [p, , { q = 5 }] = [1, 0, {}], s = p + q;\nvar v = s * 2, t = "t";\nfunction twice(n: number) { return 2 * n; }\nw = twice(w);';
    const output = outputOf(src);
    const rewritten = exportsAsSoonAsBound(output);
    expect(rewritten.split('\n').length).toBe(output.split('\n').length);
    const values = (exports: Record<string, unknown>) => Object.entries(exports).map(([k, v]) => [k, typeof v === 'function' ? v.toString() : v]);
    expect(run(rewritten).thrown).toBeUndefined();
    expect(values(run(rewritten).exports)).toEqual(values(run(output).exports));
    expect(run(rewritten).exports).toMatchObject({ u: undefined, w: 4, p: 1, q: 5, s: 6, v: 12, t: 't', twice: expect.any(Function) });
  });

  it('hoists after the last header line when the names fill several', () => {
    const consts = Array.from({ length: 60 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const output = outputOf(`${consts}\nthrow new Error("x");\nfunction fn() { return v59; }`);
    const lines = exportsAsSoonAsBound(output).split('\n');
    expect(lines[2]).toMatch(/^exports\.v59 = .* = void 0; exports\.fn = fn;$/);
    const { exports } = run(lines.join('\n'));
    expect([exports.v59, typeof exports.fn]).toEqual([59, 'function']);
  });

  it('leaves output without declared names alone', () => {
    const output = outputOf('console.log(1 + 1);');
    expect(exportsAsSoonAsBound(output)).toBe(output);
  });
});
