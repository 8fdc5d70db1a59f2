/**
 * Frame times in the page: requestAnimationFrame deltas, for the table scroll test and the
 * scroll benchmarks (bench/big-table.ts). Reported, never asserted.
 */
import type { Page } from 'playwright-core';

/** Starts recording requestAnimationFrame deltas in the page; the returned function stops and gives them (ms). */
export async function recordFrames(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => { w.__frames.push(t - last); last = t; if (!w.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  return () => page.evaluate(() => { const w = window as unknown as { __frames: number[]; __stop: boolean }; w.__stop = true; return w.__frames.slice(1); });
}
