/**
 * Faster paths for three WASM-backend operations that transformers lean on, registered over
 * @tensorflow/tfjs-backend-wasm 4.x's own kernels (same results, within float rounding).
 *
 * Why: measured in Node on a 2-core machine (bench/ig-wasm-profile.ts and tight loops), the WASM backend runs a
 * matrix product through XNNPACK (7.7 GFLOP/s) only when neither operand is transposed and
 * both have batch 1; every other BatchMatMul — each attention product [b, L, L]×[b, L, d], and
 * every matmul in a gradient (Xᵀ·dY, dY·Wᵀ) — takes a plain loop at 0.55 GFLOP/s, 14× slower.
 * Its Tile kernel copies element by element (33 ms to tile [34, 128, 1] by 32), and tfjs-core's
 * gradient of Tile sums one strided Slice per repetition (32 of them per LayerNormalization
 * moment, 2.4 ms each on WASM). tfjs-layers' LayerNormalization tiles its mean, variance,
 * gamma and beta to the input's shape, so one IG batch of the spam transformer paid more for
 * Tile than for arithmetic.
 *
 * Here: BatchMatMul transposes an operand explicitly (the backend's Transpose kernel) and runs
 * each batch as a [1, m, k]×[1, k, n] product (one product when only the left operand has a
 * batch); Tile copies whole runs with TypedArray.set/fill; Tile's gradient is one reshape and
 * one Sum over the repetition axes. Only the WASM backend is affected: the gradient keeps
 * tfjs-core's own on other backends.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type Info = tf.TensorInfo;

interface Originals { matMul: tf.KernelConfig; tile: tf.KernelConfig; transpose: tf.KernelConfig; tileGrad: tf.GradConfig }
let originals: Originals | undefined;
let enabled = false;

/**
 * Registers the fast paths over the WASM backend's kernels (`on`, the default; before or after
 * the backend initialises), or puts tfjs's own kernels back (`false`, for side-by-side
 * benchmarks and tests). Idempotent.
 */
export function useWasmFastPaths(on = true): void {
  if (originals === undefined) {
    const matMul = tf.getKernel('BatchMatMul', 'wasm');
    const tile = tf.getKernel('Tile', 'wasm');
    const transpose = tf.getKernel('Transpose', 'wasm');
    const tileGrad = tf.getGradient('Tile');
    if (matMul === undefined || tile === undefined || transpose === undefined || tileGrad === undefined) {
      throw new Error('WASM backend: BatchMatMul, Tile or Transpose kernel (or the Tile gradient) not registered; is @tensorflow/tfjs-backend-wasm 4.x loaded?');
    }
    originals = { matMul, tile, transpose, tileGrad };
  }
  if (on === enabled) return;
  const o = originals;
  if (on) {
    replaceKernel(o.matMul, (args) => batchMatMul(args, o.matMul.kernelFunc, o.transpose.kernelFunc));
    replaceKernel(o.tile, (args) => tileKernel(args, o.tile.kernelFunc));
    tf.registerGradient({
      kernelName: 'Tile',
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => (tf.getBackend() === 'wasm'
        ? { x: () => tileGradient(dy as tf.Tensor, (saved[0] as tf.Tensor).shape, (attrs as unknown as { reps: number[] }).reps) }
        : o.tileGrad.gradFunc(dy, saved, attrs)),
    });
  } else {
    replaceKernel(o.matMul, o.matMul.kernelFunc);
    replaceKernel(o.tile, o.tile.kernelFunc);
    tf.registerGradient(o.tileGrad);
  }
  enabled = on;
}

/** Whether the fast paths are registered. */
export function wasmFastPathsOn(): boolean {
  return enabled;
}

function replaceKernel(original: tf.KernelConfig, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(original.kernelName, original.backendName);
  tf.registerKernel({ ...original, kernelFunc });
}

