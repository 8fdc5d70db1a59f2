/**
 * The cell executor: tslab's converter turns a cell into CommonJS plus the declarations of
 * every top-level name so far; the JavaScript runs in this context on one shared `exports`
 * object that holds the notebook's names.
 *
 * Why our own (it replaces tslab's `dist/executor.js`, keeping its behaviour otherwise): when
 * a cell throws, tslab keeps the declarations of the cells before it, so the imports and
 * declarations the cell made before the throw exist at run time but not for the compiler, and
 * every later cell that uses them fails with "Cannot find name …". Here a throwing cell keeps
 * the declarations of the names it bound; a name it did not reach keeps its earlier value and
 * declaration, if it had one (see cell-bindings.ts and kept-declarations.ts). Each name is
 * exported as soon as it is bound, not after its statement (exports-as-bound.ts).
 */
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';
import type { CompletionInfo, Converter, Diagnostic, SideOutput } from 'tslab/dist/converter';
import type { ConverterSet } from 'tslab/dist/executor';
import { getCodeMetadata } from 'tslab/dist/metadata';
import { normalizeJoin } from 'tslab/dist/tspath';
import type { QuickInfo } from '@tslab/typescript-for-tslab';
import { CellBindings } from './cell-bindings';
import { declarationsAfterThrow } from './kept-declarations';
import { exportsAsSoonAsBound } from './exports-as-bound';
import { NeverBoundNames } from './never-bound';

/** Where the executor reports: `log(value)` for the last expression, `error(fmt, ...)` for diagnostics, `error(e)` for a throw. */
export interface ExecutorConsole {
  log(value?: unknown): void;
  error(first?: unknown, ...rest: unknown[]): void;
}

/** The global through which a cell's script finds its `exports` and `require` (so that `breakOnSigint` covers the whole cell). */
const CELL_GLOBAL = '__tslitCell__';

type Locals = Record<string, unknown>;

/** A `require` that resolves from the notebook's folder and loads the notebook's own .ts modules from the converter's side outputs. */
function cellRequire(base: NodeJS.Require, dirname: string, sideOutputs: Map<string, string>, sideModules: Map<string, Module>): NodeJS.Require {
  const fromSideOutputs = (id: string): unknown => {
    let filename = normalizeJoin(dirname, id);
    if (path.extname(filename) === '') filename += '.js';
    const cached = sideModules.get(filename);
    if (cached) return cached.exports;
    const source = sideOutputs.get(filename);
    if (source === undefined) return undefined;
    const mod = new Module(filename, module);
    mod.filename = filename;
    mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
    mod.require = cellRequire(mod.require as NodeJS.Require, path.dirname(filename), sideOutputs, sideModules);
    (mod as unknown as { _compile(source: string, filename: string): void })._compile(source, filename);
    sideModules.set(filename, mod);
    return mod.exports;
  };
  return new Proxy(base, {
    apply: (_target, thisArg, args: unknown[]): unknown => {
      if (args.length !== 1 || typeof args[0] !== 'string') return Reflect.apply(base, thisArg, args);
      const id = args[0];
      // As tslab: `import * as tslab from "tslab"` is the tslab this kernel runs.
      if (id === 'tslab') return require('tslab');
      const local = fromSideOutputs(id);
      return local !== undefined ? local : Reflect.apply(base, thisArg, args);
    },
  });
}

export class CellExecutor {
  /** The notebook's top-level names (what tslab calls `locals`). */
  readonly locals: Locals = {};
  private prevDecl = '';
  private readonly neverBound = new NeverBoundNames();
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private readonly require: NodeJS.Require;
  private rejectInterrupt: (reason: Error) => void = () => undefined;
  private interruptPromise!: Promise<never>;

  constructor(rootDir: string, private readonly convs: ConverterSet, private readonly out: ExecutorConsole) {
    this.require = cellRequire(Module.createRequire(normalizeJoin(rootDir, 'src.js')), rootDir, this.sideOutputs, this.sideModules);
    this.resetInterrupt();
  }

