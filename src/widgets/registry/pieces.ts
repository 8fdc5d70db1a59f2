/**
 * What a person can register from a cell: a metric, a salience method, a counterfactual
 * generator and a custom view. Each is plain data plus functions; the registry validates it
 * when it is registered and every call into it runs isolated (user-code.ts).
 */
import type { Example } from '../../core/spec';
import type { ParamSpec, ParamValues } from '../../core/params';
import type { ModelAdapter } from '../../model/adapter';
import type { Dataset } from '../../model/dataset';
import type { TargetChoice } from '../../explain/salience';

/** A classifier's predictions for the rows of one slice. */
export interface MetricPredictions {
  /** rows × classes probabilities, row-major. */
  probs: Float32Array;
  /** The predicted class of each row (argmax, or thresholded in the threshold panel). */
  predicted: Int32Array;
  classes: readonly string[];
}

/** A metric the metrics table computes per slice and the threshold panel can optimise. */
export interface MetricPiece {
  name: string;
  label?: string;
  /** Whether larger is better (default true): the threshold panel maximises or minimises it. */
  higherIsBetter?: boolean;
  /**
   * The metric of one slice: `labels` and `predictions` hold only the slice's rows, `rows` their
   * dataset row indices (to read other fields of the dataset). NaN for an undefined value.
   */
  compute(labels: Int32Array, predictions: MetricPredictions, rows: Uint32Array): number;
}

export interface SalienceContext {
  target: TargetChoice;
  params: ParamValues;
  signal: AbortSignal;
  /** The session dataset's first rows as the model's inputs (a background for perturbations). */
  background(): Example[];
}

/** A salience method that appears in the salience view's list, with its parameters as controls. */
export interface SaliencePiece {
  name: string;
  label?: string;
  params?: ParamSpec[];
  /** true, or a reason the model cannot use it (default: any model). */
  supports?(model: ModelAdapter): boolean | string;
  /** One score per label (tokens, features, pixels…). */
  explain(model: ModelAdapter, example: Example, context: SalienceContext): { labels: string[]; scores: ArrayLike<number> } | Promise<{ labels: string[]; scores: ArrayLike<number> }>;
}

export interface GeneratorContext {
  params: ParamValues;
  signal: AbortSignal;
  /** The dataset the counterfactuals view reads. */
  dataset: Dataset;
  /** Most examples wanted. */
  count: number;
}

/** A counterfactual generator that appears in the counterfactuals view. */
export interface GeneratorPiece {
  name: string;
  label?: string;
  params?: ParamSpec[];
  supports?(model: ModelAdapter): boolean | string;
  /** Candidate examples; tslit predicts them and marks the fields that changed. */
  generate(model: ModelAdapter, example: Example, context: GeneratorContext): Example[] | Promise<Example[]>;
}

/**
 * A custom view: an ES module given as text whose `render({ model, el })` (default export
 * `{ render }` or a named `render`, as anywidget's contract) draws into `el` and may return a
 * cleanup function. `model` reads and writes the session state (`selection`, `primary`,
 * `pins`, `data`) with get/set/save_changes/on.
 */
export interface ViewPiece {
  name: string;
  esm: string;
}

export type PieceKind = 'metric' | 'salience' | 'generator' | 'view';
export interface PieceOf { metric: MetricPiece; salience: SaliencePiece; generator: GeneratorPiece; view: ViewPiece }