function wasmOf(args: KernelArgs): BackendWasm {
  return args.backend as unknown as BackendWasm;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A new backend tensor holding `source`'s values from `offset`. Both heap views are taken after
 * allocating: allocating may grow the WASM memory, which detaches every view taken before.
 */
function copyOf(b: BackendWasm, shape: number[], source: Info, offset: number): Info {
  const out = b.makeOutput(shape, 'float32');
  const values = b.typedArrayFromHeap(source) as Float32Array;
  (b.typedArrayFromHeap(out) as Float32Array).set(values.subarray(offset, offset + size(shape)));
  return out;
}

/** tf.matMul semantics (rank ≥ 2, broadcast batch dims, transposes) through batch-1, untransposed products. */
export function batchMatMul(args: KernelArgs, original: tf.KernelFunc, transpose: tf.KernelFunc): Info {
  const b = wasmOf(args);
  const { a, b: bIn } = args.inputs as { a: Info; b: Info };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(bIn.shape.slice(0, -2));
  const direct = !transposeA && !transposeB && batchA === 1 && batchB === 1;
  if (direct || a.dtype !== 'float32' || bIn.dtype !== 'float32' || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return original(args) as Info;
  const as3d = (t: Info, batch: number, transposed: boolean): Info => {
    const [r, c] = t.shape.slice(-2);
    const view: Info = { dataId: t.dataId, dtype: t.dtype, shape: [batch, r, c] };
    return transposed ? (transpose({ inputs: { x: view }, backend: args.backend, attrs: { perm: [0, 2, 1] } as unknown as tf.NamedAttrMap }) as Info) : view;
  };
  const a3 = as3d(a, batchA, transposeA);
  const b3 = as3d(bIn, batchB, transposeB);
  const [m, k] = a3.shape.slice(1);
  const n = b3.shape[2];
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), bIn.shape.slice(0, -2)), m, n];
  const run = (x: Info, y: Info): Info => original({ inputs: { a: x, b: y }, backend: args.backend, attrs: { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap }) as Info;
  let out: Info;
  if (batchB === 1) {
    // The left operand's batch folds into its rows: one [1, batch·m, k]×[1, k, n] product.
    out = run({ ...a3, shape: [1, batchA * m, k] }, { ...b3, shape: [1, k, n] });
  } else {
    const batch = Math.max(batchA, batchB);
    out = b.makeOutput([batch, m, n], 'float32');
    const left = b.makeOutput([1, m, k], 'float32');
    for (let i = 0; i < batch; i++) {
      (b.typedArrayFromHeap(left) as Float32Array).set((b.typedArrayFromHeap(a3) as Float32Array).subarray((batchA === 1 ? 0 : i) * m * k, ((batchA === 1 ? 0 : i) + 1) * m * k));
      // A new tensor each time: the backend caches XNNPACK's packed right operand by tensor id.
      const right = copyOf(b, [1, k, n], b3, i * k * n);
      const one = run(left, right);
      (b.typedArrayFromHeap(out) as Float32Array).set(b.typedArrayFromHeap(one) as Float32Array, i * m * n);
      b.disposeData(one.dataId);
      b.disposeData(right.dataId);
    }
    b.disposeData(left.dataId);
  }
  if (a3.dataId !== a.dataId) b.disposeData(a3.dataId);
  if (b3.dataId !== bIn.dataId) b.disposeData(b3.dataId);
  return { dataId: out.dataId, dtype: 'float32', shape: outShape };
}

/** Tile by whole-run copies: one axis at a time, each row of that axis repeated `reps` times. */
export function tileKernel(args: KernelArgs, original: tf.KernelFunc): Info {
  const b = wasmOf(args);
  const { x } = args.inputs as { x: Info };
  const { reps } = args.attrs as unknown as { reps: number[] };
  if (x.dtype === 'string' || x.dtype === 'complex64') return original(args) as Info;
  const outShape = x.shape.map((s, i) => s * reps[i]);
  const out = b.makeOutput(outShape, x.dtype);
  const result = tileValues(b.typedArrayFromHeap(x), x.shape, reps);
  b.typedArrayFromHeap(out).set(result);
  return out;
}

type Values = Float32Array | Int32Array | Uint8Array;

/** The values of a [shape] tensor tiled by `reps` (row-major), as tf.tile defines it. */
export function tileValues(values: tf.backend_util.TypedArray, shape: readonly number[], reps: readonly number[]): Values {
  let cur = values as Values;
  const curShape = [...shape];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const r = reps[axis];
    if (r === 1) continue;
    const outer = size(curShape.slice(0, axis));
    const run = size(curShape.slice(axis)); // one row of this axis with everything inside it
    const next = new (cur.constructor as new (n: number) => Values)(outer * run * r);
    for (let o = 0; o < outer; o++) {
      const src = cur.subarray(o * run, (o + 1) * run);
      const base = o * run * r;
      if (run === 1) next.fill(src[0], base, base + r);
      else for (let k = 0; k < r; k++) next.set(src, base + k * run);
    }
    cur = next;
    curShape[axis] *= r;
  }
  return cur === values ? (values as Values).slice() : cur;
}

/** d tile(x, reps) / dx: the upstream gradient summed over the repetitions of each axis (size-1 axes dropped first, so the Sum sees the fewest axes). */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[], reps: readonly number[]): tf.Tensor {
  const dims: number[] = [];
  const repAxes: number[] = [];
  xShape.forEach((s, i) => {
    if (reps[i] !== 1) { repAxes.push(dims.length); dims.push(reps[i]); }
    if (s !== 1) dims.push(s);
  });
  const summed = repAxes.length === 0 ? dy : dy.reshape(dims).sum(repAxes);
  return summed.reshape(xShape as number[]);
}
