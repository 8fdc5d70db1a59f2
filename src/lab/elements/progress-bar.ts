/**
 * The progress bar with a Cancel button for long kernel jobs (src/widgets/progress.ts):
 * drawn from the widget's `progress: {done,total,label} | null` and `jobStatus` state.
 *
 * Notes:
 * - Cancel sends `{method:'cancel'}` through `onCancel` and shows "Cancelling…" until the
 *   kernel answers with `progress: null`; the kernel keeps serving messages while a job
 *   runs, so that answer comes between two batches.
 * - After a job the bar hides and a one-line status stays when the job was cancelled or
 *   failed ("Cancelled" / "Failed"), so the person knows why nothing changed.
 * - `data-status` on the element mirrors `jobStatus` (tests wait on it). All text is set
 *   with textContent.
 */
export interface ProgressInfo {
  done: number;
  total: number;
  label: string;
}

const STATUS_TEXT: Record<string, string> = { cancelled: 'Cancelled', error: 'Failed' };

export class ProgressBar {
  readonly el: HTMLDivElement;
  private readonly label: HTMLSpanElement;
  private readonly bar: HTMLProgressElement;
  private readonly count: HTMLSpanElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly status: HTMLSpanElement;
  private cancelling = false;

  constructor(private readonly onCancel: () => void) {
    this.el = document.createElement('div');
    this.el.className = 'tslit-progress-bar';
    const row = document.createElement('div');
    row.className = 'tslit-progress';
    this.label = document.createElement('span');
    this.label.className = 'tslit-progress-label';
    this.bar = document.createElement('progress');
    this.count = document.createElement('span');
    this.count.className = 'tslit-progress-count';
    this.cancelButton = document.createElement('button');
    this.cancelButton.type = 'button';
    this.cancelButton.className = 'tslit-button tslit-cancel';
    this.cancelButton.textContent = 'Cancel';
    this.cancelButton.addEventListener('click', () => this.cancel());
    row.append(this.label, this.bar, this.count, this.cancelButton);
    this.status = document.createElement('span');
    this.status.className = 'tslit-note tslit-progress-status';
    this.el.append(row, this.status);
    this.update(null, 'idle');
  }

  private cancel(): void {
    if (this.cancelling) return;
    this.cancelling = true;
    this.cancelButton.disabled = true;
    this.cancelButton.textContent = 'Cancelling…';
    this.onCancel();
  }

  /** Shows `progress` (hidden when null) and the job's status. */
  update(progress: ProgressInfo | null, jobStatus: string): void {
    this.el.dataset.status = jobStatus;
    const row = this.el.firstElementChild as HTMLElement;
    if (progress) {
      row.hidden = false;
      this.label.textContent = progress.label;
      this.bar.max = Math.max(progress.total, 1);
      this.bar.value = Math.min(progress.done, this.bar.max);
      this.count.textContent = `${progress.done} / ${progress.total}`;
      this.status.textContent = '';
      this.status.hidden = true;
    } else {
      row.hidden = true;
      this.cancelling = false;
      this.cancelButton.disabled = false;
      this.cancelButton.textContent = 'Cancel';
      const text = STATUS_TEXT[jobStatus] ?? '';
      this.status.textContent = text;
      this.status.hidden = text === '';
    }
  }
}
