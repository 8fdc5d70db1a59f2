/**
 * Jest's node environment with the host's typed-array constructors: onnxruntime-node's native
 * binding makes its output arrays in the host realm, and onnxruntime-common (loaded inside the
 * test's sandbox) checks them with `instanceof Float32Array`, which fails across realms.
 * Test files that run ONNX models name this environment in their docblock.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = ['ArrayBuffer', 'Float32Array', 'Float64Array', 'Float16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) if (globalThis[name] !== undefined) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
