/**
 * Ablation flip: the fewest removed tokens that flip the prediction.
 *
 * Notes: leave-one-out predictions (one batch) both rank tokens by salience and answer the
 * size-1 question; larger sets are drawn from the most salient tokens, best summed salience
 * first, verified in batched predictions, and the search stops at the first size that flips.
 * A precheck (all `maxRemovals` most salient tokens removed at once) skips hopeless searches.
 */
import type { Example, Prediction } from '../../core/spec';
import { isDifferentiable, ModelAdapter } from '../../model/adapter';
import { combinations } from './combinations';
import { distinctTexts } from './distinct-texts';
import { CountingPredictor } from './counting-predictor';
import { FlipGoal, makeJudge } from './goal';
import { mainOutput } from './main-output';
import { searchSubsets } from './subset-search';
import { editSpans, modelWordSpans, Span, textFields } from './text-spans';
import type { CounterfactualResult, PredictionBudget } from './types';

export interface AblationFlipOptions extends PredictionBudget {
  /** Text field to ablate; default the model's `textField`, else its first TextSegment. */
  field?: string;
  /** What one token is (default: runs of letters/digits). */
  tokenPattern?: RegExp;
  goal?: FlipGoal;
  /**
   * What one removal takes away: one token (default), or every occurrence of one word
   * (case-insensitive), which is what flips long texts that repeat their decisive words.
   */
  unit?: 'token' | 'word';
  /** Largest set of removed units to try (default 4). */
  maxRemovals?: number;
  /** Sets are drawn from this many most salient tokens (default 12). */
  candidateTokens?: number;
  /** Stop once this many minimal flips are found (default 5). */
  maxResults?: number;
  /** The model's prediction for `example`, if already known (saves one call). */
  prediction?: Prediction;
  /**
   * First remove the `maxRemovals` most salient tokens together; if even that does not flip,
   * give up without trying smaller sets (default true: one prediction instead of hundreds
   * when nothing is within reach; it can miss flips that depend on token interactions).
   */
  precheck?: boolean;
}

/** k-subsets of the first `m` ranked tokens, best summed salience first. */
function rankedSubsets(ranked: readonly number[], salience: readonly number[], k: number): number[][] {
  const sets = [...combinations(ranked.length, k)].map((c) => c.map((j) => ranked[j]));
  const total = (s: number[]): number => s.reduce((a, i) => a + salience[i], 0);
  return sets.map((s) => ({ s, v: total(s) })).sort((a, b) => b.v - a.v).map((x) => x.s);
}

/** Groups of token indices removed together: each token alone, or all tokens of one word. */
function removalUnits(spans: readonly Span[], unit: 'token' | 'word'): number[][] {
  if (unit === 'token') return spans.map((_, i) => [i]);
  const byWord = new Map<string, number[]>();
  spans.forEach((s, i) => {
    const key = s.text.toLowerCase();
    byWord.set(key, [...(byWord.get(key) ?? []), i]);
  });
  return [...byWord.values()];
}

export async function ablationFlip(model: ModelAdapter, example: Example, options: AblationFlipOptions = {}): Promise<CounterfactualResult> {
  const spec = model.inputSpec();
  const preferred = options.field ?? (isDifferentiable(model) ? model.textField : undefined);
  const field = textFields(spec, example, preferred ? [preferred] : undefined)[0];
  const text = example[field] as string;
  const tokenizer = model.tokenizer?.();
  const spans = modelWordSpans(tokenizer, text, options.tokenPattern);
  const predictor = new CountingPredictor(model, options);
  const out = mainOutput(model);
  const original = options.prediction ?? (await predictor.predictBatch([example]))[0];
  const judge = makeJudge(out, original, options.goal);
  const empty = (reason: string): CounterfactualResult => ({ examples: [], calls: predictor.calls, predicted: predictor.predicted, reason });
  if (judge.reached(original)) return empty(`the example already meets the goal (${judge.describe})`);
  if (spans.length < 2) return empty(`field "${field}" has ${spans.length} token(s); nothing to remove without emptying it`);

  const units = removalUnits(spans, options.unit ?? 'token');
  const noun = options.unit === 'word' ? 'words' : 'tokens';
  const tokensOf = (set: readonly number[]): number[] => set.flatMap((u) => units[u]).sort((x, y) => x - y);
  const build = (set: readonly number[]): Example => ({ ...example, [field]: editSpans(text, spans, new Map(tokensOf(set).map((i) => [i, ''])), tokenizer?.kind !== 'character') });
  const removable = units.filter((u) => u.length < spans.length).map((_, i) => i);
  const single = removable.map((u) => build([u]));
  if (single.length > predictor.remaining) return empty(`budget of ${options.maxPredictions} predictions is below the ${single.length} leave-one-out predictions needed`);
  const loo = await predictor.predictAll(single);
  const base = judge.progress(original);
  const salience = new Array<number>(units.length).fill(-Infinity);
  loo.forEach((p, j) => { salience[removable[j]] = judge.progress(p) - base; });
  let hits = loo.flatMap((p, j) => (judge.reached(p) ? [{ set: [removable[j]], example: single[j], prediction: p }] : []));
  let budgetExhausted = false;
  const maxResults = options.maxResults ?? 5;
  const maxRemovals = Math.min(options.maxRemovals ?? 4, removable.length, units.length - 1);
  if (hits.length === 0) {
    const ranked = removable.slice().sort((a, b) => salience[b] - salience[a]).slice(0, options.candidateTokens ?? 12);
    const allTop = ranked.slice(0, maxRemovals);
    if ((options.precheck ?? true) && maxRemovals >= 2 && predictor.remaining > 0 && tokensOf(allTop).length < spans.length) {
      const [all] = await predictor.predictBatch([build(allTop)]);
      if (!judge.reached(all)) {
        return empty(`removing the ${maxRemovals} most salient ${noun} together does not flip ${judge.describe}; smaller sets were not tried (precheck: false tries them)`);
      }
    }
    const sizes = Array.from({ length: Math.max(0, maxRemovals - 1) }, (_, j) => j + 2);
    const candidates = (k: number): number[][] => rankedSubsets(ranked, salience, k).filter((set) => tokensOf(set).length < spans.length);
    const outcome = await searchSubsets({ sizes, candidates, build, maxResults, stopAtFirstSize: true }, predictor, judge);
    hits = outcome.hits;
    budgetExhausted = outcome.budgetExhausted;
  }
  const withTokens = hits.map((h) => ({ ...h, tokens: tokensOf(h.set) }));
  withTokens.sort((a, b) => a.tokens.length - b.tokens.length || judge.progress(b.prediction) - judge.progress(a.prediction));
  // Different removals can leave the same text ("good" without either 'o'): keep the first of each.
  const distinct = distinctTexts(withTokens, example, [field]);
  const result: CounterfactualResult = {
    examples: distinct.slice(0, maxResults).map((h) => ({
      example: h.example,
      prediction: h.prediction,
      changed: { fields: [field], tokens: h.tokens.map((i) => ({ index: i, from: spans[i].text, to: '', field })) },
      distance: h.tokens.length,
    })),
    calls: predictor.calls,
    predicted: predictor.predicted,
  };
  if (hits.length === 0) {
    result.reason = budgetExhausted
      ? `prediction budget (${options.maxPredictions}) spent before any removal flipped ${judge.describe}`
      : `no removal of up to ${maxRemovals} of the most salient ${noun} flips ${judge.describe}`;
  }
  return result;
}
