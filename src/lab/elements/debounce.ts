/**
 * Calls `fn` once input has been quiet for `delayMs` (0 = call at once).
 *
 * Notes: the delay is read on each call so a view can follow a state change of it.
 */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Drops a pending call. */
  cancel(): void;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, delayMs: () => number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = ((...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    const delay = delayMs();
    if (delay <= 0) {
      timer = undefined;
      fn(...args);
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, delay);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
