/**
 * Occlusion / ablation: how much F drops when a token, a feature or an image patch is hidden.
 *
 * Notes: score = F(x) − F(x with the part hidden). Tokens are dropped or replaced by the pad
 * embedding; features take the baseline value (the adapter's baseline, or the background
 * mean); image patches of `patchSize` slide by `stride` and take the baseline pixels, and each
 * pixel's score is the mean drop over the patches covering it (a [h, w] heatmap).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import { isDifferentiable, type ModelAdapter } from '../../model/adapter';
import { backgroundRows, columnStats, type Background } from './background';
import { asBlackBoxOptions, occlusionPredict } from './blackBox';
import { encodeBound, findOovTokens, requireDifferentiable } from './encoding';
import { SalienceInputError } from './errors';
import { evaluateRows, evaluateTokenMasks, type TokenMask } from './perturb';
import { composeRow, tabularPlayers } from './players';
import { evaluateTarget } from './target';
import type { ResultFor, SalienceResult, TargetOptions } from './types';

export interface OcclusionOptions extends TargetOptions {
  /** Text: drop the token ('remove') or put the pad embedding in its place ('pad', default). */
  mask?: TokenMask;
  /** Tabular: replace with the adapter's baseline (default) or the background mean. */
  replaceWith?: 'baseline' | 'mean';
  background?: Background;
  /** Images: square patch side in pixels (default 4) and step (default = patchSize). */
  patchSize?: number;
  stride?: number;
  chunkSize?: number;
}

/**
 * Models without gradients (a predict function, a remote or ONNX model) are explained by the
 * same call through predict() (occlusionPredict); the result is then a Promise — `await` it either way.
 */
export function occlusion<M extends ModelAdapter>(model: M, example: Example, options?: OcclusionOptions): ResultFor<M>;
export function occlusion(model: ModelAdapter, example: Example, options: OcclusionOptions = {}): SalienceResult | Promise<SalienceResult> {
  if (!isDifferentiable(model)) return occlusionPredict(model, example, asBlackBoxOptions('occlusion', options));
  const differentiable = requireDifferentiable(model, 'occlusion');
  const chunkSize = options.chunkSize ?? 256;
  const { enc, m } = encodeBound(differentiable, example);
  try {
    const { target, output } = evaluateTarget(m, enc.input, options.target);
    const M = enc.labels.length;
    const base = { method: 'occlusion' as const, labels: enc.labels, target, output };
    if (enc.align === 'tokens') {
      const masks = Array.from({ length: M }, (_, i) => {
        const z = new Uint8Array(M).fill(1);
        z[i] = 0;
        return z;
      });
      const f = evaluateTokenMasks(m, enc, masks, options.mask ?? 'pad', target, chunkSize);
      return { ...base, scores: f.map((v) => output - v), oovTokens: findOovTokens(m, enc) };
    }
    const x = Float32Array.from(enc.input.dataSync());
    if (enc.align === 'features') {
      let fill: Float32Array;
      if (options.replaceWith === 'mean') {
        if (!options.background) throw new SalienceInputError("occlusion replaceWith 'mean' needs options.background");
        fill = columnStats(backgroundRows(m, options.background, M)).mean;
      } else {
        fill = Float32Array.from(enc.baseline.dataSync());
      }
      const players = tabularPlayers(m, enc);
      const P = players.labels.length;
      const data = new Float32Array(P * M);
      for (let p = 0; p < P; p++) {
        const mask = new Uint8Array(P).fill(1);
        mask[p] = 0;
        composeRow(data, p * M, players, mask, x, fill);
      }
      const f = evaluateRows(m, data, [M], target, chunkSize);
      return { ...base, labels: players.labels, scores: f.map((v) => output - v) };
    }
    return imageOcclusion(m, enc.input, Float32Array.from(enc.baseline.dataSync()), x, target, output, base, options, chunkSize);
  } finally {
    enc.input.dispose();
    enc.baseline.dispose();
  }
}

function imageOcclusion(
  m: Parameters<typeof evaluateRows>[0],
  input: tf.Tensor,
  fill: Float32Array,
  x: Float32Array,
  target: Parameters<typeof evaluateRows>[3],
  output: number,
  base: Pick<SalienceResult, 'method' | 'labels' | 'target' | 'output'>,
  options: OcclusionOptions,
  chunkSize: number,
): SalienceResult {
  const [, h, w, c] = input.shape as [number, number, number, number];
  const patch = options.patchSize ?? 4;
  const stride = options.stride ?? patch;
  if (!Number.isInteger(patch) || patch < 1 || patch > Math.min(h, w)) throw new SalienceInputError(`patchSize must be an integer in [1, ${Math.min(h, w)}], got ${patch}`);
  if (!Number.isInteger(stride) || stride < 1) throw new SalienceInputError(`stride must be a positive integer, got ${stride}`);
  const starts = (n: number): number[] => {
    const s: number[] = [];
    for (let p = 0; p + patch <= n; p += stride) s.push(p);
    if (s[s.length - 1] + patch < n) s.push(n - patch); // cover the last rows/columns too
    return s;
  };
  const rows = starts(h);
  const cols = starts(w);
  const P = rows.length * cols.length;
  const size = h * w * c;
  const data = new Float32Array(P * size);
  let p = 0;
  for (const r0 of rows) for (const c0 of cols) {
    const off = p * size;
    data.set(x, off);
    for (let r = r0; r < r0 + patch; r++) for (let q = c0; q < c0 + patch; q++) for (let k = 0; k < c; k++) {
      const i = (r * w + q) * c + k;
      data[off + i] = fill[i];
    }
    p++;
  }
  const f = evaluateRows(m, data, [h, w, c], target, chunkSize);
  const sum = new Float32Array(h * w);
  const count = new Float32Array(h * w);
  p = 0;
  for (const r0 of rows) for (const c0 of cols) {
    const drop = output - f[p++];
    for (let r = r0; r < r0 + patch; r++) for (let q = c0; q < c0 + patch; q++) {
      sum[r * w + q] += drop;
      count[r * w + q] += 1;
    }
  }
  const scores = sum.map((s, i) => (count[i] > 0 ? s / count[i] : 0));
  return { ...base, scores, heatmap: { height: h, width: w, values: scores } };
}
