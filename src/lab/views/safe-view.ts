/**
 * A DOMWidgetView base that never leaves a cell blank: a throw in `renderView` or
 * `updateView` replaces the view's content with an error box carrying the message.
 *
 * Notes: ipywidgets shows its own error widget when a module cannot load at all; this covers
 * the other half, a view that loaded but failed on the state it was given.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import { errorMessage, renderErrorBox } from '../elements/error-box';
import { ensureStyles } from '../elements/styles';

export abstract class SafeDOMWidgetView extends DOMWidgetView {
  private failed = false;

  /** Builds the view's DOM inside `this.el`. */
  protected abstract renderView(): void;
  /** Brings the DOM up to date with the model. */
  protected abstract updateView(): void;

  override render(): void {
    try {
      ensureStyles(this.el.ownerDocument);
      this.renderView();
      this.updateView();
    } catch (err) {
      this.fail(err);
    }
  }

  override update(options?: unknown): void {
    if (this.failed) return;
    try {
      this.updateView();
    } catch (err) {
      this.fail(err);
    }
    super.update(options);
  }

  /** Replaces the view with an error box; later updates are ignored. */
  protected fail(err: unknown): void {
    this.failed = true;
    const name = this.model.get('_view_name') as string;
    console.error(`tslit: ${name} failed`, err);
    renderErrorBox(this.el, `tslit ${name} could not render`, errorMessage(err));
  }
}
