/**
 * The main output is found in one place (the model layer) and every consumer agrees on it:
 * the adapters, salience's black-box methods and the counterfactual generators' availability.
 */
import type { Spec } from '../../src/core/spec';
import { findMainOutput, mainOutput, predictFnAdapter } from '../../src/model';
import { availableGenerators } from '../../src/explain/counterfactuals';
import { occlusionPredict, SalienceInputError } from '../../src/explain/salience';

describe('the main output of a model', () => {
  it('is the first MulticlassPreds or RegressionScore field, indexed among the tensor outputs', () => {
    const spec: Spec = {
      tokens: { kind: 'Tokens' },
      emb: { kind: 'Embeddings' },
      score: { kind: 'RegressionScore' },
      probas: { kind: 'MulticlassPreds', vocab: ['no', 'yes'] },
    };
    expect(findMainOutput(spec)).toEqual({ field: 'score', index: 1, spec: { kind: 'RegressionScore' } });
    expect(mainOutput(spec).field).toBe('score');
  });

  it('is absent from a model with only embeddings, and every consumer says so', async () => {
    const outputSpec: Spec = { emb: { kind: 'Embeddings' } };
    expect(findMainOutput(outputSpec)).toBeUndefined();
    expect(() => mainOutput(outputSpec)).toThrow(/no MulticlassPreds or RegressionScore field/);
    const model = predictFnAdapter(async (xs) => xs.map(() => ({ emb: new Float32Array([0, 1]) })), {
      name: 'embedder', inputSpec: { text: { kind: 'TextSegment' } }, outputSpec,
    });
    const ablation = availableGenerators(model).find((g) => g.name === 'ablationFlip');
    expect(ablation).toEqual({ name: 'ablationFlip', available: false, reason: 'the model has no MulticlassPreds or RegressionScore output' });
    const failure = occlusionPredict(model, { text: 'hello world' });
    await expect(failure).rejects.toThrow(SalienceInputError);
    await expect(occlusionPredict(model, { text: 'hello world' })).rejects.toThrow(/model 'embedder' has no MulticlassPreds or RegressionScore output to explain/);
  });
});
