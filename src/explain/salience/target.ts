/**
 * Turning the person's choice of class into the scalar F that salience explains.
 *
 * Notes: F is the explained class's probability for multiclass models and the score for
 * regression models; `selectTarget` is used inside gradient tapes, so it stays differentiable.
 */
import * as tf from '@tensorflow/tfjs';
import type { DifferentiableModel } from '../../model/adapter';
import { SalienceInputError } from './errors';
import type { ResolvedTarget, TargetChoice } from './types';

interface TaskInfo {
  task: 'multiclass' | 'regression';
  classes?: readonly string[];
}

/**
 * Resolves the target against the model's output row for the example.
 * @param outputRow F(x) as a plain array (probabilities or [score]).
 */
export function resolveTarget(model: TaskInfo, outputRow: ArrayLike<number>, choice: TargetChoice = 'predicted'): ResolvedTarget {
  if (model.task === 'regression') {
    if (choice !== 'predicted' && choice !== 'regression') {
      throw new SalienceInputError('target: this is a regression model; use target "regression" (or "predicted"), not a class');
    }
    return {};
  }
  const classes = model.classes;
  const n = outputRow.length;
  const named = (i: number): ResolvedTarget => ({ classIndex: i, className: classes?.[i] });
  if (choice === 'predicted') {
    let best = 0;
    for (let i = 1; i < n; i++) if (outputRow[i] > outputRow[best]) best = i;
    return named(best);
  }
  if (choice === 'regression') {
    throw new SalienceInputError('target: "regression" needs a regression model; this model is multiclass (use "predicted", {classIndex} or {className})');
  }
  if ('classIndex' in choice) {
    if (!Number.isInteger(choice.classIndex) || choice.classIndex < 0 || choice.classIndex >= n) {
      throw new SalienceInputError(`target.classIndex must be an integer in [0, ${n - 1}], got ${choice.classIndex}`);
    }
    return named(choice.classIndex);
  }
  const i = classes ? classes.indexOf(choice.className) : -1;
  if (i < 0) {
    throw new SalienceInputError(`target.className '${choice.className}' is not a class of this model; classes: ${(classes ?? []).join(', ')}`);
  }
  return named(i);
}

/** F for each row of a model output [b, k]: the target column, as [b]. Differentiable. */
export function selectTarget(outputs: tf.Tensor, target: ResolvedTarget): tf.Tensor1D {
  const col = target.classIndex ?? 0;
  const k = outputs.shape[outputs.shape.length - 1] as number;
  return tf.tidy(() => outputs.reshape([-1, k]).slice([0, col], [-1, 1]).reshape([-1]) as tf.Tensor1D);
}

/** Runs `forward` on the input and resolves the target from its output; returns F(x) too. */
export function evaluateTarget(model: DifferentiableModel, input: tf.Tensor, choice?: TargetChoice): { target: ResolvedTarget; output: number } {
  const out = tf.tidy(() => model.forward(input));
  const values = Array.from(out.dataSync());
  out.dispose();
  const target = resolveTarget(model, values, choice);
  return { target, output: model.task === 'regression' ? values[0] : values[target.classIndex ?? 0] };
}

/**
 * One forward pass over [x; baseline] (both [1, ...inner]): resolves the target from F's row for
 * x and returns F(x) and F(baseline). Saves a second pass, which costs most for one-row calls.
 */
export function evaluateTargetPair(
  model: DifferentiableModel,
  input: tf.Tensor,
  baseline: tf.Tensor,
  choice?: TargetChoice,
): { target: ResolvedTarget; output: number; baselineOutput: number } {
  const out = tf.tidy(() => model.forward(tf.concat([input, baseline], 0)));
  const values = out.dataSync();
  const k = values.length / 2;
  const rowX = Array.from(values.subarray(0, k));
  const rowB = Array.from(values.subarray(k));
  out.dispose();
  const target = resolveTarget(model, rowX, choice);
  const col = model.task === 'regression' ? 0 : target.classIndex ?? 0;
  return { target, output: rowX[col], baselineOutput: rowB[col] };
}
