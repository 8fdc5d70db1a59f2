/**
 * The salience widget's choices: which methods a model offers, the parameters a person can
 * set (checked here, with errors naming the parameter) and how they map onto the explain
 * layer's target choice. Shared by the widget and the compute step so both read the same rules.
 */
import { isDifferentiable, type ModelAdapter } from '../../model/adapter';
import type { ParamValues } from '../../core/params';
import { SALIENCE_BASELINES, type SalienceBaselineKind } from '../../core/salience-baseline';
import type { QuadratureRule, SalienceMethod, TargetChoice } from '../../explain/salience';

export const SALIENCE_METHODS: readonly SalienceMethod[] = ['grad_norm', 'grad_x_input', 'integrated_gradients', 'smooth_grad', 'lime', 'kernel_shap', 'occlusion'];
export const QUADRATURE_RULES: readonly QuadratureRule[] = ['gauss-legendre', 'left', 'right', 'midpoint', 'trapezoid'];

export type InputKind = 'text' | 'tabular' | 'image';

/** A built-in method, or the name of one registered with `session.registry.addSalienceMethod`. */
export type MethodName = SalienceMethod | (string & {});

/** What the person chooses in the view. */
export interface SalienceParams {
  salienceMethod: MethodName;
  /** A registered method's own parameters (checked against its specs); empty for a built-in. */
  methodValues: ParamValues;
  /** Integrated gradients: path steps. */
  steps: number;
  /** Integrated gradients: quadrature rule. */
  rule: QuadratureRule;
  /** LIME / Kernel SHAP / SmoothGrad samples. */
  samples: number;
  /** SmoothGrad noise level (fraction of the input range). */
  noise: number;
  /** 'predicted', 'regression', or a class name. */
  target: string;
  /** Tabular integrated gradients and gradient×input: what the path starts from (default 'median'). */
  baseline?: SalienceBaselineKind;
  /** Baseline 'row': the id of a session example (default none). */
  baselineRow?: string;
}

export interface SalienceOptions extends Partial<Omit<SalienceParams, 'methodValues'>> {
  /** A registered method's parameters (its defaults for those not given). */
  methodValues?: ParamValues;
  /** The session's model to explain; default its first. */
  model?: string;
  /** Dataset whose first rows are the background of Kernel SHAP / tabular LIME; default the session's first. */
  dataset?: string;
  /** Background rows taken from the dataset (default 50; a tabular IG background is spread evenly over it). */
  backgroundRows?: number;
  debounceMs?: number;
  /** Rows per chunk of `explainRows` (one predict call each; default 8). */
  rowsChunk?: number;
  /** Most rows `explainRows` takes at once (default 5000). */
  maxRows?: number;
}

/** Which kind of input a model reads. */
export function inputKindOf(model: ModelAdapter): InputKind {
  const kinds = Object.values(model.inputSpec()).map((s) => s.kind);
  if (kinds.includes('TextSegment')) return 'text';
  if (kinds.includes('Image')) return 'image';
  return 'tabular';
}

/** The methods offered for a model: gradient methods need a DifferentiableModel; Kernel SHAP is for tabular. */
export function methodsFor(model: ModelAdapter): SalienceMethod[] {
  const kind = inputKindOf(model);
  if (!isDifferentiable(model)) return kind === 'image' ? [] : kind === 'tabular' ? ['lime', 'kernel_shap', 'occlusion'] : ['lime', 'occlusion'];
  if (kind === 'text') return ['grad_norm', 'grad_x_input', 'integrated_gradients', 'smooth_grad', 'lime', 'occlusion'];
  if (kind === 'image') return ['grad_norm', 'grad_x_input', 'integrated_gradients', 'smooth_grad', 'occlusion'];
  return [...SALIENCE_METHODS];
}

/** Checks parameters from the view or from code; throws naming the parameter. */
export function checkParams(p: Partial<SalienceParams>, classes: readonly string[], methods: readonly MethodName[], registered: readonly string[] = []): Partial<Omit<SalienceParams, 'methodValues'>> {
  const out: Partial<Omit<SalienceParams, 'methodValues'>> = {};
  if (p.salienceMethod !== undefined) {
    const known = [...SALIENCE_METHODS, ...registered];
    if (typeof p.salienceMethod !== 'string' || !known.includes(p.salienceMethod)) throw new Error(`salience: method must be one of ${known.join(', ')}; got ${JSON.stringify(p.salienceMethod)}`);
    if (!methods.includes(p.salienceMethod)) throw new Error(`salience: method ${p.salienceMethod} is not available for this model (available: ${methods.join(', ') || 'none'})`);
    out.salienceMethod = p.salienceMethod;
  }
  if (p.steps !== undefined) {
    if (!Number.isInteger(p.steps) || p.steps < 1 || p.steps > 1024) throw new Error(`salience: steps must be an integer from 1 to 1024; got ${JSON.stringify(p.steps)}`);
    out.steps = p.steps;
  }
  if (p.rule !== undefined) {
    if (!QUADRATURE_RULES.includes(p.rule)) throw new Error(`salience: rule must be one of ${QUADRATURE_RULES.join(', ')}; got ${JSON.stringify(p.rule)}`);
    out.rule = p.rule;
  }
  if (p.samples !== undefined) {
    if (!Number.isInteger(p.samples) || p.samples < 2 || p.samples > 20000) throw new Error(`salience: samples must be an integer from 2 to 20000; got ${JSON.stringify(p.samples)}`);
    out.samples = p.samples;
  }
  if (p.noise !== undefined) {
    if (typeof p.noise !== 'number' || !(p.noise >= 0 && p.noise <= 1)) throw new Error(`salience: noise must be a number from 0 to 1; got ${JSON.stringify(p.noise)}`);
    out.noise = p.noise;
  }
  if (p.baseline !== undefined) {
    if (!SALIENCE_BASELINES.includes(p.baseline)) throw new Error(`salience: baseline must be one of ${SALIENCE_BASELINES.join(', ')}; got ${JSON.stringify(p.baseline)}`);
    out.baseline = p.baseline;
  }
  if (p.baselineRow !== undefined) {
    if (typeof p.baselineRow !== 'string') throw new Error(`salience: baselineRow must be an example id (a string); got ${JSON.stringify(p.baselineRow)}`);
    out.baselineRow = p.baselineRow;
  }
  if (p.target !== undefined) {
    if (typeof p.target !== 'string' || (p.target !== 'predicted' && p.target !== 'regression' && !classes.includes(p.target))) {
      throw new Error(`salience: target must be 'predicted'${classes.length ? ` or a class (${classes.join(', ')})` : " or 'regression'"}; got ${JSON.stringify(p.target)}`);
    }
    out.target = p.target;
  }
  return out;
}

/** The explain layer's target for the view's `target` parameter. */
export function targetChoice(target: string, task: 'multiclass' | 'regression'): TargetChoice {
  if (task === 'regression') return 'regression';
  return target === 'predicted' || target === 'regression' ? 'predicted' : { className: target };
}

/** The parameters as one string: part of the `computedFor` stamp of a result. */
export const paramsStamp = (s: SalienceParams): string =>
  `${s.salienceMethod}/${s.steps}/${s.rule}/${s.samples}/${s.noise}/${s.target}${Object.keys(s.methodValues).length ? `/${JSON.stringify(s.methodValues)}` : ''}/baseline=${s.baseline ?? 'median'}${s.baseline === 'row' ? `:${s.baselineRow ?? ''}` : ''}`;
