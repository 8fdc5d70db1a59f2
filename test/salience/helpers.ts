/** Test helpers: tensor-leak checks and small numeric comparisons. */
import * as tf from '@tensorflow/tfjs';

/** Runs `fn` and asserts the live tensor count is unchanged afterwards (also when it throws). */
export function expectNoLeak<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  let result: T;
  try {
    result = fn();
  } finally {
    expect(tf.memory().numTensors).toBe(before);
  }
  return result;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
