/**
 * One example explained with the widget's chosen method, built-in or registered: the one
 * entry point the single-example view and the many-rows job share, so a registered method
 * works in both.
 */
import type { Example, Prediction } from '../../core/spec';
import type { SalienceResult, TabularBaseline } from '../../explain/salience';
import type { ModelAdapter } from '../../model/adapter';
import { runWithModelGradients } from '../../model/adapters/token-gradients';
import type { Registry } from '../registry/registry';
import { runCustomSalience } from '../registry/custom-salience';
import { mainOutputOf } from '../prediction/predictions';
import { computeSalience } from './compute';
import { targetChoice, type SalienceParams } from './params';

export interface ExplainInput {
  registry: Registry;
  model: ModelAdapter;
  example: Example;
  params: SalienceParams;
  signal: AbortSignal;
  background: (model: ModelAdapter) => Example[];
  /** The model's prediction for `example` (a registered method's target is resolved from it). */
  prediction: Prediction;
  /** Tabular integrated gradients / gradient×input: the baseline the person chose. */
  baseline?: TabularBaseline;
}

/** Runs through `runWithModelGradients`, so a model whose supplier answers with promises is awaited (built-in or registered method alike). */
export function explainExample(input: ExplainInput): Promise<SalienceResult> {
  const { registry, example, params, signal, background } = input;
  const piece = registry.get('salience', params.salienceMethod);
  return runWithModelGradients(input.model, (model) => {
    if (!piece) return computeSalience(model, example, params, signal, background, input.baseline);
    return runCustomSalience(piece, model, example, {
      target: targetChoice(params.target, mainOutputOf(model).kind),
      params: params.methodValues,
      signal,
      background: () => background(model),
      prediction: input.prediction,
    });
  }, signal);
}
