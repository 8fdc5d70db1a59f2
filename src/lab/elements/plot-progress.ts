/**
 * A progress bar with a Cancel button for long kernel work (predicting a whole dataset),
 * drawn from the widget's `progress: {done, total, label} | null` state.
 */
export interface ProgressState {
  done: number;
  total: number;
  label: string;
}

/** Shows `progress` in `host` (empty when null); Cancel calls `onCancel`. */
export function renderProgress(host: HTMLElement, progress: ProgressState | null, onCancel: () => void): void {
  if (!progress) {
    host.replaceChildren();
    host.hidden = true;
    return;
  }
  host.hidden = false;
  let bar = host.querySelector('progress');
  let label = host.querySelector<HTMLElement>('.tslit-progress-label');
  if (!bar || !label) {
    host.className = 'tslit-progress';
    label = document.createElement('span');
    label.className = 'tslit-progress-label';
    bar = document.createElement('progress');
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'tslit-button tslit-cancel';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => {
      cancel.disabled = true;
      onCancel();
    });
    host.replaceChildren(label, bar, cancel);
  }
  bar.max = Math.max(progress.total, 1);
  bar.value = Math.min(progress.done, bar.max);
  label.textContent = `${progress.label}: ${progress.done} / ${progress.total}`;
}
