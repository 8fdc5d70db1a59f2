/**
 * Scrambler: shuffles the words of chosen text fields with a seeded PRNG, so the same seed
 * gives the same scrambles.
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { CountingPredictor } from './counting-predictor';
import { mulberry32, shuffled } from '../../core/random';
import { textFields } from './text-spans';
import type { Counterfactual, CounterfactualResult, PredictionBudget, TokenChange } from './types';

export interface ScramblerOptions extends PredictionBudget {
  fields?: readonly string[];
  /** PRNG seed (default 0). */
  seed?: number;
  /** Number of scrambles (default 1). */
  count?: number;
}

/** Shuffles until the word order differs (a few tries), or returns undefined when it cannot. */
function scramble(words: readonly string[], random: () => number): string[] | undefined {
  if (new Set(words).size < 2) return undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    const s = shuffled(words, random);
    if (s.some((w, i) => w !== words[i])) return s;
  }
  return undefined;
}

export async function scrambler(model: ModelAdapter, example: Example, options: ScramblerOptions = {}): Promise<CounterfactualResult> {
  const fields = textFields(model.inputSpec(), example, options.fields);
  const random = mulberry32(options.seed ?? 0);
  const count = options.count ?? 1;
  const made: Array<Omit<Counterfactual, 'prediction'>> = [];
  for (let n = 0; n < count; n++) {
    const edited: Example = { ...example };
    const tokens: TokenChange[] = [];
    const changedFields: string[] = [];
    for (const field of fields) {
      const words = (example[field] as string).split(/\s+/).filter((w) => w !== '');
      const s = scramble(words, random);
      if (!s) continue;
      edited[field] = s.join(' ');
      changedFields.push(field);
      s.forEach((w, i) => { if (w !== words[i]) tokens.push({ index: i, from: words[i], to: w, field }); });
    }
    if (changedFields.length === 0) break;
    made.push({ example: edited, changed: { fields: changedFields, tokens }, distance: tokens.length });
  }
  if (made.length === 0) {
    return { examples: [], calls: 0, predicted: 0, reason: `field(s) ${fields.map((f) => `"${f}"`).join(', ')} have fewer than two different words to shuffle` };
  }
  const predictor = new CountingPredictor(model, options);
  const preds = await predictor.predictAll(made.map((m) => m.example));
  return { examples: made.map((m, i) => ({ ...m, prediction: preds[i] })), calls: predictor.calls, predicted: predictor.predicted };
}
