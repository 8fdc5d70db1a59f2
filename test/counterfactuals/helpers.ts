/** Shared checks: every counterfactual's claimed prediction is what the model says now. */
import type { Prediction } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import type { CounterfactualResult } from '../../src/explain/counterfactuals';

export function argmax(p: Prediction, field = 'probas'): number {
  const xs = p[field] as number[];
  return xs.indexOf(Math.max(...xs));
}

/** Re-predicts every returned example (one at a time) and compares with the claimed prediction. */
export async function expectClaimsHold(model: ModelAdapter, result: CounterfactualResult): Promise<void> {
  for (const cf of result.examples) {
    const [again] = await model.predict([cf.example]);
    for (const [field, value] of Object.entries(cf.prediction)) {
      if (typeof value === 'number') expect(again[field]).toBeCloseTo(value, 5);
      else (value as number[]).forEach((v, i) => expect((again[field] as number[])[i]).toBeCloseTo(v, 5));
    }
  }
}
