/**
 * Loads test/fixtures/metrics-reference.json (written by
 * `.venv/bin/python scripts/reference/metrics_reference.py`) and compares numbers to 1e-9.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

/** The fixture with "NaN"/"Infinity" strings turned back into numbers. */
export function loadReference(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'metrics-reference.json'), 'utf8');
  return JSON.parse(text, (_k, v: Json) =>
    v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
}

/** Relative-or-absolute closeness to 1e-9, NaN equal to NaN, infinities exactly. */
export function expectClose(actual: number | ArrayLike<number>, expected: number | ArrayLike<number>, what: string): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  if (a.length !== e.length) throw new Error(`${what}: length ${a.length}, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const ok = Number.isNaN(e[i]) ? Number.isNaN(a[i])
      : !Number.isFinite(e[i]) ? a[i] === e[i]
        : Math.abs(a[i] - e[i]) <= 1e-9 * Math.max(1, Math.abs(e[i]));
    if (!ok) throw new Error(`${what}[${i}]: got ${a[i]}, sklearn ${e[i]}`);
  }
}
