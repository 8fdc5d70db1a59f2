/**
 * The tslit models alive in this page, by model id, so that saving a notebook can draw each
 * view's picture from its current state synchronously (the widget manager's own lookup is
 * asynchronous, and a save does not wait).
 */
import type { WidgetModel } from '@jupyter-widgets/base';

const live = new Map<string, WidgetModel>();

/** The live tslit model with this id, if any. */
export function liveModel(id: string): WidgetModel | undefined {
  return live.get(id);
}

type ModelClass = new (...args: any[]) => WidgetModel; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `cls` extended to enter the live map when created and leave it when destroyed. */
export function tracked<C extends ModelClass>(cls: C): C {
  return class extends cls {
    override initialize(...args: Parameters<WidgetModel['initialize']>): void {
      super.initialize(...args);
      live.set(this.model_id, this);
      this.once('destroy', () => live.delete(this.model_id));
    }
  };
}
