/**
 * A custom view registered from a cell (`s.registry.addView({ name, esm })`), shown with
 * `customView(s, name)`: the browser imports the module's text and calls its
 * `render({ model, el })` (anywidget's contract), and the view is one more view of the session.
 *
 * Notes:
 * - Linked through the session like every view: the state holds the session's `selection`,
 *   `primary` and `pins` (and `examples`, the selected examples' plain values); the module's
 *   `model.set('selection', ids); model.save_changes()` reaches this widget, which checks the ids
 *   and changes the session, so the table, editor and salience follow. An unknown id is
 *   refused with a message naming it and the view gets the session's values back.
 * - `data` is the person's own JSON (passed in the cell, or written by the module) that the
 *   module reads and writes freely.
 * - Replacing the piece (`addView(..., { replace: true })`) sends the new module text; the
 *   view re-renders with it. Removing it leaves the view with an error saying so.
 */
import type { Example } from '../../core/spec';
import { Widget } from '../../kernel/widget';
import type { Session } from '../session';

/** Most selected examples whose values the view receives (the ids are always all there). */
export const MAX_VIEW_EXAMPLES = 500;

export interface CustomViewState {
  viewName: string;
  /** The module's source text. */
  esm: string;
  selection: string[];
  /** The single-example views' id, or '' for none. */
  primary: string;
  pins: string[];
  /** The first MAX_VIEW_EXAMPLES selected examples: id and their text, number and boolean fields. */
  examples: Array<{ id: string; values: Record<string, string | number | boolean | null> }>;
  data: Record<string, unknown>;
  /** Why the view cannot run (its piece removed), or null. */
  error: string | null;
}

export interface CustomViewOptions {
  /** Initial `data` for the module. */
  data?: Record<string, unknown>;
}

/** The plain (JSON) fields of an example: typed arrays and nested values are left out. */
function plainValues(example: Example): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(example)) {
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
  }
  return out;
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function idList(value: unknown, key: string, session: Session): string[] {
  if (!Array.isArray(value)) throw new Error(`${key} must be a list of example ids`);
  value.forEach((id, i) => {
    if (typeof id !== 'string') throw new Error(`${key}[${i}] must be an example id (text), got ${typeof id}`);
    if (!session.hasExample(id)) throw new Error(`${key}[${i}]: no example has id ${JSON.stringify(id)}`);
  });
  return value as string[];
}

export class CustomViewWidget extends Widget<CustomViewState> {
  private readonly unsubscribe: Array<() => void> = [];

  constructor(readonly session: Session, name: string, options: CustomViewOptions = {}) {
    const piece = session.registry.get('view', name);
    if (!piece) {
      const known = session.registry.registered('view').map((v) => v.name);
      throw new Error(`customView: no view named ${JSON.stringify(name)} is registered (${known.length ? `registered: ${known.join(', ')}` : 'register one with s.registry.addView({ name, esm })'})`);
    }
    if (options.data !== undefined && (options.data === null || typeof options.data !== 'object' || Array.isArray(options.data))) throw new Error('customView: data must be an object');
    super({ modelName: 'CustomViewModel', viewName: 'CustomViewView' }, {
      viewName: name, esm: piece.esm, selection: [], primary: '', pins: [], examples: [], data: JSON.parse(JSON.stringify(options.data ?? {})) as Record<string, unknown>, error: null,
    });
    this.followSession();
    this.unsubscribe.push(
      session.on('selection', (e) => { if (e.source !== this) this.followSession(); }),
      session.on('pins', (e) => { if (e.source !== this) this.followSession(); }),
      session.on('edits', () => this.followSession()),
      session.on('data', () => this.followSession()),
      session.registry.onChange((kind) => { if (kind === 'view') this.followRegistry(); }),
    );
    // Listeners also fire when the state follows the session; only a difference is sent back.
    this.onChange('selection', (ids) => {
      if (!sameIds(ids, session.selection)) this.fromView(() => session.select(ids, { primary: ids.includes(this.state.primary) ? this.state.primary : undefined, source: this }));
    });
    this.onChange('primary', (id) => {
      if (id !== (session.primary ?? '')) this.fromView(() => session.select(this.state.selection, { primary: id === '' ? null : id, source: this }));
    });
    this.onChange('pins', (ids) => {
      if (!sameIds(ids, session.pins)) this.fromView(() => session.setPins(ids, this));
    });
  }

  /** Checks a module's `save_changes()` before it is applied: ids must be examples. */
  protected override validateUpdate(patch: Record<string, unknown>): void {
    if ('selection' in patch) idList(patch.selection, 'selection', this.session);
    if ('pins' in patch) idList(patch.pins, 'pins', this.session);
    if ('primary' in patch && patch.primary !== '' && !this.session.hasExample(String(patch.primary))) throw new Error(`primary: no example has id ${JSON.stringify(patch.primary)}`);
    for (const key of ['viewName', 'esm', 'examples', 'error']) if (key in patch) throw new Error(`${key} is set by the kernel, not by the view`);
  }

  override close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    super.close();
  }

  /** A change the module made, applied to the session; the state then shows what the session holds. */
  private fromView(apply: () => void): void {
    try {
      apply();
    } finally {
      this.followSession();
    }
  }

  private followSession(): void {
    const s = this.session;
    const examples = s.selection.slice(0, MAX_VIEW_EXAMPLES).map((id) => ({ id, values: plainValues(s.example(id)) }));
    this.set({ selection: [...s.selection], primary: s.primary ?? '', pins: [...s.pins], examples });
  }

  private followRegistry(): void {
    const piece = this.session.registry.get('view', this.state.viewName);
    if (piece) this.set({ esm: piece.esm, error: null });
    else this.set({ error: `view '${this.state.viewName}' is no longer registered` });
  }
}

/** Shows a registered custom view of the session: `tslit.customView(s, 'histogram', { data: { field: 'amount' } })`. */
export function customView(session: Session, name: string, options: CustomViewOptions = {}): CustomViewWidget {
  return new CustomViewWidget(session, name, options);
}
