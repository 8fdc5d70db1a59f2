/**
 * The declarations the compiler sees after a cell threw: the cell's own (tslab's `declOutput`,
 * which already holds the earlier cells' declarations it did not redeclare) without the values
 * the cell never reached, plus the earlier declarations of those names, if any.
 *
 * Notes: types (interfaces, type aliases) have no run time, so the cell's are kept. A value
 * declaration statement may name several values (`import { a, b }`, `declare const a, b`);
 * only the unreached names are taken out of it.
 */
import * as ts from '@tslab/typescript-for-tslab';

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile('decls.d.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function identifierName(name: ts.Node | undefined): string | undefined {
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

/** The value names a declaration statement binds (none for type-only statements). */
export function valueNames(stmt: ts.Statement): string[] {
  if (ts.isVariableStatement(stmt)) return stmt.declarationList.declarations.map((d) => identifierName(d.name)).filter((n): n is string => n !== undefined);
  if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt) || ts.isModuleDeclaration(stmt) || ts.isImportEqualsDeclaration(stmt)) {
    const name = identifierName(stmt.name);
    return name ? [name] : [];
  }
  if (ts.isImportDeclaration(stmt) && stmt.importClause) {
    const clause = stmt.importClause;
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
    return names;
  }
  return [];
}

/** `stmt` narrowed to the value names `keep` accepts: the statement itself, a smaller copy, or undefined. */
function narrowed(stmt: ts.Statement, keep: (name: string) => boolean): ts.Statement | undefined {
  const names = valueNames(stmt);
  if (names.every(keep)) return stmt;
  if (!names.some(keep)) return undefined;
  if (ts.isVariableStatement(stmt)) {
    const kept = stmt.declarationList.declarations.filter((d) => keep(identifierName(d.name) ?? ''));
    return ts.factory.updateVariableStatement(stmt, stmt.modifiers, ts.factory.updateVariableDeclarationList(stmt.declarationList, kept));
  }
  if (ts.isImportDeclaration(stmt) && stmt.importClause) {
    const clause = stmt.importClause;
    const name = clause.name && keep(clause.name.text) ? clause.name : undefined;
    let bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && !keep(bindings.name.text)) bindings = undefined;
    if (bindings && ts.isNamedImports(bindings)) {
      const elements = bindings.elements.filter((e) => keep(e.name.text));
      bindings = elements.length > 0 ? ts.factory.updateNamedImports(bindings, elements) : undefined;
    }
    const newClause = ts.factory.updateImportClause(clause, clause.isTypeOnly, name, bindings);
    return ts.factory.updateImportDeclaration(stmt, stmt.modifiers, newClause, stmt.moduleSpecifier, stmt.assertClause);
  }
  return undefined; // one name per statement otherwise, and that name is not kept
}

function print(stmts: readonly ts.Statement[], file: ts.SourceFile): string {
  return stmts.map((s) => printer.printNode(ts.EmitHint.Unspecified, s, file) + '\n').join('');
}

/** Declarations for the next cell after a cell threw before binding the names in `unreached`. */
export function declarationsAfterThrow(declOutput: string, prevDecl: string, unreached: ReadonlySet<string>): string {
  if (unreached.size === 0) return declOutput;
  const cell = parse(declOutput);
  const fromCell = cell.statements.map((s) => narrowed(s, (n) => !unreached.has(n))).filter((s): s is ts.Statement => s !== undefined);
  const earlier = parse(prevDecl);
  const fromEarlier = earlier.statements.map((s) => narrowed(s, (n) => unreached.has(n))).filter((s): s is ts.Statement => s !== undefined);
  // Earlier statements that are type-only (no value names) are already in declOutput when the cell did not redeclare them.
  const earlierValues = fromEarlier.filter((s) => valueNames(s).length > 0);
  return print(fromCell, cell) + print(earlierValues, earlier);
}
