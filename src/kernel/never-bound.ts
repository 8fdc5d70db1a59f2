/**
 * The names that a cell declared but had not bound when it threw (below the throw, or in the
 * statement that threw), and that no cell has bound since, so that "Cannot find name 'b'" for
 * one of them says why.
 *
 * Why: after a throw the compiler is not told about a name the cell never reached (it has no
 * value; see kept-declarations.ts), and TypeScript's message alone reads as if the name had
 * never been written.
 */

/** TypeScript's "Cannot find name 'x'." (2304) and "Cannot find name 'x'. Did you mean 'y'?" (2552). */
const CANNOT_FIND_NAME = /^Cannot find name '([^']+)'\./;

export class NeverBoundNames {
  private readonly names = new Set<string>();

  /** After a throw: `unreached` were declared but not bound; those without an earlier value are never bound. */
  record(unreached: Iterable<string>, locals: Record<string, unknown>): void {
    for (const name of unreached) if (!Object.prototype.hasOwnProperty.call(locals, name)) this.names.add(name);
  }

  /** After a cell ran: the names it bound are no longer unbound. */
  forgetBound(locals: Record<string, unknown>): void {
    for (const name of this.names) if (Object.prototype.hasOwnProperty.call(locals, name)) this.names.delete(name);
  }

  /** A compiler message, with the reason added when it cannot find a never-bound name. */
  explain(message: string): string {
    const name = CANNOT_FIND_NAME.exec(message)?.[1];
    if (name === undefined || !this.names.has(name)) return message;
    return `${message} '${name}' is declared in an earlier cell that threw before binding it, so it has no value; run that cell again once it no longer throws.`;
  }
}
