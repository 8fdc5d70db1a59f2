/** MNIST digits as training rows, from `src/examples/mnist.ts` (one copy). */
import { mnistRecords } from '../../../src/examples/mnist';
import type { Row } from './rows';

export { MNIST_SIDE } from '../../../src/examples/mnist';

/** All digits, digit by digit, as `{id, image: Float32Array(784), label: '0'..'9'}`. */
export function loadMnist(): Row[] {
  return mnistRecords();
}
