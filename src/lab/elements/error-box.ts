/**
 * An error box shown in place of a view that could not render, so a cell is never blank.
 *
 * Notes: the message is set with textContent: kernel errors may contain user text.
 */
export function renderErrorBox(host: HTMLElement, title: string, message: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'tslit-error';
  box.setAttribute('role', 'alert');
  const head = document.createElement('strong');
  head.textContent = title;
  const body = document.createElement('pre');
  body.className = 'tslit-error-message';
  body.textContent = message;
  box.append(head, body);
  host.replaceChildren(box);
  return box;
}

/** The message of anything thrown, for display. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.stack && err.stack.includes(err.message) ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
