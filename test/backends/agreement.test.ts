/**
 * The model's building blocks give the same numbers on every tfjs backend this process can
 * load: 'tensorflow' (tfjs-node, see scripts/tfjs-node/install.mjs), 'wasm' and 'cpu'.
 *
 * Each case runs on the backend under test and on cpu, and (where a loop is short) against a
 * plain-JavaScript computation of the same formula, so agreement is not just two backends
 * sharing a bug. A backend that is not installed shows up as a skipped test naming why; one
 * that is installed but does not initialise fails. Tolerance: float32 accumulation order
 * differs between backends (TensorFlow's oneDNN/Eigen kernels block their sums), so values are
 * compared relative to the largest magnitude of the reference: |a − b| ≤ 1e-5 · max|b|.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { installedBackends, missingKernels, useBackend, withKernelFallback, type BackendName } from '../../src/model/backend';
import { loadModel } from '../../src/model/load-model';
import type { MetadataAdapter } from '../../src/model/adapters/metadata-adapter';
import { mulberry32 } from '../../src/core/random';

const ALL: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const installed = installedBackends();
const NOT_INSTALLED: Record<BackendName, string> = {
  tensorflow: "@tensorflow/tfjs-node does not resolve here; run 'node scripts/tfjs-node/install.mjs' to build it",
  wasm: '@tensorflow/tfjs-backend-wasm is not installed',
  cpu: 'always installed',
};
const REL_TOL = 1e-5;

/** Seeded uniform values in [-1, 1). */
function values(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => 2 * r() - 1);
}

// ---- plain-JS references -------------------------------------------------------------------

/** relu(x·W + b) for row-major x [n, k], W [k, m]. */
function denseJs(x: number[], w: number[], b: number[], n: number, k: number, m: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = b[j];
      for (let t = 0; t < k; t++) s += x[i * k + t] * w[t * m + j];
      out.push(Math.max(0, s));
    }
  }
  return out;
}

/** d/d(table) of Σ table[ids[p]] · weights[p]: row r collects the weights of positions holding id r. */
function embeddingGradJs(ids: number[], weights: number[], rows: number, dim: number): number[] {
  const g = new Array<number>(rows * dim).fill(0);
  ids.forEach((id, p) => {
    for (let d = 0; d < dim; d++) g[id * dim + d] += weights[p * dim + d];
  });
  return g;
}

function softmaxJs(logits: number[], classes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < logits.length; i += classes) {
    const row = logits.slice(i, i + classes);
    const mx = Math.max(...row);
    const e = row.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, v) => a + v, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

/** Gradients of Σ conv2d(x, f, stride 1, 'same') · m with respect to x and f (NHWC, HWIO, odd kernel). */
function conv2dGradsJs(x: number[], f: number[], m: number[], [b, h, w, ci]: number[], [kh, kw, co]: number[]): { dx: number[]; df: number[] } {
  const dx = new Array<number>(x.length).fill(0);
  const df = new Array<number>(f.length).fill(0);
  const ph = (kh - 1) / 2;
  const pw = (kw - 1) / 2;
  for (let n = 0; n < b; n++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let o = 0; o < co; o++) {
    const g = m[((n * h + i) * w + j) * co + o];
    for (let a = 0; a < kh; a++) for (let c = 0; c < kw; c++) {
      const y = i + a - ph;
      const z = j + c - pw;
      if (y < 0 || y >= h || z < 0 || z >= w) continue;
      for (let q = 0; q < ci; q++) {
        const xi = ((n * h + y) * w + z) * ci + q;
        const fi = ((a * kw + c) * ci + q) * co + o;
        dx[xi] += g * f[fi];
        df[fi] += g * x[xi];
      }
    }
  }
  return { dx, df };
}

// ---- the cases -----------------------------------------------------------------------------

interface Case {
  name: string;
  /** Kernels some backends lack; the model layer runs such steps on cpu (withKernelFallback). */
  kernels?: string[];
  run: () => Promise<number[]> | number[];
  /** The same numbers computed without tfjs, when the loops are short enough to trust. */
  js?: () => number[];
}

const X = values(6 * 10, 1);
const W = values(10 * 7, 2);
const B = values(7, 3);
const IDS = [1, 5, 5, 0, 19, 3, 3, 3, 2, 7];
const TABLE = values(20 * 8, 4);
const EW = values(IDS.length * 8, 5);
const LOGITS = values(4 * 5, 6).map((v) => 30 * v); // large logits: tests the max-shift
const CX = values(2 * 6 * 6 * 3, 7);
const CF = values(3 * 3 * 3 * 4, 8);
const CM = values(2 * 6 * 6 * 4, 9);
const PENGUINS = [
  { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750, Island: 'Torgersen' },
  { 'Beak Length (mm)': 46.5, 'Beak Depth (mm)': 17.9, 'Flipper Length (mm)': 192, 'Body Mass (g)': 3500, Island: 'Dream' },
  { 'Beak Length (mm)': 50.0, 'Beak Depth (mm)': 15.2, 'Flipper Length (mm)': 218, 'Body Mass (g)': 5700, Island: 'Biscoe' },
  { 'Beak Length (mm)': 44.0, 'Beak Depth (mm)': 17.0, 'Flipper Length (mm)': 200, 'Body Mass (g)': 4200, Island: 'Dream' },
];
let penguins: MetadataAdapter | undefined;

