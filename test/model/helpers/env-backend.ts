/**
 * Importing this from a test file runs that file on the backend named by the environment
 * variable TSLIT_BACKEND ('cpu', 'wasm' or 'tensorflow'; default: tfjs's own default, cpu in
 * Node without tfjs-node). `TSLIT_BACKEND=wasm npx jest test/model` runs the model tests on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_PREFERENCE, BackendName, useBackend } from '../../../src/model/backend';

export const ENV_BACKEND = process.env.TSLIT_BACKEND as BackendName | undefined;

if (ENV_BACKEND !== undefined && !BACKEND_PREFERENCE.includes(ENV_BACKEND)) {
  throw new Error(`TSLIT_BACKEND=${ENV_BACKEND}: expected one of ${BACKEND_PREFERENCE.join(', ')}`);
}

beforeAll(async () => {
  if (ENV_BACKEND !== undefined) await useBackend(ENV_BACKEND);
  if (ENV_BACKEND !== undefined && tf.getBackend() !== ENV_BACKEND) throw new Error(`backend is ${tf.getBackend()}, not ${ENV_BACKEND}`);
  await tf.ready();
});
