/**
 * Which top-level names one run of a cell bound, so that a cell that throws loses nothing.
 *
 * How: TypeScript's CommonJS output first sets every name the cell declares to undefined in one
 * header (`exports.b = exports.a = void 0;`), then assigns each one where its declaration runs
 * (functions at once: they are hoisted). The cell runs against a proxy of the notebook's
 * `exports` that counts assignments per name; a header name assigned only by the header was
 * not reached before the throw. Such a name gets its value from before the cell back (or is
 * removed when it had none), so a redeclaration below the throw does not wipe an earlier
 * cell's value. The proxy then drops later writes to those names: they come from the rest of
 * a cell whose awaited part the interrupt abandoned, which would otherwise go on running and
 * overwrite the earlier value (with one the compiler's declaration does not describe).
 */

type Locals = Record<string, unknown>;

/** Whether `line` is one of the `exports.x = … = void 0;` header lines of TypeScript's CommonJS output. */
export function isHeaderLine(line: string): boolean {
  return /^exports\.[^\s=]+ = (?:exports\.[^\s=]+ = )*void 0;$/.test(line);
}

/** The names in the header lines of TypeScript's CommonJS output. */
export function headerNames(output: string): Set<string> {
  const names = new Set<string>();
  for (const line of output.split('\n')) {
    if (!isHeaderLine(line)) continue;
    for (const m of line.matchAll(/exports\.([^\s=]+) = /g)) names.add(m[1]);
  }
  return names;
}

export class CellBindings {
  /** What the cell's code gets as `exports`: forwards to the notebook's names, counting assignments while recording. */
  readonly exports: Locals;
  private readonly assignments = new Map<string, number>();
  private readonly before = new Map<string, unknown>();
  private readonly header: Set<string>;
  private readonly unreached = new Set<string>();
  private recording = true;

  constructor(private readonly locals: Locals, output: string) {
    this.header = headerNames(output);
    for (const name of this.header) if (Object.prototype.hasOwnProperty.call(locals, name)) this.before.set(name, locals[name]);
    this.exports = new Proxy(locals, {
      // TypeScript turns named imports into defineProperty with a getter; as tslab, the value is
      // read once and stored, so imported names stay rewritable by later cells.
      defineProperty: (_target, prop, attrs) => {
        if (prop === '__esModule' || (typeof prop === 'string' && this.unreached.has(prop))) return true;
        if (this.recording && typeof prop === 'string') this.assignments.set(prop, (this.assignments.get(prop) ?? 0) + 1);
        (locals as Record<string | symbol, unknown>)[prop] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
  }

  /** Ends counting (closures of the cell keep using `exports` afterwards). */
  stopRecording(): void {
    this.recording = false;
  }

  /** Puts back the earlier values of the names the cell declared but did not reach, and keeps the cell from writing them; returns those names. */
  restoreUnreached(): Set<string> {
    const unreached = this.unreached;
    for (const name of this.header) {
      if ((this.assignments.get(name) ?? 0) > 1) continue;
      unreached.add(name);
      if (this.before.has(name)) this.locals[name] = this.before.get(name);
      else delete this.locals[name];
    }
    return new Set(unreached);
  }
}
