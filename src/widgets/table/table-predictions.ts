/**
 * The data table's prediction columns: the chosen model's main output for one window of
 * shown rows (the adapter's prediction cache makes re-scrolling cheap).
 */
import type { Example, FieldSpec } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import type { Dataset } from '../../model/dataset';
import { rowExample, rowsAt } from './data-table-query';

/**
 * The model's main output as [name, spec]: the first MulticlassPreds or RegressionScore field,
 * as the model layer's `findMainOutput` picks it (kept here so the table does not load tfjs).
 */
export function mainOutputOf(model: ModelAdapter): [string, FieldSpec] | null {
  return Object.entries(model.outputSpec()).find(([, s]) => s.kind === 'MulticlassPreds' || s.kind === 'RegressionScore') ?? null;
}

/** Predicted label (classifiers) and score of the shown rows [start, start+count). */
export async function predictWindow(model: ModelAdapter, dataset: Dataset, order: Uint32Array | null, start: number, count: number): Promise<{ label: string[] | null; score: Float64Array }> {
  const out = mainOutputOf(model);
  if (!out) throw new Error('has no MulticlassPreds or RegressionScore output');
  const positions = Array.from({ length: count }, (_, k) => start + k);
  const examples: Example[] = rowsAt(dataset, order, positions).map((i) => rowExample(dataset, i));
  const preds = await model.predict(examples);
  const score = new Float64Array(count);
  if (out[1].kind === 'MulticlassPreds') {
    const vocab = out[1].vocab;
    const label = preds.map((p, k) => {
      const probs = p[out[0]] as ArrayLike<number>;
      let best = 0;
      for (let c = 1; c < probs.length; c++) if (probs[c] > probs[best]) best = c;
      score[k] = probs[best];
      return vocab[best] ?? String(best);
    });
    return { label, score };
  }
  preds.forEach((p, k) => { score[k] = Number(p[out[0]]); });
  return { label: null, score };
}
