/** Waits (polling every few ms) until `cond()` holds; fails with `what` after `timeoutMs` instead of hanging. */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
