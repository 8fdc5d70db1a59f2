/**
 * The widget state a notebook saves (`metadata.widgets`), rewritten so that it stays readable
 * without tslit: each tslit model becomes an ipywidgets HTML widget holding the view's static
 * picture.
 *
 * Why: nbconvert and nbviewer render a widget output live whenever its model is in the saved
 * state, loading the model's module from a CDN; tslit's module is not there, the load fails,
 * and ipywidgets' page renderer then drops every widget on the page. An HTML widget is built
 * into that renderer, so the page shows the picture; JupyterLab, reopening the notebook
 * without a live kernel model, shows it too instead of "model not found". A running kernel's
 * live model always wins over saved state, so the live views are untouched.
 */
import { staticBlock } from './views';
import { xmlEscape } from './escape';

export const WIDGET_STATE_MIME = 'application/vnd.jupyter.widget-state+json';
const WIDGET_VIEW_MIME = 'application/vnd.jupyter.widget-view+json';
const CONTROLS = '@jupyter-widgets/controls';
const CONTROLS_VERSION = '2.0.0';

export interface SavedModelEntry {
  model_name: string;
  model_module: string;
  model_module_version: string;
  state: Record<string, unknown>;
  buffers?: unknown[];
}

export interface SavedWidgetState {
  version_major: number;
  version_minor: number;
  state: Record<string, SavedModelEntry>;
}

/** An ipywidgets HTML widget's saved entry showing `html`. */
export function htmlWidgetEntry(html: string): SavedModelEntry {
  return {
    model_name: 'HTMLModel',
    model_module: CONTROLS,
    model_module_version: CONTROLS_VERSION,
    state: {
      _model_name: 'HTMLModel', _model_module: CONTROLS, _model_module_version: CONTROLS_VERSION,
      _view_name: 'HTMLView', _view_module: CONTROLS, _view_module_version: CONTROLS_VERSION,
      value: html,
    },
  };
}

/** What is saved for a view that has no picture of its own. */
export function noPictureHtml(modelName: string): string {
  return staticBlock('', `<div>This tslit view (${xmlEscape(modelName)}) needs its kernel: run the notebook to see it live.</div>`);
}

/**
 * `saved` with every entry of `module` replaced by an HTML widget carrying `pictureOf(id)`
 * (or a short notice); null when there was nothing to replace.
 */
export function withStaticPictures(saved: SavedWidgetState, module: string, pictureOf: (id: string, entry: SavedModelEntry) => string | null): SavedWidgetState | null {
  const ids = Object.keys(saved.state).filter((id) => saved.state[id]?.model_module === module);
  if (ids.length === 0) return null;
  const state = { ...saved.state };
  for (const id of ids) {
    const entry = state[id];
    state[id] = htmlWidgetEntry(pictureOf(id, entry) ?? noPictureHtml(entry.model_name));
  }
  return { ...saved, state };
}

/** True when `value` looks like saved widget state (the `metadata.widgets` entry). */
export function isSavedWidgetState(value: unknown): value is SavedWidgetState {
  const state = (value as { state?: unknown } | null)?.state;
  return !!state && typeof state === 'object' && !Array.isArray(state);
}

interface OutputJson { data?: Record<string, unknown> }
interface CellJson { outputs?: OutputJson[] }

/** Model id → the `text/html` its widget output carries, from a notebook's cells (nbformat JSON). */
export function outputPictures(cells: readonly CellJson[]): Map<string, string> {
  const pictures = new Map<string, string>();
  for (const cell of cells) {
    for (const output of cell.outputs ?? []) {
      const view = output.data?.[WIDGET_VIEW_MIME] as { model_id?: unknown } | undefined;
      const html = output.data?.['text/html'];
      const text = Array.isArray(html) ? html.join('') : html;
      if (typeof view?.model_id === 'string' && typeof text === 'string') pictures.set(view.model_id, text);
    }
  }
  return pictures;
}