const CASES: Case[] = [
  {
    name: 'dense relu(x·W + b)',
    run: () => tf.tidy(() => Array.from(tf.relu(tf.add(tf.matMul(tf.tensor2d(X, [6, 10]), tf.tensor2d(W, [10, 7])), tf.tensor1d(B))).dataSync())),
    js: () => denseJs(X, W, B, 6, 10, 7),
  },
  {
    name: 'dense gradient w.r.t. W and x',
    run: () => tf.tidy(() => {
      const f = (x: tf.Tensor, w: tf.Tensor): tf.Tensor => tf.sum(tf.sin(tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), tf.tensor1d(B))));
      const [gx, gw] = tf.grads(f)([tf.tensor2d(X, [6, 10]), tf.tensor2d(W, [10, 7])]);
      return [...gx.dataSync(), ...gw.dataSync()];
    }),
  },
  {
    name: 'embedding gradient (gather → UnsortedSegmentSum)',
    kernels: ['UnsortedSegmentSum'],
    run: () => withKernelFallback(() => tf.tidy(() => {
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d(IDS, 'int32')), tf.tensor2d(EW, [IDS.length, 8]))))(tf.tensor2d(TABLE, [20, 8]));
      return Array.from(g.dataSync());
    })),
    js: () => embeddingGradJs(IDS, EW, 20, 8),
  },
  {
    name: 'conv2d gradient w.r.t. input and filter (Conv2DBackpropInput/Filter)',
    kernels: ['Conv2DBackpropInput', 'Conv2DBackpropFilter'],
    run: () => withKernelFallback(() => tf.tidy(() => {
      const f = (x: tf.Tensor, k: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same'), tf.tensor4d(CM, [2, 6, 6, 4])));
      const [gx, gf] = tf.grads(f)([tf.tensor4d(CX, [2, 6, 6, 3]), tf.tensor4d(CF, [3, 3, 3, 4])]);
      return [...gx.dataSync(), ...gf.dataSync()];
    })),
    js: () => {
      const { dx, df } = conv2dGradsJs(CX, CF, CM, [2, 6, 6, 3], [3, 3, 4]);
      return [...dx, ...df];
    },
  },
  {
    name: 'softmax of large logits',
    run: () => tf.tidy(() => Array.from(tf.softmax(tf.tensor2d(LOGITS, [4, 5])).dataSync())),
    js: () => softmaxJs(LOGITS, 5),
  },
  {
    name: 'predict of models/penguins (loadModel, tabular MLP)',
    run: async () => (await (penguins as MetadataAdapter).predict(PENGUINS)).flatMap((p) => p.probas as number[]),
  },
];

/** Runs `c` on `backend`, checking it leaves no tensor behind. */
async function runOn(backend: BackendName, c: Case): Promise<number[]> {
  await useBackend(backend);
  const before = tf.memory().numTensors;
  const out = await c.run();
  expect(tf.memory().numTensors).toBe(before);
  expect(tf.getBackend()).toBe(backend);
  return out;
}

/** max |a − b| / max |b|, and a readable failure when lengths differ or values are not finite. */
function relDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  expect(a.every(Number.isFinite)).toBe(true);
  const scale = Math.max(...b.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
}

/** Registers the kernels of an installed backend's package, so missingKernels can name them now. */
function registerKernels(backend: BackendName): void {
  try {
    if (backend === 'tensorflow') require('@tensorflow/tfjs-node');
    if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  } catch {
    /* reported by the 'initialises' test */
  }
}

beforeAll(async () => {
  await useBackend('cpu');
  penguins = await loadModel(path.join(__dirname, '..', '..', 'models', 'penguins'), { cacheSize: 0 });
});

for (const backend of ALL) {
  if (!installed.includes(backend)) {
    test.skip(`backend ${backend}: SKIPPED, ${NOT_INSTALLED[backend]}`, () => undefined);
    continue;
  }
  registerKernels(backend);
  describe(`backend ${backend}`, () => {
    test('initialises', async () => {
      await useBackend(backend);
      expect(tf.getBackend()).toBe(backend);
    });
    for (const c of CASES) {
      const lacks = missingKernels(c.kernels ?? [], backend);
      test(`${c.name}${lacks.length ? ` (runs on cpu: ${backend} lacks ${lacks.join('/')})` : ''} agrees with cpu${c.js ? ' and plain JS' : ''} within ${REL_TOL}`, async () => {
        const got = await runOn(backend, c);
        const cpu = await runOn('cpu', c);
        expect({ case: c.name, vsCpu: relDiff(got, cpu) <= REL_TOL }).toEqual({ case: c.name, vsCpu: true });
        if (c.js) {
          const js = c.js();
          expect({ case: c.name, vsJs: relDiff(got, js) <= REL_TOL }).toEqual({ case: c.name, vsJs: true });
        }
        // The cases are not trivially equal: different inputs give different outputs.
        expect(Math.max(...got.map(Math.abs))).toBeGreaterThan(0);
      });
    }
  });
}
