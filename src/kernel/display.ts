/**
 * Rich display: turning a value into a MIME bundle and sending it to the current cell.
 *
 * Notes: a value is displayable when it has a `displayData()` method returning a MIME bundle
 * (widgets do); everything else is shown as `text/plain` via util.inspect, like a REPL.
 */
import { inspect } from 'util';
import { MimeBundle, requireKernel } from './context';

/** Anything that knows its own MIME bundle. */
export interface Displayable {
  displayData(): MimeBundle;
}

export function isDisplayable(value: unknown): value is Displayable {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as Partial<Displayable>).displayData === 'function';
}

/** The MIME bundle for any value; always has `text/plain`. */
export function mimeBundleOf(value: unknown): MimeBundle {
  if (isDisplayable(value)) {
    const bundle = value.displayData();
    return 'text/plain' in bundle ? bundle : { ...bundle, 'text/plain': inspect(value, { depth: 1 }) };
  }
  return { 'text/plain': typeof value === 'string' ? value : inspect(value, { colors: false }) };
}

/** Shows `obj` in the current cell's output: a widget renders as its view. */
export function display(obj: unknown): void {
  requireKernel('display()').displayData(mimeBundleOf(obj));
}
