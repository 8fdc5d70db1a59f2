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
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
