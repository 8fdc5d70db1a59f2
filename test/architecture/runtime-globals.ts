/**
 * The DOM and Node globals a set of files uses, found with the TypeScript type checker.
 *
 * Notes: `core` must run unchanged in the kernel (Node) and in the browser, yet the repo's
 * tsconfig loads both `lib.dom` and `@types/node`, so `document` or `process` in core would
 * compile. Resolving every identifier to its declaration shows where it comes from.
 */
import * as ts from 'typescript';

/** Globals both runtimes provide alike, so core may use them. */
const SHARED_BY_BOTH = new Set([
  'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone',
  'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'AbortController', 'AbortSignal', 'performance',
]);

/** `file:line: uses NAME (from lib.dom / @types/node)` for each runtime-specific global in `files`. */
export function runtimeGlobalUses(files: readonly string[], rootOf: (file: string) => string): string[] {
  const program = ts.createProgram([...files], { target: ts.ScriptTarget.ES2021, lib: ['lib.es2021.d.ts', 'lib.dom.d.ts'], types: ['node'], strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const uses: string[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`runtimeGlobalUses: ${file} was not loaded`);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && !isMemberName(node) && !SHARED_BY_BOTH.has(node.text)) {
        const origin = runtimeOrigin(checker.getSymbolAtLocation(node));
        if (origin) uses.push(`${rootOf(file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: uses ${node.text} (from ${origin})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

/** True for `b` in `a.b` and `A.B`: the global is `a`, checked on its own. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isQualifiedName(parent) && parent.right === node);
}

/** 'lib.dom' or '@types/node' when every declaration of the symbol is there, else undefined. */
function runtimeOrigin(symbol: ts.Symbol | undefined): string | undefined {
  const files = (symbol?.declarations ?? []).map((d) => d.getSourceFile().fileName);
  if (files.length === 0) return undefined;
  if (files.every((f) => /\/lib\.dom(\.iterable)?\.d\.ts$/.test(f))) return 'lib.dom';
  if (files.every((f) => f.includes('/node_modules/@types/node/'))) return '@types/node';
  if (files.every((f) => /\/lib\.dom(\.iterable)?\.d\.ts$/.test(f) || f.includes('/node_modules/@types/node/'))) return 'lib.dom and @types/node';
  return undefined;
}
