/**
 * Rewrites tslab's CommonJS output of a cell so that every top-level name reaches the
 * notebook's `exports` as soon as JavaScript binds it, not only after its whole statement ran.
 *
 * Why: tslab exports a variable statement's names after the statement
 * (`const a = 1, b = g();` then `exports.a = a; exports.b = b;`), so when `g()` throws, `a`
 * was bound but is lost with the cell; and it exports a function where its declaration is
 * written, although JavaScript binds a function declaration before the cell's first statement
 * runs, so a helper written below the line that throws was lost too.
 *
 * Notes: a statement with several declarators becomes one statement per declarator, each
 * followed by the exports of its names, on the same line (so stack traces keep their line
 * numbers); the same bindings are made in the same order. Inside a destructuring pattern
 * (`const { a, b = g() } = o`), JavaScript binds `a` before it runs `g()`: each default first
 * exports the names bound before it (`b = (exports.a = a, g())`). A nested pattern that
 * destructures `undefined` (`const [a, { c }] = [1]`) still loses `a`: hooking it would put our
 * rewrite's text into V8's TypeError message. A function's export is also written
 * right after the header that declares the cell's names. tslab's own exports stay where they
 * are (they assign the same values again). Only names in the header are exported: those are
 * the ones tslab exports.
 */
import * as ts from '@tslab/typescript-for-tslab';
import { headerNames, isHeaderLine } from './cell-bindings';

/** The identifiers a binding name binds (`a`, `[a, { b: c }]` → a, c). */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) names.push(...boundNames(element.name));
  return names;
}

function keyword(list: ts.VariableDeclarationList): string {
  if (list.flags & ts.NodeFlags.Const) return 'const';
  if (list.flags & ts.NodeFlags.Let) return 'let';
  return 'var';
}

/**
 * The declarator's text with each default in its pattern first exporting the names
 * bound before it (see the file's notes); its own text when there is none.
 */
function withPatternExports(d: ts.VariableDeclaration, file: ts.SourceFile, exported: ReadonlySet<string>): string {
  const base = d.getStart(file);
  const text = d.getText(file);
  if (ts.isIdentifier(d.name)) return text;
  const edits: Edit[] = [];
  const bound: string[] = [];
  // `exports.a = a, exports.b = b` for the exported names bound so far ('' for none).
  const hook = (): string => bound.filter((n) => exported.has(n)).map((n) => `exports.${n} = ${n}`).join(', ');
  const visit = (pattern: ts.BindingPattern): void => {
    for (const element of pattern.elements) {
      if (ts.isOmittedExpression(element)) continue;
      const before = hook();
      const init = element.initializer;
      if (before !== '' && init) edits.push({ start: init.getStart(file) - base, end: init.end - base, text: `(${before}, ${init.getText(file)})` });
      if (ts.isIdentifier(element.name)) bound.push(element.name.text);
      else visit(element.name);
    }
  };
  visit(d.name);
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The cell's output with each declarator's names exported where it runs and function exports hoisted. */
export function exportsAsSoonAsBound(output: string): string {
  const exported = headerNames(output);
  if (exported.size === 0) return output;
  const file = ts.createSourceFile('cell.js', output, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const exportsOf = (names: readonly string[]): string => names.filter((n) => exported.has(n)).map((n) => ` exports.${n} = ${n};`).join('');
  const edits: Edit[] = [];
  let headerEnd = -1;
  const hoisted: string[] = [];
  for (const stmt of file.statements) {
    if (ts.isExpressionStatement(stmt) && isHeaderLine(stmt.getText(file))) headerEnd = stmt.end;
    if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.body) hoisted.push(stmt.name.text);
    if (!ts.isVariableStatement(stmt)) continue;
    const declarations = stmt.declarationList.declarations;
    const texts = declarations.map((d) => withPatternExports(d, file, exported));
    if (declarations.length < 2) {
      if (texts[0] !== declarations[0].getText(file)) edits.push({ start: declarations[0].getStart(file), end: declarations[0].end, text: texts[0] });
      continue;
    }
    const kw = keyword(stmt.declarationList);
    const text = declarations
      .map((d, i) => `${kw} ${texts[i]};` + (i < declarations.length - 1 ? exportsOf(boundNames(d.name)) : ''))
      .join(' ');
    edits.push({ start: stmt.getStart(file), end: stmt.end, text });
  }
  if (headerEnd >= 0 && hoisted.length > 0) edits.push({ start: headerEnd, end: headerEnd, text: exportsOf(hoisted) });
  let out = output;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
