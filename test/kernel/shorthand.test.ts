/**
 * Shorthand properties are written out before tslab converts a cell (src/kernel/shorthand.ts):
 * the text tslab sees, and that it then means the same as the shorthand.
 */
import { expandShorthandProperties } from '../../src/kernel/shorthand';

describe('expandShorthandProperties', () => {
  it('writes out object literal shorthands, nested and in calls', () => {
    expect(expandShorthandProperties('const o = { spam, n: 1, inner: { ham } };\nf({ spam });'))
      .toBe('const o = { spam: spam, n: 1, inner: { ham: ham } };\nf({ spam: spam });');
  });

  it('keeps destructuring declarations, and writes out destructuring assignments with defaults', () => {
    expect(expandShorthandProperties('const { a, b } = o;')).toBe('const { a, b } = o;');
    expect(expandShorthandProperties('({ a, b = 2 } = o);')).toBe('({ a: a, b: b = 2 } = o);');
  });

  it('leaves code without shorthands, strings, comments and cell magics alone', () => {
    for (const code of ['const x = { a: 1 };', "const s = '{ spam }'; // { ham }", '%%node\nconst o = { spam };', '']) {
      expect(expandShorthandProperties(code)).toBe(code);
    }
  });

  it('means the same as the shorthand', () => {
    const spam = 3;
    const a = 0;
    const run = (code: string) => new Function('spam', 'o', `let a = 0; ${code}; return [r, a];`)(spam, { a: 5 }) as unknown[];
    expect(run(expandShorthandProperties('const r = { spam }; ({ a } = o)'))).toEqual(run('const r = { spam }; ({ a } = o)'));
    expect(a).toBe(0);
  });
});
