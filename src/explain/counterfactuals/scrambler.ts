/**
 * Scrambler: shuffles the words of chosen text fields with a seeded PRNG, so the same seed
 * gives the same scrambles.
 *
 * Notes: the words are the model's (its tokenizer's words, subword pieces of one word kept
 * together; a character model's characters), else the matches of `tokenPattern`, else runs of
 * non-space characters. Each word's span takes another word's text and everything between the
 * spans (spaces, punctuation a tokenizer leaves out, and punctuation it makes a word of) stays
 * where it was. Scrambles equal to an earlier one are drawn again (a few tries), so `count`
 * distinct texts come back when they exist.
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { CountingPredictor } from './counting-predictor';
import { mulberry32, shuffled } from '../../core/random';
import { distinctTexts } from './distinct-texts';
import { editSpans, modelWordSpans, textFields, type Span } from './text-spans';
import type { Counterfactual, CounterfactualResult, PredictionBudget, TokenChange } from './types';

export interface ScramblerOptions extends PredictionBudget {
  fields?: readonly string[];
  /** PRNG seed (default 0). */
  seed?: number;
  /** Number of scrambles (default 1). */
  count?: number;
  /** What one word is, instead of the model's tokenizer. */
  tokenPattern?: RegExp;
}

/** Runs of non-space characters: the words of a model that brings no tokenizer. */
const NON_SPACE = /\S+/gu;

/**
 * Words that move: those with a letter or digit. Punctuation a tokenizer makes a word of its own
 * stays put, or "hello," could become "hellowonderful" (two words moved next to each other
 * with nothing between); a character model's characters all move.
 */
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Draws per wanted scramble before giving up on finding another distinct one. */
const TRIES_PER_SCRAMBLE = 10;

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
  const tokenizer = model.tokenizer?.();
  const spansOf = new Map<string, Span[]>(fields.map((f) => {
    const text = example[f] as string;
    return [f, tokenizer === undefined && options.tokenPattern === undefined ? modelWordSpans(undefined, text, NON_SPACE) : modelWordSpans(tokenizer, text, options.tokenPattern)];
  }));
  let made: Array<Omit<Counterfactual, 'prediction'>> = [];
  for (let n = 0; n < count * TRIES_PER_SCRAMBLE && made.length < count; n++) {
    const edited: Example = { ...example };
    const tokens: TokenChange[] = [];
    const changedFields: string[] = [];
    for (const field of fields) {
      const spans = spansOf.get(field) as Span[];
      const movable = spans.map((_, i) => i).filter((i) => tokenizer?.kind === 'character' || HAS_WORD_CHARACTER.test(spans[i].text));
      const words = movable.map((i) => spans[i].text);
      const s = scramble(words, random);
      if (!s) continue;
      edited[field] = editSpans(example[field] as string, spans, new Map(s.map((w, k) => [movable[k], w])), false);
      changedFields.push(field);
      s.forEach((w, k) => { if (w !== words[k]) tokens.push({ index: movable[k], from: words[k], to: w, field }); });
    }
    if (changedFields.length === 0) break;
    made = distinctTexts([...made, { example: edited, changed: { fields: changedFields, tokens }, distance: tokens.length }], example, fields);
  }
  if (made.length === 0) {
    return { examples: [], calls: 0, predicted: 0, reason: `field(s) ${fields.map((f) => `"${f}"`).join(', ')} have fewer than two different words to shuffle` };
  }
  const predictor = new CountingPredictor(model, options);
  const preds = await predictor.predictAll(made.map((m) => m.example));
  const reason = made.length < count ? `only ${made.length} distinct scramble(s) found in ${count * TRIES_PER_SCRAMBLE} draws` : undefined;
  return { examples: made.map((m, i) => ({ ...m, prediction: preds[i] })), calls: predictor.calls, predicted: predictor.predicted, ...(reason ? { reason } : {}) };
}
