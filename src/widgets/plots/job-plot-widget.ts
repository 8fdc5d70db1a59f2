/**
 * A base for plot widgets of a session that compute in long jobs (partial dependence, scalar
 * plot, embeddings projector): the progress jobs with Cancel, the latest job's promise for
 * `settled()`, and session subscriptions dropped on close.
 *
 * Notes: subclasses call `startJob(() => this.compute())` whenever the inputs change and
 * `redraw()` when only the picture changes (colour, selection); by default the session's
 * selection redraws and a data change recomputes.
 */
import type { WidgetSpec } from '../../kernel/widget';
import { PlotWidgetBase, type PlotWidgetState } from './plot-widget';
import { ProgressJobs, type ProgressFields } from '../progress';
import type { Session } from '../session';

export abstract class JobPlotWidget<S extends PlotWidgetState & ProgressFields> extends PlotWidgetBase<S> {
  protected readonly jobs: ProgressJobs<S>;
  private latest: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];

  protected constructor(spec: WidgetSpec, initial: S, protected readonly workspace: Session) {
    super(spec, initial, workspace);
    this.jobs = new ProgressJobs<S>(this);
    this.unsubscribe.push(workspace.on('selection', () => this.redraw()), workspace.on('data', () => this.recompute()));
  }

  /** Starts the computation again (the older job, if running, is cancelled). */
  protected recompute(): void {
    this.latest = this.compute();
  }

  /** Computes from the current state; must not reject (errors go to the `error` state). */
  protected abstract compute(): Promise<void>;
  /** Rebuilds the figure from the last result. */
  protected abstract redraw(): void;

  /** Resolves when the latest computation has finished (done, cancelled or failed). */
  settled(): Promise<void> {
    return this.latest;
  }

  /** Cancels the running computation. */
  cancel(): void {
    this.jobs.cancel();
  }

  override close(): void {
    this.jobs.dispose();
    for (const u of this.unsubscribe) u();
    super.close();
  }
}
