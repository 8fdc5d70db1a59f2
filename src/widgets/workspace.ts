/**
 * The workspace: one widget laying out a session's views (table, editor, and whatever panels
 * other modules register: predictions, salience, counterfactuals, metrics).
 *
 * Notes: children are referenced the way ipywidgets' Box does it, as `IPY_MODEL_<id>`
 * strings in state; the view asks the widget manager for each child's view, so the workspace
 * knows nothing of its children's internals. Panels are registered by name with a factory
 * (`registerWorkspacePanel`), so a module adds itself to every later workspace without this
 * file importing it.
 */
import { Widget } from '../kernel/widget';
import { dataTable, type DataTableOptions } from './data-table';
import { datapointEditor, type DatapointEditorOptions } from './datapoint-editor';
import type { Session } from './session';

/** Any kernel widget can be a child. */
export type AnyWidget = Widget<object>;

export type PanelFactory = (session: Session) => AnyWidget | null;

export interface WorkspaceState {
  /** `IPY_MODEL_<id>` references, in layout order. */
  children: string[];
  /** A title per child. */
  titles: string[];
  /** Where each child goes: 'main' (wide, top), 'side' (beside the main one) or 'bottom'. */
  areas: string[];
}

export interface WorkspaceOptions {
  table?: DataTableOptions | false;
  editor?: DatapointEditorOptions | false;
  /** Registered panels to leave out, by name. */
  without?: string[];
  /** More children: a title and a widget each. */
  extra?: { title: string; widget: AnyWidget; area?: 'main' | 'side' | 'bottom' }[];
}

interface PanelEntry { factory: PanelFactory; area: 'main' | 'side' | 'bottom' }
const panels = new Map<string, PanelEntry>();

/** Adds a panel to every workspace made after this call (e.g. 'salience'); replaces one of the same name. */
export function registerWorkspacePanel(name: string, factory: PanelFactory, area: 'main' | 'side' | 'bottom' = 'bottom'): void {
  if (typeof name !== 'string' || name === '') throw new Error('registerWorkspacePanel: a panel needs a name');
  if (typeof factory !== 'function') throw new Error(`registerWorkspacePanel('${name}'): factory must be a function (session) => widget`);
  panels.set(name, { factory, area });
}

export function workspacePanels(): string[] {
  return [...panels.keys()];
}

export class WorkspaceWidget extends Widget<WorkspaceState> {
  readonly items: ReadonlyMap<string, AnyWidget>;

  constructor(readonly session: Session, options: WorkspaceOptions = {}) {
    const items: [string, AnyWidget, string][] = [];
    if (options.table !== false) items.push(['Data', dataTable(session, options.table || {}) as unknown as AnyWidget, 'main']);
    if (options.editor !== false) items.push(['Datapoint editor', datapointEditor(session, options.editor || {}) as unknown as AnyWidget, 'side']);
    const skipped = new Set(options.without ?? []);
    for (const [name, entry] of panels) {
      if (skipped.has(name)) continue;
      let widget: AnyWidget | null;
      try {
        widget = entry.factory(session);
      } catch (e) {
        throw new Error(`workspace: panel '${name}' could not be made: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (widget) items.push([name, widget, entry.area]);
    }
    for (const x of options.extra ?? []) items.push([x.title, x.widget, x.area ?? 'bottom']);
    super(
      { modelName: 'WorkspaceModel', viewName: 'WorkspaceView' },
      { children: items.map(([, w]) => `IPY_MODEL_${w.id}`), titles: items.map(([t]) => t), areas: items.map(([, , a]) => a) },
    );
    this.items = new Map(items.map(([t, w]) => [t, w]));
  }

  /** The child with this title. */
  get(title: string): AnyWidget {
    const w = this.items.get(title);
    if (!w) throw new Error(`workspace: no panel titled ${JSON.stringify(title)} (panels: ${[...this.items.keys()].map((k) => JSON.stringify(k)).join(', ')})`);
    return w;
  }

  override close(): void {
    for (const w of this.items.values()) w.close();
    super.close();
  }
}

/** A workspace laying out a data table, a datapoint editor and every registered panel for `session`. */
export function workspace(session: Session, options: WorkspaceOptions = {}): WorkspaceWidget {
  return new WorkspaceWidget(session, options);
}
