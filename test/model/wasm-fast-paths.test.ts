/**
 * tslit's WASM fast paths (src/model/wasm-fast-paths.ts) against the backend's own kernels, run
 * side by side in one process: BatchMatMul in every transpose and batch layout the attention
 * layers and their gradients use, Tile on every dtype and axis pattern, Tile's gradient; and
 * against the cpu backend (an independent implementation). Values are random normals (seeded).
 */
import * as tf from '@tensorflow/tfjs';
import { installedBackends, useBackend } from '../../src/model/backend';
import { tileValues, useWasmFastPaths, wasmFastPathsOn } from '../../src/model/wasm-fast-paths';

const hasWasm = installedBackends().includes('wasm');
const maybe = hasWasm ? describe : describe.skip;

type Values = Float32Array | Int32Array | Uint8Array;

/** The same computation with the fast paths off (tfjs's kernels) and on. */
function bothWays(f: () => tf.Tensor): { slow: Values; fast: Values } {
  useWasmFastPaths(false);
  const s = f();
  useWasmFastPaths(true);
  const q = f();
  const out = { slow: s.dataSync(), fast: q.dataSync() };
  expect(s.shape).toEqual(q.shape);
  s.dispose();
  q.dispose();
  return out;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / (scale || 1);
}

maybe('WASM fast paths', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    await useBackend('wasm');
  });
  afterAll(() => useWasmFastPaths(true));

  it('are on once the WASM backend is registered by tslit', () => {
    expect(wasmFastPathsOn()).toBe(true);
  });

  const matmuls: Array<[string, number[], number[], boolean, boolean]> = [
    ['attention scores q·kᵀ', [4, 7, 5], [4, 6, 5], false, true],
    ['attention weights·v', [4, 7, 6], [4, 6, 5], false, false],
    ['gradient wᵀ·dy', [4, 6, 7], [4, 6, 5], true, false],
    ['both transposed', [3, 5, 7], [3, 6, 5], true, true],
    ['Dense gradient Xᵀ·dY (2-D)', [40, 8], [40, 3], true, false],
    ['Dense gradient dY·Wᵀ (2-D)', [40, 3], [8, 3], false, true],
    ['batch on the left only', [2, 3, 7, 5], [5, 4], false, false],
    ['batch on the right only', [7, 5], [3, 5, 4], false, false],
    ['batch on the right only, transposed', [5, 7], [3, 4, 5], true, true],
    ['rank-4 batch', [2, 3, 4, 5], [2, 3, 5, 6], false, false],
  ];
  it.each(matmuls)('BatchMatMul: %s matches the backend kernel and cpu to 1e-6', (_, sa, sb, ta, tb) => {
    const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
    const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const r = bothWays(() => tf.matMul(a, b, ta, tb));
    expect(tf.memory().numTensors).toBe(before);
    const cpu = tf.tidy(() => {
      void tf.setBackend('cpu');
      const out = tf.matMul(a, b, ta, tb).dataSync();
      void tf.setBackend('wasm');
      return out;
    });
    expect(maxRelDiff(r.fast, r.slow)).toBeLessThan(1e-6);
    expect(maxRelDiff(r.fast, cpu)).toBeLessThan(1e-6);
    a.dispose();
    b.dispose();
  });

  const tiles: Array<[number[], number[], 'float32' | 'int32' | 'bool']> = [
    [[3, 4, 1], [1, 1, 5], 'float32'],
    [[1, 1, 4], [3, 2, 1], 'float32'],
    [[2, 3], [2, 3], 'int32'],
    [[2, 1, 3, 1], [1, 4, 1, 2], 'bool'],
    [[5], [1], 'float32'],
  ];
  it.each(tiles)('Tile of %j by %j (%s) equals the backend kernel', (shape, reps, dtype) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor((dtype === 'bool' ? Array.from({ length: n }, (_, i) => i % 3 === 0) : Array.from({ length: n }, (_, i) => i * 7 - 3)), shape, dtype);
    const r = bothWays(() => tf.tile(x, reps));
    expect(Array.from(r.fast)).toEqual(Array.from(r.slow));
    x.dispose();
  });

  it('tileValues repeats rows as tf.tile does (hand example)', () => {
    expect(Array.from(tileValues(new Float32Array([1, 2, 3, 4]), [2, 2], [2, 2]))).toEqual([1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4]);
  });

  it.each([
    [[3, 4, 1], [1, 1, 5]],
    [[1, 1, 4], [3, 2, 1]],
    [[2, 3], [2, 3]],
    [[2, 1, 3, 1], [1, 4, 1, 2]],
  ])('the gradient of Tile of %j by %j equals tfjs-core\'s', (shape, reps) => {
    const x = tf.randomNormal(shape, 0, 1, 'float32', 3);
    const outShape = shape.map((s, i) => s * reps[i]);
    const w = tf.randomNormal(outShape, 0, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    const r = bothWays(() => tf.grad((v: tf.Tensor) => tf.tile(v, reps).mul(w).sum())(x));
    expect(tf.memory().numTensors).toBe(before);
    expect(maxRelDiff(r.fast, r.slow)).toBeLessThan(1e-6);
    x.dispose();
    w.dispose();
  });

  it('leave the Tile gradient of other backends to tfjs-core', async () => {
    await useBackend('cpu');
    const g = tf.tidy(() => Array.from(tf.grad((v: tf.Tensor) => tf.tile(v, [2, 3]).sum())(tf.ones([2, 2])).dataSync()));
    expect(g).toEqual([6, 6, 6, 6]);
    await useBackend('wasm');
  });
});
