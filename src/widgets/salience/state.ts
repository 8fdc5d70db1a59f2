/**
 * The salience widget's published state, and which methods it offers a model: the built-ins
 * that fit it, then the registered ones whose `supports` accepts it.
 */
import type { ParamSpec } from '../../core/params';
import type { SalienceBaselineKind, SalienceBaselineShown } from '../../core/salience-baseline';
import type { ModelAdapter } from '../../model/adapter';
import { registeredFor } from '../registry/available';
import type { Session } from '../session';
import { methodsFor, type InputKind, type MethodName, type SalienceParams } from './params';
import type { SalienceRowsState } from './rows';

export interface SalienceState extends SalienceParams, SalienceRowsState {
  /** The model explained, one of `models`. */
  model: string;
  models: string[];
  inputKind: InputKind | '';
  /** Methods this model and input kind offer: built-ins, then registered ones whose `supports` accepts the model. */
  methods: MethodName[];
  /** name → label of the registered methods (built-ins are labelled by the view). */
  methodLabels: Record<string, string>;
  /** The chosen registered method's parameter specs (the view draws one control each); empty for a built-in. */
  methodParams: ParamSpec[];
  task: 'multiclass' | 'regression';
  classes: string[];
  exampleId: string;
  /** Text models: the text field's name and value (the view's text box). */
  textField: string;
  text: string;
  labels: string[];
  /** Text: where each label sits in `text`, three integers per label (start, end, word; -1s for none), or empty (see `core/token-layout`). */
  tokenSpans: Int32Array;
  /** The text `tokenSpans` index into (the `text` box may already hold a newer edit). */
  tokenText: string;
  scores: Float32Array;
  /** The class (or 'score') the scores explain. */
  explained: string;
  /** Integrated gradients / Kernel SHAP: completeness gap Σscores − (F(x) − F(baseline)); null otherwise. */
  delta: number | null;
  /** F(x) − F(baseline), to judge `delta` against. */
  outputChange: number | null;
  /** Integrated gradients: steps used (after doubling to meet the tolerance). */
  stepsUsed: number;
  /** Tabular models with gradients: the baselines the person can choose (empty otherwise). */
  baselines: SalienceBaselineKind[];
  /** The baseline the shown scores were computed against (IG, gradient×input on tabular); null otherwise. */
  baselineUsed: SalienceBaselineShown | null;
  /** Tabular gradient methods: the one-hot detail of `scores`, column by column (empty when no feature has several columns). */
  columnLabels: string[];
  columnScores: Float32Array;
  oovTokens: string[];
  /** Image models: pixels (row-major, channels last, 0..1) and sizes; heatmap sizes. */
  image: Float32Array;
  imageHeight: number;
  imageWidth: number;
  imageChannels: number;
  heatmapHeight: number;
  heatmapWidth: number;
  /** The model's prediction for the example shown. */
  probabilities: Float32Array;
  predicted: string;
  score: number;
  /** `<example key>|<params>`: what the shown scores belong to (tests and benches wait on it). */
  computedFor: string;
  elapsedMs: number;
  error: string | null;
  busy: boolean;
  /** View text box debounce. */
  debounceMs: number;
}

/** Built-in methods the model offers, then the registered ones whose `supports` accepts it. */
export function availableMethods(session: Session, model: ModelAdapter): MethodName[] {
  return [...methodsFor(model), ...registeredFor(session.registry, 'salience', model).map((m) => m.name)];
}

export function registeredNames(session: Session): string[] {
  return session.registry.registered('salience').map((m) => m.name);
}

/** Integrated gradients where the model offers it, else the first method (LIME when none). */
export function defaultMethodOf(methods: readonly MethodName[]): MethodName {
  return methods.includes('integrated_gradients') ? 'integrated_gradients' : methods[0] ?? 'lime';
}
