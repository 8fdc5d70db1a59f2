/**
 * The workspace: one widget laying out a session's views (table, editor, and whatever panels
 * other modules register: predictions, salience, counterfactuals, metrics).
 *
 * Notes: children are referenced the way ipywidgets' Box does it, as `IPY_MODEL_<id>`
 * strings in state; the view asks the widget manager for each child's view, so the workspace
 * knows nothing of its children's internals. Panels are registered by name with a factory
 * (`registerWorkspacePanel`) too, so a module can add itself to later workspaces; the views
 * of a session with a model are made through their public factories.
 */
import type { MimeBundle } from '../kernel/context';
import { Widget } from '../kernel/widget';
import { staticWorkspaceHtml } from '../core/static/views';
import { dataTable, type DataTableOptions } from './table/data-table';
import { datapointEditor, type DatapointEditorOptions } from './table/datapoint-editor';
import type { Session } from './session';
import { predictions } from './prediction/predictions';
import { salience } from './salience';
import { counterfactuals } from './counterfactuals';
import { metricsTable } from './metrics/metrics-table';
import { confusionMatrixWidget } from './metrics/confusion-matrix';

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
  /** Panels (default or registered) to leave out, by title. */
  without?: string[];
  /** More children: a title and a widget each. */
  extra?: { title: string; widget: AnyWidget; area?: 'main' | 'side' | 'bottom' }[];
}

interface PanelEntry { factory: PanelFactory; area: 'main' | 'side' | 'bottom' }
const panels = new Map<string, PanelEntry>();

/** The views a session with a model gets by default (each through its public factory). */
const MODEL_PANELS: [string, PanelFactory, 'main' | 'side' | 'bottom'][] = [
  ['Predictions', (s) => predictions(s) as unknown as AnyWidget, 'side'],
  ['Salience', (s) => salience(s) as unknown as AnyWidget, 'bottom'],
  ['Counterfactuals', (s) => counterfactuals(s) as unknown as AnyWidget, 'bottom'],
  ['Metrics', (s) => metricsTable(s) as unknown as AnyWidget, 'bottom'],
  ['Confusion matrix', (s) => confusionMatrixWidget(s) as unknown as AnyWidget, 'bottom'],
];

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
  /** Panels that could not be made for this session (e.g. salience for a model without gradients), with why. */
  readonly skipped: ReadonlyMap<string, string>;

  constructor(readonly session: Session, options: WorkspaceOptions = {}) {
    const items: [string, AnyWidget, string][] = [];
    if (options.table !== false) items.push(['Data', dataTable(session, options.table || {}) as unknown as AnyWidget, 'main']);
    if (options.editor !== false) items.push(['Datapoint editor', datapointEditor(session, options.editor || {}) as unknown as AnyWidget, 'side']);
    const without = new Set(options.without ?? []);
    const skipped = new Map<string, string>();
    const candidates: [string, PanelFactory, string][] = [
      ...(session.models.size > 0 ? MODEL_PANELS : []),
      ...[...panels].map(([name, e]): [string, PanelFactory, string] => [name, e.factory, e.area]),
    ];
    for (const [name, factory, area] of candidates) {
      if (without.has(name)) continue;
      try {
        const widget = factory(session);
        if (widget) items.push([name, widget, area]);
      } catch (e) {
        // A view that does not apply to this session's models or data is left out, not fatal.
        skipped.set(name, e instanceof Error ? e.message : String(e));
      }
    }
    for (const x of options.extra ?? []) items.push([x.title, x.widget, x.area ?? 'bottom']);
    super(
      { modelName: 'WorkspaceModel', viewName: 'WorkspaceView' },
      { children: items.map(([, w]) => `IPY_MODEL_${w.id}`), titles: items.map(([t]) => t), areas: items.map(([, , a]) => a) },
    );
    this.items = new Map(items.map(([t, w]) => [t, w]));
    this.skipped = skipped;
  }

  /** The child with this title. */
  get(title: string): AnyWidget {
    const w = this.items.get(title);
    if (!w) throw new Error(`workspace: no panel titled ${JSON.stringify(title)} (panels: ${[...this.items.keys()].map((k) => JSON.stringify(k)).join(', ')})`);
    return w;
  }

  /** The panels' own static pictures, one after another (the live layout needs JupyterLab). */
  protected override staticFallback(): MimeBundle {
    const html = staticWorkspaceHtml([...this.items.values()].map((w) => w.displayData()['text/html']).filter((h): h is string => typeof h === 'string'));
    return html === null ? {} : { 'text/html': html };
  }

  override close(): void {
    for (const w of this.items.values()) w.close();
    super.close();
  }
}

/**
 * A workspace for `session`: a data table, a datapoint editor, and — when the session has a
 * model — predictions, salience, counterfactuals, metrics and the confusion matrix, plus every
 * registered panel. Panels that do not apply are left out (see `skipped`).
 */
export function workspace(session: Session, options: WorkspaceOptions = {}): WorkspaceWidget {
  return new WorkspaceWidget(session, options);
}
