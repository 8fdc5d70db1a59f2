/**
 * The counterfactual generators the widget offers: which ones fit a model, and the call of
 * the chosen one with the widget's settings (the compute step of the widget).
 */
import type { Example } from '../../core/spec';
import { isDifferentiable, type ModelAdapter } from '../../model/adapter';
import type { Dataset } from '../../model/dataset';
import {
  ablationFlip, hotflip, minimalTabularCounterfactual, nearestCounterfactual, scrambler, wordReplacer,
  type CounterfactualResult, type ExampleSource,
} from '../../explain/counterfactuals';
import { inputKindOf } from '../salience/params';

export type GeneratorName = 'word_replacer' | 'scrambler' | 'ablation_flip' | 'hotflip' | 'nearest' | 'tabular_minimal';
export const TEXT_GENERATORS: readonly GeneratorName[] = ['word_replacer', 'scrambler', 'ablation_flip', 'hotflip', 'nearest'];
export const TABULAR_GENERATORS: readonly GeneratorName[] = ['tabular_minimal', 'nearest'];

/** The settings a generator run reads. */
export interface GeneratorSettings {
  generator: GeneratorName;
  rules: string;
  vary: string[];
  ranges: Record<string, [number, number]>;
  count: number;
}

/** A Dataset as the counterfactual search's example source. */
function sourceOf(dataset: Dataset): ExampleSource {
  return { length: dataset.size, row: (i) => dataset.row(i) };
}

/** The generators offered for a model: HotFlip needs gradients; image models get only nearest. */
export function generatorsFor(model: ModelAdapter): GeneratorName[] {
  const kind = inputKindOf(model);
  if (kind === 'text') return TEXT_GENERATORS.filter((g) => g !== 'hotflip' || isDifferentiable(model));
  if (kind === 'tabular') return [...TABULAR_GENERATORS];
  return ['nearest'];
}

/** Runs the chosen generator; `dataset` is read only by the generators that search one. */
export function runGenerator(model: ModelAdapter, example: Example, s: GeneratorSettings, dataset: () => Dataset, signal: AbortSignal): Promise<CounterfactualResult> {
  const budget = { signal };
  switch (s.generator) {
    case 'word_replacer': return wordReplacer(model, example, { ...budget, rules: s.rules, maxOutputs: s.count });
    case 'scrambler': return scrambler(model, example, { ...budget, count: s.count });
    case 'ablation_flip': return ablationFlip(model, example, { ...budget, maxResults: s.count });
    case 'hotflip': return hotflip(model, example, { ...budget, maxResults: s.count });
    case 'nearest': return nearestCounterfactual(model, example, sourceOf(dataset()), { ...budget, count: s.count });
    case 'tabular_minimal':
      return minimalTabularCounterfactual(model, example, sourceOf(dataset()), {
        ...budget, count: s.count, vary: s.vary.length ? s.vary : undefined, ranges: Object.keys(s.ranges).length ? s.ranges : undefined,
      });
  }
}
