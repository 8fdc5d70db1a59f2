/**
 * Shared shapes of salience requests and results.
 *
 * Notes: every method returns a `SalienceResult` whose `scores` are aligned one-to-one with
 * `labels` (tokens, feature names, or `${row},${col}` pixels), so a view can render any
 * method the same way.
 */
import type { BaselineUsed } from './tabular-baseline';

/** Which output to explain: the predicted class (default), a class by name or index, or the regression score. */
export type TargetChoice = 'predicted' | 'regression' | { classIndex: number } | { className: string };

/** The output that was explained. */
export interface ResolvedTarget {
  classIndex?: number;
  className?: string;
}

export type SalienceMethod =
  | 'grad_norm'
  | 'grad_x_input'
  | 'integrated_gradients'
  | 'smooth_grad'
  | 'lime'
  | 'kernel_shap'
  | 'occlusion';

export interface Heatmap {
  height: number;
  width: number;
  /** Row-major, length height*width. */
  values: Float32Array;
}

/** Model-space column scores of a tabular result (a categorical feature has one column per value). */
export interface ColumnScores {
  labels: string[];
  scores: Float32Array;
}

export interface SalienceResult {
  method: SalienceMethod;
  labels: string[];
  /** One score per label. */
  scores: Float32Array;
  target: ResolvedTarget;
  /** Integrated gradients: sum(scores) - (F(x) - F(baseline)). Kernel SHAP: the same efficiency gap. */
  delta?: number;
  /** F at the baseline (or the all-off coalition). */
  baselineOutput?: number;
  /** Integrated gradients: the path steps used (after any doubling to meet the tolerance). */
  steps?: number;
  /** F at the input. */
  output?: number;
  /** Image models: the scores as a [height, width] map. */
  heatmap?: Heatmap;
  /** Text models: tokens that are not in the vocabulary (the model saw its unknown token there). */
  oovTokens?: string[];
  /**
   * Tabular gradient methods: `labels`/`scores` are raw features (one-hot columns summed); the
   * one-hot detail, column by column. Absent when no feature has more than one column.
   */
  columns?: ColumnScores;
  /** Integrated gradients (and gradient×input, SmoothGrad given a baseline): the baseline used, raw values where it is a row. */
  baseline?: BaselineUsed;
}

/**
 * What lime / kernelShap / occlusion return for a model: the result itself for a model with
 * gradients (encoded perturbations), a Promise of it for one explained through predict().
 */
export type ResultFor<M> = M extends { encode(example: never): unknown; forward(x: never): unknown } ? SalienceResult : SalienceResult | Promise<SalienceResult>;

/** Common options of every method. */
export interface TargetOptions {
  target?: TargetChoice;
}
