/**
 * Keeps saved notebooks readable without tslit: whenever the widget manager writes the widget
 * state into the notebook's metadata (on save, with "Save Widget State Automatically" on),
 * each tslit model's entry is replaced by an HTML widget holding the view's current static
 * picture (src/core/static/saved-state.ts says why). Live views are not affected.
 *
 * Notes: the rewrite follows `metadataChanged` rather than the save signal, so it does not
 * depend on which extension connected to the save first; writing the rewritten state fires
 * the signal again, and the second pass finds no tslit entry and stops.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { WidgetModel } from '@jupyter-widgets/base';
import { staticPictureOrChildren } from '../core/static/pictures';
import { WIDGET_STATE_MIME, isSavedWidgetState, outputPictures, withStaticPictures } from '../core/static/saved-state';
import { liveModel } from './live-models';
import { MODULE_NAME } from './version';

interface SignalLike<T> { connect(slot: (sender: unknown, args: T) => void): boolean }
interface NotebookModelLike {
  readonly metadataChanged?: SignalLike<{ key: string }>;
  getMetadata(key: string): unknown;
  setMetadata(key: string, value: unknown): void;
  toJSON(): unknown;
}

/** The picture of a live model: its own, or (a workspace) its children's. */
function livePicture(model: WidgetModel, depth = 0): string | null {
  return staticPictureOrChildren(model.name, (key) => model.get(key), (c) =>
    depth <= 2 && c && typeof c === 'object' && 'get' in c ? livePicture(c as WidgetModel, depth + 1) : null);
}

function rewrite(model: NotebookModelLike): void {
  const widgets = model.getMetadata('widgets') as Record<string, unknown> | undefined;
  const saved = widgets?.[WIDGET_STATE_MIME];
  if (!isSavedWidgetState(saved)) return;
  let fromOutputs: Map<string, string> | undefined;
  const pictureOf = (id: string): string | null => {
    const live = liveModel(id);
    const picture = live ? livePicture(live) : null;
    if (picture !== null) return picture;
    fromOutputs ??= outputPictures(((model.toJSON() as { cells?: [] }).cells) ?? []);
    return fromOutputs.get(id) ?? null;
  };
  const replaced = withStaticPictures(saved, MODULE_NAME, pictureOf);
  if (replaced) model.setMetadata('widgets', { ...widgets, [WIDGET_STATE_MIME]: replaced });
}

/** Watches every notebook opened in `app`. */
export function keepSavedStateReadable(app: JupyterFrontEnd): void {
  app.docRegistry.addWidgetExtension('Notebook', {
    createNew: (_panel, context) => {
      const model = context.model as unknown as NotebookModelLike;
      model.metadataChanged?.connect((_sender, change) => {
        if (change.key !== 'widgets') return;
        try {
          rewrite(model);
        } catch (err) {
          console.error('tslit: could not replace tslit views in the saved widget state', err);
        }
      });
    },
  });
}