  private resetInterrupt(): void {
    this.interruptPromise = new Promise<never>((_, reject) => (this.rejectInterrupt = reject));
    this.interruptPromise.catch(() => undefined);
  }

  /** Abandons the awaited part of the running cell (its work keeps running). */
  interrupt(): void {
    this.rejectInterrupt(new Error('Interrupted asynchronously'));
    this.resetInterrupt();
  }

  private printDiagnostics(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.out.error('%s%d:%d - %s', d.fileName ? d.fileName + ' ' : '', d.start.line + 1, d.start.character + 1, this.neverBound.explain(d.messageText));
  }

  private updateSideOutputs(outs: readonly SideOutput[]): void {
    for (const o of outs) {
      this.sideModules.delete(o.path);
      this.sideOutputs.set(o.path, o.data);
    }
  }

  /** Compiles and runs `src`; false when it did not compile or threw (reported through the console). */
  async execute(src: string): Promise<boolean> {
    const meta = getCodeMetadata(src);
    if (meta.module) {
      const conv = meta.mode === 'browser' ? this.convs.browser : this.convs.node;
      this.printDiagnostics(conv.addModule(meta.module, src, meta));
      return true; // as tslab: a module is registered whatever its errors
    }
    if (meta.mode === 'browser') return true;
    const converted = this.convs.node.convert(this.prevDecl, src);
    if (converted.sideOutputs) this.updateSideOutputs(converted.sideOutputs);
    if (converted.diagnostics.length > 0) {
      this.printDiagnostics(converted.diagnostics);
      return false;
    }
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? '';
      return true;
    }
    const bindings = new CellBindings(this.locals, converted.output);
    const script = exportsAsSoonAsBound(converted.output);
    const prefix = converted.hasToplevelAwait ? '(async function(exports, require) { ' : '(function(exports, require) { ';
    (globalThis as Record<string, unknown>)[CELL_GLOBAL] = { exports: bindings.exports, require: this.require };
    try {
      const ret: unknown = vm.runInThisContext(`${prefix}${script}\n})(${CELL_GLOBAL}.exports, ${CELL_GLOBAL}.require)`, { breakOnSigint: true });
      if (converted.hasToplevelAwait) await Promise.race([ret as Promise<unknown>, this.interruptPromise]);
    } catch (e) {
      this.keepWhatTheCellBound(bindings, converted.declOutput);
      if (converted.lastExpressionVar) delete this.locals[converted.lastExpressionVar];
      this.out.error(e);
      return false;
    } finally {
      bindings.stopRecording();
      this.neverBound.forgetBound(this.locals);
      delete (globalThis as Record<string, unknown>)[CELL_GLOBAL];
    }
    this.prevDecl = converted.declOutput ?? '';
    const last = converted.lastExpressionVar;
    if (last && this.locals[last] != null) {
      const value = this.locals[last];
      delete this.locals[last];
      this.out.log(value);
    }
    return true;
  }

  /** After a throw: names the cell did not reach get their earlier values back; the declarations keep what it bound. */
  private keepWhatTheCellBound(bindings: CellBindings, declOutput: string | undefined): void {
    const unreached = bindings.restoreUnreached();
    this.neverBound.record(unreached, this.locals);
    if (declOutput !== undefined) this.prevDecl = declarationsAfterThrow(declOutput, this.prevDecl, unreached);
  }

  inspect(src: string, position: number): QuickInfo | undefined {
    return this.converterFor(src).inspect(this.prevDecl, src, position);
  }

  complete(src: string, position: number): CompletionInfo {
    return this.converterFor(src).complete(this.prevDecl, src, position);
  }

  private converterFor(src: string): Converter {
    return getCodeMetadata(src).mode === 'browser' ? this.convs.browser : this.convs.node;
  }

  close(): void {
    this.convs.close();
  }
}
