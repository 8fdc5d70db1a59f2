/**
 * Runs every test file on the backend named by TSLIT_BACKEND ('cpu', 'wasm' or 'tensorflow'),
 * so `scripts/run-tests.mjs` can repeat the model, salience and counterfactual suites on each
 * installed backend. Without the variable (or with cpu) nothing is loaded here.
 */
const requested = process.env.TSLIT_BACKEND;

// cpu is tfjs's own default in Node, so only the other backends need a switch here; the model
// layer's initBackend() reads the same variable, so loadModel() keeps to it.
if (requested !== undefined && requested !== '' && requested !== 'cpu') {
  beforeAll(async () => {
    // Required lazily: suites that never touch tfjs (kernel, datasets) must not pay for loading it.
    const tf = await import('@tensorflow/tfjs');
    const { useBackend } = await import('../../src/model/backend');
    await useBackend(requested as Parameters<typeof useBackend>[0]);
    if (tf.getBackend() !== requested) throw new Error(`TSLIT_BACKEND=${requested}, but the active backend is ${tf.getBackend()}`);
  });
}
