/**
 * Which generators can run on a model, and why not the others: what a view needs to offer
 * only the buttons that work.
 */
import type { ModelAdapter } from '../../model/adapter';
import { isDifferentiable } from '../../model/adapter';
import { findMainOutput } from '../../model/adapters/tensor-outputs';

export type CounterfactualGeneratorName = 'wordReplacer' | 'scrambler' | 'ablationFlip' | 'hotflip' | 'nearestCounterfactual' | 'minimalTabularCounterfactual';

export interface GeneratorAvailability { name: CounterfactualGeneratorName; available: boolean; reason?: string }

export function availableGenerators(model: ModelAdapter): GeneratorAvailability[] {
  const kinds = Object.values(model.inputSpec()).map((s) => s.kind);
  const text = kinds.includes('TextSegment');
  const tabular = kinds.includes('Scalar') || kinds.includes('CategoryLabel');
  const main = findMainOutput(model.outputSpec()) !== undefined;
  const noText = 'the model reads no TextSegment field';
  const noTable = 'the model reads no Scalar, CategoryLabel or TextSegment field';
  const noMain = 'the model has no MulticlassPreds or RegressionScore output';
  const embeddings = isDifferentiable(model) && typeof model.embeddingTable === 'function' && typeof model.vocabulary === 'function';
  const entry = (name: CounterfactualGeneratorName, ok: boolean, reason: string): GeneratorAvailability => (ok ? { name, available: true } : { name, available: false, reason });
  return [
    entry('wordReplacer', text, noText),
    entry('scrambler', text, noText),
    entry('ablationFlip', text && main, text ? noMain : noText),
    entry('hotflip', text && main && embeddings, !text ? noText : !main ? noMain : 'the model has no embedding table (embeddingTable()/vocabulary()): a GraphModel takes graphModelAdapter(graph, { embeddingNode, embeddingTable }), a predict-only model withTokenGradients(model, { embed, gradients, vocabulary })'),
    entry('nearestCounterfactual', (tabular || text) && main, tabular || text ? noMain : noTable),
    entry('minimalTabularCounterfactual', tabular && main, tabular ? noMain : 'the model reads no Scalar or CategoryLabel field'),
  ];
}
