/**
 * Every module reference of one TypeScript file, read with the TypeScript compiler's parser.
 *
 * Notes: a regex misses `import type`, `export ... from`, `import x = require()`,
 * `typeof import('x')` and dynamic `import()`; the parser sees them all and tells type-only
 * references (erased at compile time) from ones that load code.
 */
import * as ts from 'typescript';

export interface ModuleReference {
  /** The string as written (`'../model'`, `'@tensorflow/tfjs'`), or `undefined` when it is not a literal. */
  specifier: string | undefined;
  /** True when the reference is erased at compile time (`import type`, `export type`, `import('x').T`). */
  typeOnly: boolean;
  /** 1-based line of the reference. */
  line: number;
}

/** The module references of `text` (the contents of `fileName`), in source order. */
export function moduleReferences(fileName: string, text: string): ModuleReference[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ModuleReference[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, isTypeOnlyImport(node.importClause));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node, node.moduleSpecifier, isTypeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      add(node, ts.isLiteralTypeNode(arg) ? arg.literal : undefined, true);
    } else if (ts.isCallExpression(node) && isLoaderCall(node)) add(node, node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import 'x'` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** `require(...)` or a dynamic `import(...)`. */
function isLoaderCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
  return (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) && node.arguments.length === 1;
}
