/**
 * A custom view registered from a cell: the module's text (`esm` in the state) is imported
 * from a blob URL and its `render({ model, el })` draws into the view, as anywidget's
 * contract (a named `render`, or a default export `{ render }`; it may return a cleanup).
 *
 * Notes:
 * - `model` is a small facade over the widget model, limited to the session keys the kernel
 *   publishes (`selection`, `primary`, `pins`, `examples`, `data`): `get`, `set`,
 *   `save_changes`, `on('change:<key>', cb)`, `off`. `set` of another key throws naming it.
 * - Isolation: whatever the module throws — on import, in `render`, in its cleanup, in an
 *   `on` callback, or as a rejected promise from `render` — shows as an error box in this view
 *   naming the view; other views and the notebook go on, and the next `esm` renders afresh.
 * - The module is the person's own code, run as they asked; what the kernel sends (ids, field
 *   values) reaches it as data, and tslit itself sets text with textContent only.
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';
import { errorMessage, renderErrorBox } from '../elements/error-box';
import { MODULE_NAME, MODULE_VERSION } from '../version';
import { SafeDOMWidgetView } from './safe-view';

const READABLE = ['selection', 'primary', 'pins', 'examples', 'data'] as const;
const WRITABLE = ['selection', 'primary', 'pins', 'data'] as const;

type Callback = (...args: unknown[]) => void;
type RenderFn = (props: { model: ViewModelFacade; el: HTMLElement }) => unknown;

/** What the module's `render` receives as `model`. */
export interface ViewModelFacade {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  save_changes(): void;
  on(event: string, cb: Callback): void;
  off(event?: string, cb?: Callback): void;
}

export class CustomViewModel extends DOMWidgetModel {
  override defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: 'CustomViewModel',
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: 'CustomViewView',
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      viewName: '',
      esm: '',
      selection: [],
      primary: '',
      pins: [],
      examples: [],
      data: {},
      error: null,
    };
  }
}

/**
 * The browser's own `import()` of a URL. Written through Function because this package is
 * compiled to CommonJS, where tsc would turn an `import()` into a `require()` that webpack
 * then tries to bundle; the module must instead be loaded by the browser at run time.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

/** The module's render function, from a named export or a default `{ render }`. */
function renderOf(module: Record<string, unknown>): RenderFn | undefined {
  const named = module.render;
  if (typeof named === 'function') return named as RenderFn;
  const fallback = module.default as { render?: unknown } | undefined;
  return typeof fallback?.render === 'function' ? (fallback.render as RenderFn) : undefined;
}

export class CustomViewView extends SafeDOMWidgetView {
  private body!: HTMLElement;
  private shownEsm: string | null = null;
  private cleanup: (() => void) | null = null;
  /** Callbacks the module registered, as bound on the model (to unbind on re-render). */
  private bound: Array<{ event: string; cb: Callback; wrapped: Callback }> = [];
  /** Bumped on every render: a slow import of an older module does not draw over a newer one. */
  private generation = 0;

  protected renderView(): void {
    this.el.classList.add('tslit-view', 'tslit-custom-view');
    this.body = document.createElement('div');
    this.body.className = 'tslit-custom-view-body';
    this.el.append(this.body);
    this.once('remove', () => this.teardown());
  }

  protected updateView(): void {
    const name = String(this.model.get('viewName') ?? '');
    this.el.dataset.view = name;
    const error = this.model.get('error') as string | null;
    if (error) {
      this.teardown();
      this.shownEsm = null;
      this.showError(error);
      return;
    }
    const esm = String(this.model.get('esm') ?? '');
    if (esm === this.shownEsm) return;
    this.shownEsm = esm;
    void this.mount(esm);
  }

  private async mount(esm: string): Promise<void> {
    const generation = ++this.generation;
    this.teardown();
    this.body.replaceChildren();
    this.el.dataset.status = 'loading';
    const url = URL.createObjectURL(new Blob([esm], { type: 'text/javascript' }));
    try {
      const module = (await importModule(url)) as Record<string, unknown>;
      if (generation !== this.generation) return;
      const render = renderOf(module);
      if (!render) throw new Error('the module exports no render function: export function render({ model, el }) { … } (or a default { render })');
      const returned = await render({ model: this.facade(), el: this.body });
      if (generation !== this.generation) {
        if (typeof returned === 'function') this.runCleanup(returned as () => void);
        return;
      }
      if (typeof returned === 'function') this.cleanup = returned as () => void;
      this.el.dataset.status = 'rendered';
    } catch (e) {
      if (generation === this.generation) this.fault(e);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  private facade(): ViewModelFacade {
    const model = this.model;
    const readable = (key: string) => {
      if (!(READABLE as readonly string[]).includes(key)) throw new Error(`model.get: the view reads ${READABLE.join(', ')}; not ${JSON.stringify(key)}`);
    };
    return {
      get: (key) => {
        readable(key);
        return model.get(key);
      },
      set: (key, value) => {
        if (!(WRITABLE as readonly string[]).includes(key)) throw new Error(`model.set: the view may set ${WRITABLE.join(', ')}; not ${JSON.stringify(key)}`);
        model.set(key, value);
      },
      save_changes: () => this.touch(),
      on: (event, cb) => {
        const key = /^change:(.+)$/.exec(event)?.[1];
        if (key !== undefined) readable(key);
        else if (event !== 'change') throw new Error(`model.on: listen to 'change' or 'change:<key>', not ${JSON.stringify(event)}`);
        const wrapped: Callback = (...args) => {
          try {
            cb(...args);
          } catch (e) {
            this.fault(e);
          }
        };
        this.bound.push({ event, cb, wrapped });
        this.listenTo(model, event, wrapped);
      },
      off: (event, cb) => {
        const gone = this.bound.filter((b) => (event === undefined || b.event === event) && (cb === undefined || b.cb === cb));
        for (const b of gone) this.stopListening(model, b.event, b.wrapped);
        this.bound = this.bound.filter((b) => !gone.includes(b));
      },
    };
  }

  private teardown(): void {
    for (const b of this.bound) this.stopListening(this.model, b.event, b.wrapped);
    this.bound = [];
    const cleanup = this.cleanup;
    this.cleanup = null;
    if (cleanup) this.runCleanup(cleanup);
  }

  private runCleanup(cleanup: () => void): void {
    try {
      cleanup();
    } catch (e) {
      console.error(`tslit: custom view '${String(this.model.get('viewName'))}' cleanup failed`, e);
    }
  }

  /** The module failed: its listeners are dropped and the view says why; a new `esm` starts over. */
  private fault(e: unknown): void {
    this.teardown();
    console.error(`tslit: custom view '${String(this.model.get('viewName'))}' failed`, e);
    this.showError(errorMessage(e));
  }

  private showError(message: string): void {
    this.el.dataset.status = 'error';
    renderErrorBox(this.body, `custom view '${String(this.model.get('viewName'))}' failed`, message);
  }
}
