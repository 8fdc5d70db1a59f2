/**
 * Runs every test file on the backend named by TSLIT_BACKEND ('cpu', 'wasm' or 'tensorflow'),
 * so `scripts/run-tests.mjs` can repeat the model, salience and counterfactual suites on each
 * installed backend. Without the variable nothing is loaded and tfjs keeps its default.
 */
const requested = process.env.TSLIT_BACKEND;

if (requested !== undefined && requested !== '') {
  beforeAll(async () => {
    // Required lazily: suites that never touch tfjs (kernel, datasets) must not pay for loading it.
    const tf = await import('@tensorflow/tfjs');
    const { useBackend } = await import('../../src/model/backend');
    await useBackend(requested as Parameters<typeof useBackend>[0]);
    if (tf.getBackend() !== requested) throw new Error(`TSLIT_BACKEND=${requested}, but the active backend is ${tf.getBackend()}`);
  });
}
