/**
 * A DOMWidgetView base that never leaves a cell blank: a throw in `renderView` or
 * `updateView` replaces the view's content with an error box carrying the message.
 *
 * Notes: ipywidgets shows its own error widget when a module cannot load at all; this covers
 * the other half, a view that loaded but failed on the state it was given. Every view also
 * shows when its kernel connection is gone (`comm_live` false).
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import { errorMessage, renderErrorBox } from '../elements/error-box';
import { ensureStyles } from '../elements/styles';

/** The part of JupyterLab's kernel connection a view watches (a Lumino signal has connect/disconnect). */
interface SignalLike {
  connect(slot: () => void, thisArg: unknown): boolean;
  disconnect(slot: () => void, thisArg: unknown): boolean;
}
interface KernelLike {
  readonly status?: string;
  readonly isDisposed?: boolean;
  readonly statusChanged?: SignalLike;
  readonly disposed?: SignalLike;
}

export abstract class SafeDOMWidgetView extends DOMWidgetView {
  private failed = false;
  /** True once the kernel is gone (see watchConnection). */
  protected disconnected = false;

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
    this.watchConnection();
  }

  /**
   * Marks the view disconnected when its kernel goes away: the view stays (with what the
   * person typed) and says so, instead of silently ignoring their gestures. A restart clears
   * `comm_live`; a shut-down kernel only disposes the manager's kernel connection, which
   * jupyterlab-manager exposes as `widget_manager.kernel` (duck-typed: not in the base API).
   */
  private watchConnection(): void {
    const kernel = (this.model.widget_manager as unknown as { kernel?: KernelLike }).kernel;
    const gone = () => kernel !== undefined && (kernel.isDisposed === true || kernel.status === 'dead');
    const mark = () => {
      this.disconnected = !this.model.comm_live || gone();
      this.el.classList.toggle('tslit-disconnected', this.disconnected);
    };
    this.listenTo(this.model, 'comm_live_update', mark);
    kernel?.statusChanged?.connect(mark, this);
    kernel?.disposed?.connect(mark, this);
    this.once('remove', () => {
      kernel?.statusChanged?.disconnect(mark, this);
      kernel?.disposed?.disconnect(mark, this);
    });
    mark();
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

  /** Sends the person's change, unless the kernel is gone: then it stays in the view only. */
  override touch(): void {
    if (!this.disconnected) super.touch();
  }

  /** Replaces the view with an error box; later updates are ignored. */
  protected fail(err: unknown): void {
    this.failed = true;
    const name = this.model.get('_view_name') as string;
    console.error(`tslit: ${name} failed`, err);
    renderErrorBox(this.el, `tslit ${name} could not render`, errorMessage(err));
  }
}
