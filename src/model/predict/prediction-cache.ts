/**
 * A bounded least-recently-used cache of predictions keyed by example content.
 *
 * Notes: predictions are copied on the way in and out, so a caller mutating a result cannot
 * corrupt later answers.
 */
import type { Prediction } from '../../core/spec';

function copy(p: Prediction): Prediction {
  const out: Prediction = {};
  for (const [k, v] of Object.entries(p)) {
    out[k] = Array.isArray(v) ? (v.slice() as typeof v) : v instanceof Float32Array ? v.slice() : v;
  }
  return out;
}

export class PredictionCache {
  private readonly entries = new Map<string, Prediction>();
  hits = 0;
  misses = 0;

  /** `capacity` 0 disables caching. */
  constructor(readonly capacity = 10000) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`cache capacity must be a non-negative integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Prediction | undefined {
    const p = this.entries.get(key);
    if (p === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, p);
    return copy(p);
  }

  set(key: string, p: Prediction): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, copy(p));
    if (this.entries.size > this.capacity) this.evict();
  }

  /**
   * Drops the least recently used tenth (at least one) in one walk. Why not one at a time:
   * a Map keeps deleted slots until it rehashes, so `keys().next()` after many deletions from
   * the front walks all of them — evicting one entry per insert became O(n) per insert once
   * the cache was full (a 100,000-row remote run slowed to a third).
   */
  private evict(): void {
    let drop = this.entries.size - this.capacity + Math.floor(this.capacity / 10);
    for (const key of this.entries.keys()) {
      if (drop-- <= 0) break;
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
