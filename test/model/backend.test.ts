import * as tf from '@tensorflow/tfjs';
import {
  activeBackend, BACKEND_PREFERENCE, chooseBackend, describeBackend, initBackend, installedBackends, MissingKernelError, missingKernels, useBackend,
  preferenceFromEnv, withBackendFor, withKernelFallback,
} from '../../src/model/backend';

/** Deterministic pseudo-random values (no Math.random, so every backend sees the same numbers). */
function values(n: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push((s / 2147483648) * 2 - 1);
  }
  return out;
}

/** d/dtable of sum(gather(table, ids)^2): the Embedding layer's weight gradient (UnsortedSegmentSum). */
function embeddingGrad(): number[] {
  return tf.tidy(() => {
    const table = tf.tensor2d(values(6 * 3, 1), [6, 3]);
    const ids = tf.tensor1d([1, 4, 1, 0], 'int32');
    const g = tf.grad((t: tf.Tensor) => tf.gather(t, ids).square().sum())(table);
    return Array.from(g.dataSync());
  });
}

/** d/dfilter and d/dx of sum(conv2d(x, filter)^2): Conv2DBackpropFilter and Conv2DBackpropInput. */
function convGrads(): number[][] {
  return tf.tidy(() => {
    const x = tf.tensor4d(values(1 * 5 * 5 * 2, 2), [1, 5, 5, 2]);
    const f = tf.tensor4d(values(3 * 3 * 2 * 4, 3), [3, 3, 2, 4]);
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum())([x, f]);
    return [Array.from(gx.dataSync()), Array.from(gf.dataSync())];
  });
}

function expectClose(a: number[], b: number[], tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
  expect(worst).toBeLessThan(tol);
}

describe('backend choice', () => {
  it('TSLIT_BACKEND pins the default preference', async () => {
    const saved = process.env.TSLIT_BACKEND;
    try {
      process.env.TSLIT_BACKEND = 'cpu';
      expect((await chooseBackend(preferenceFromEnv())).active).toBe('cpu');
      process.env.TSLIT_BACKEND = 'gpu';
      expect(() => preferenceFromEnv()).toThrow("TSLIT_BACKEND=gpu: expected one of tensorflow, wasm, cpu");
    } finally {
      if (saved === undefined) delete process.env.TSLIT_BACKEND;
      else process.env.TSLIT_BACKEND = saved;
    }
  });

  it('falls through unavailable backends, recording why', async () => {
    const report = await chooseBackend(installedBackends().includes('tensorflow') ? ['cpu'] : ['tensorflow', 'cpu']);
    expect(report.active).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    if (report.attempts.length === 2) {
      expect(report.attempts[0]).toEqual({ name: 'tensorflow', ok: false, reason: "backend 'tensorflow' cannot be loaded: @tensorflow/tfjs-node is not installed" });
      expect(describeBackend(report)).toContain('tensorflow unavailable');
    }
  });

  it('picks tfjs-node if installed, else wasm, and reports it', async () => {
    const report = await initBackend(BACKEND_PREFERENCE);
    expect(report.active).toBe(activeBackend());
    const expected = installedBackends()[0];
    expect(report.active).toBe(expected);
    if (expected === 'wasm') expect(report.attempts[0]).toMatchObject({ name: 'tensorflow', ok: false });
    expect(describeBackend(report)).toContain(`backend '${expected}'`);
  });
});

const describeWasm = installedBackends().includes('wasm') ? describe : describe.skip;

describeWasm('kernels missing on wasm', () => {
  let cpuEmb: number[];
  let cpuConv: number[][];
  beforeAll(async () => {
    await initBackend();
    await useBackend('cpu');
    cpuEmb = embeddingGrad();
    cpuConv = convGrads();
    await useBackend('wasm');
  });

  it('wasm lacks UnsortedSegmentSum and Conv2DBackpropFilter, and tfjs throws rather than miscomputing', () => {
    expect(missingKernels(['UnsortedSegmentSum', 'Conv2DBackpropFilter', 'Conv2D'], 'wasm'))
      .toEqual(['UnsortedSegmentSum', 'Conv2DBackpropFilter']);
    expect(() => embeddingGrad()).toThrow(/UnsortedSegmentSum/);
  });

  it('withBackendFor runs an Embedding gradient on cpu and matches cpu exactly', () => {
    const before = tf.memory().numTensors;
    const g = withBackendFor(['UnsortedSegmentSum'], embeddingGrad);
    expect(activeBackend()).toBe('wasm');
    expect(g).toEqual(cpuEmb);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('withKernelFallback runs a Conv2D gradient and matches cpu', () => {
    const before = tf.memory().numTensors;
    const [gx, gf] = withKernelFallback(convGrads);
    expect(activeBackend()).toBe('wasm');
    expectClose(gx, cpuConv[0]);
    expectClose(gf, cpuConv[1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the kernel and backend when no backend has it', () => {
    expect(() => withBackendFor(['NoSuchKernel'], () => 1)).toThrow(MissingKernelError);
    expect(() => withBackendFor(['NoSuchKernel'], () => 1)).toThrow(/'NoSuchKernel' is not available on backend 'wasm'/);
  });

  it('a model weight living on wasm is read by a cpu computation and still usable on wasm afterwards', () => {
    const v = tf.variable(tf.tensor2d(values(6 * 3, 1), [6, 3]));
    const ids = tf.tensor1d([2, 2, 5], 'int32');
    const g = withBackendFor(['UnsortedSegmentSum'], () =>
      tf.tidy(() => tf.grad((t: tf.Tensor) => tf.gather(t, ids).sum())(v)));
    expect(Array.from(g.sum(1).dataSync())).toEqual([0, 0, 6, 0, 0, 3]);
    const s = v.sum();
    expect(s.dataSync()[0]).toBeCloseTo(values(18, 1).reduce((a, b) => a + b), 5);
    tf.dispose([v, ids, g, s]);
  });
});
