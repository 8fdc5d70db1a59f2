/**
 * Expands shorthand properties (`{ spam }` → `{ spam: spam }`) in a cell before tslab
 * converts it.
 *
 * Why: tslab keeps each cell's top-level names on a shared `exports` object and rewrites
 * references to earlier cells' names into `exports.name`, but it does not rewrite a shorthand
 * property, which then names a variable that does not exist in the new cell and throws
 * "spam is not defined". The expanded form means exactly the same in JavaScript, in object
 * literals and in destructuring assignments (`({ a = 1 } = o)` → `({ a: a = 1 } = o)`).
 */
import * as ts from '@tslab/typescript-for-tslab';

/** `code` with every shorthand property written out; unchanged when there is none. */
export function expandShorthandProperties(code: string): string {
  if (code.trimStart().startsWith('%%')) return code; // a cell magic line is not TypeScript
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) inserts.push({ at: node.name.end, text: `: ${node.name.text}` });
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = code;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}
