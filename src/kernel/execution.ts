/**
 * Running cells with tslab's TypeScript converter and executor.
 *
 * Notes: tslab's executor reports through a `console` it is given: `log(value)` for the value
 * of the cell's last expression, `error(format, ...)` for compile diagnostics and `error(e)`
 * for a thrown value. We capture those instead of printing them, so that the last value
 * becomes an execute_result (a widget renders as a widget) and errors become `error` outputs.
 * Interrupts: cells run with `breakOnSigint`, so SIGINT stops a synchronous loop; an awaited
 * promise is abandoned through `executor.interrupt()` (its work keeps running). The executor
 * is our own (executor.ts): a cell that throws keeps the names it bound before the throw.
 */
import { createConverter, isCompleteCode, Converter } from 'tslab/dist/converter';
import type { ConverterSet } from 'tslab/dist/executor';
import { CellExecutor } from './executor';
import { printQuickInfo } from 'tslab/dist/inspect';
import { expandShorthandProperties } from './shorthand';
import { format } from 'util';

export interface ExecutionError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type ExecutionOutcome = { ok: true } | ({ ok: false } & ExecutionError);

/** Drops the stack frames of the kernel itself (everything from tslab's vm call down). */
function trimKernelFrames(lines: string[]): string[] {
  const cut = lines.findIndex((l) => /^\s+at (sigintHandlersWrap|Script\.runInThisContext) /.test(l));
  return cut > 0 ? lines.slice(0, cut) : lines;
}

/**
 * Converts a thrown value into the fields of an `error` message.
 *
 * Notes: reading a thrown value runs user code (getters, proxy traps, `toString`); when that
 * throws too, the message says so instead of reporting the second error as the cell's.
 */
export function describeError(error: unknown): ExecutionError {
  try {
    return describeReadable(error);
  } catch (whileReading) {
    let reason = 'unknown';
    try {
      reason = whileReading instanceof Error ? String(whileReading.message) : typeof whileReading;
    } catch {
      // the second value cannot be read either
    }
    const evalue = `The cell threw a value that cannot be read (reading it threw: ${reason})`;
    return { ename: 'Error', evalue, traceback: [evalue] };
  }
}

function describeReadable(error: unknown): ExecutionError {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    const e = error as Error;
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const message = String(e.message);
    const stack = typeof e.stack === 'string' ? e.stack : `${name}: ${message}`;
    return { ename: name, evalue: message, traceback: trimKernelFrames(stack.split('\n')) };
  }
  return { ename: 'Error', evalue: String(error), traceback: [`Uncaught ${format(error)}`] };
}

class LazyConverters implements ConverterSet {
  private nodeConverter?: Converter;
  private browserConverter?: Converter;
  get node(): Converter {
    return (this.nodeConverter ??= createConverter({ isJS: false, isBrowser: false }));
  }
  get browser(): Converter {
    return (this.browserConverter ??= createConverter({ isJS: false, isBrowser: true }));
  }
  close(): void {
    this.nodeConverter?.close();
    this.browserConverter?.close();
  }
}

/** Collects what the executor reports during one execution. */
interface Capture {
  diagnostics: string[];
  thrown: { value: unknown } | undefined;
  onResult: (value: unknown) => void;
}

export class CodeRunner {
  private readonly converters = new LazyConverters();
  private readonly executor: CellExecutor;
  private capture: Capture | undefined;
  private abandonCurrent: (() => void) | undefined;

  constructor(rootDir: string) {
    this.converters.node; // warm up: the first compile takes seconds
    this.executor = new CellExecutor(rootDir, this.converters, {
      log: (value?: unknown) => this.capture?.onResult(value),
      error: (first?: unknown, ...rest: unknown[]) => {
        if (!this.capture) return;
        if (rest.length > 0) this.capture.diagnostics.push(format(first, ...rest));
        else this.capture.thrown = { value: first };
      },
    });
  }

  /** Compiles and runs `code`; `onResult` receives the last expression's value, if any. */
  async run(code: string, onResult: (value: unknown) => void): Promise<ExecutionOutcome> {
    const capture: Capture = { diagnostics: [], thrown: undefined, onResult };
    this.capture = capture;
    let ok: boolean;
    // tslab's own interrupt only reaches a cell already awaiting; this one also catches a
    // SIGINT that arrives while the cell is still compiling.
    const interrupted = new Promise<never>((_, reject) => {
      this.abandonCurrent = () => reject(new Error('Interrupted by the user'));
    });
    interrupted.catch(() => undefined);
    try {
      ok = await Promise.race([this.executor.execute(expandShorthandProperties(code)), interrupted]);
    } catch (e) {
      ok = false;
      capture.thrown = { value: e };
    } finally {
      this.capture = undefined;
      this.abandonCurrent = undefined;
    }
    if (ok) return { ok: true };
    if (capture.thrown) return { ok: false, ...describeError(capture.thrown.value) };
    return { ok: false, ename: 'CompileError', evalue: capture.diagnostics.join('\n'), traceback: capture.diagnostics };
  }

  complete(code: string, cursor: number): { cursor_start: number; cursor_end: number; matches: string[] } {
    const info = this.executor.complete(code, cursor);
    return { cursor_start: info.start, cursor_end: info.end, matches: info.candidates };
  }

  /** Quick info (type and docs) at `cursor`, or undefined. */
  inspect(code: string, cursor: number): string | undefined {
    const info = this.executor.inspect(code, cursor);
    return info ? printQuickInfo(info) : undefined;
  }

  isComplete(code: string): { status: 'complete' } | { status: 'incomplete'; indent: string } {
    const res = isCompleteCode(code);
    return res.completed ? { status: 'complete' } : { status: 'incomplete', indent: res.indent ?? '' };
  }

  /** Abandons an awaited cell (synchronous code is stopped by SIGINT itself). */
  interrupt(): void {
    this.executor.interrupt();
    this.abandonCurrent?.();
  }

  close(): void {
    this.executor.close();
  }
}
