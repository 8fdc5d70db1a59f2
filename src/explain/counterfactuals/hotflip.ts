/**
 * HotFlip: gradient-guided token substitution (Ebrahimi et al. 2018, as in LIT).
 *
 * Notes: one gradient at the embedding layer gives, for every position, the vocabulary token
 * with the best first-order gain; positions are ranked by that gain and sets of up to
 * `maxFlips` of them are tried, verified in batched predictions of the real edited text
 * (so every flip returned was confirmed by the model, not estimated). Supersets of a set that
 * already flipped are skipped.
 */
import type { Example, Prediction } from '../../core/spec';
import type { DifferentiableModel, EncodedInput, ModelAdapter } from '../../model/adapter';
import { forExample, isDifferentiable } from '../../model/adapter';
import { withKernelFallback } from '../../model/backend';
import { combinations } from './combinations';
import { distinctTexts } from './distinct-texts';
import { CountingPredictor } from './counting-predictor';
import { FlipGoal, makeJudge, Objective } from './goal';
import { BestFlip, bestFlips, objectiveGradient } from './hotflip-gains';
import { plainSubstitutions, subwordSubstitutions, Substitutions } from './hotflip-substitutions';
import { mainOutput } from './main-output';
import { searchSubsets } from './subset-search';
import { alignTokenIds, editSpans, locateTokens, Span, textFields } from './text-spans';
import type { CounterfactualResult, PredictionBudget } from './types';

export interface HotFlipOptions extends PredictionBudget {
  goal?: FlipGoal;
  /** Most tokens changed in one counterfactual (default 3). */
  maxFlips?: number;
  /** Sets are drawn from this many best-ranked positions (default 10). */
  candidatePositions?: number;
  /** Stop once this many flips are found (default 5). */
  maxResults?: number;
  /** Vocabulary entries never inserted, besides those that are not words (e.g. `<pad>`). */
  excludeTokens?: readonly string[];
  prediction?: Prediction;
  /**
   * First apply the `maxFlips` best-ranked substitutions together; if even that does not flip,
   * give up without trying the smaller sets (default true; can miss flips that depend on token
   * interactions).
   */
  precheck?: boolean;
}

function requireEmbeddings(model: ModelAdapter): DifferentiableModel & Required<Pick<DifferentiableModel, 'embeddingTable' | 'vocabulary'>> {
  // Both refusals name generators that work through predict() alone, and what would enable HotFlip.
  const instead = 'ablationFlip(model, example) and wordReplacer(model, example, { rules }) work through predict()';
  if (!isDifferentiable(model)) throw new Error(`HotFlip needs gradients: model "${model.name}" has no encode()/forward(); wrap a predict-only text model with withTokenGradients(model, { embed, gradients, vocabulary }) to enable it; ${instead}`);
  if (typeof model.embeddingTable !== 'function' || typeof model.vocabulary !== 'function') {
    throw new Error(`HotFlip needs a text model with an embedding table: model "${model.name}" has no embeddingTable()/vocabulary(); ${instead}. To enable HotFlip on a GraphModel, give graphModelAdapter(graph, { embeddingNode, embeddingTable: '<weight name>' or a tensor }); with withTokenGradients, give vocabulary: { tokens, embeddings }`);
  }
  return model as DifferentiableModel & Required<Pick<DifferentiableModel, 'embeddingTable' | 'vocabulary'>>;
}

/**
 * Encodes the example, takes one gradient and returns, best first, each substitutable
 * position with its best replacement, plus where each token sits in the text.
 */
function rankedFlips(m: DifferentiableModel & Required<Pick<DifferentiableModel, 'embeddingTable' | 'vocabulary'>>, example: Example, field: string, objective: Objective, excluded: ReadonlySet<string>): { ranked: BestFlip[]; spans: Array<Span | undefined>; labels: string[]; substitutions: Substitutions } {
  let encoded: EncodedInput;
  try { encoded = m.encode(example); } catch (e) { throw new Error(`HotFlip cannot encode field "${field}": ${(e as Error).message}`); }
  const { input, labels, tokenIds } = encoded;
  try {
    if (!tokenIds) throw new Error(`model "${m.name}" encode() returned no tokenIds; HotFlip needs them`);
    // The WASM backend lacks a few gradient kernels; those steps then run on cpu.
    const grad = withKernelFallback(() => objectiveGradient(forExample(m, encoded), input, objective));
    // The tokenizer's own tokens behind the ids the model read ([CLS] and padding get none), else the labels found in the text.
    const tokenizer = m.tokenizer?.();
    const text = example[field] as string;
    const tokens = tokenizer !== undefined ? alignTokenIds(tokenizer, text, tokenIds) : undefined;
    const spans: Array<Span | undefined> = tokens !== undefined ? tokens.map((t) => t && { start: t.start, end: t.end, text: text.slice(t.start, t.end) }) : locateTokens(text, labels);
    const vocab = m.vocabulary();
    const substitutions = tokens !== undefined && tokenizer?.kind === 'subword'
      ? subwordSubstitutions(tokenizer, vocab, tokens.map((t) => t?.word), excluded)
      : plainSubstitutions(vocab, labels.length, excluded);
    // Each class of position (word start, inside a word) has its own allowed entries: one ranking per class.
    const best = substitutions.allowed.flatMap((allowed, cls) => {
      const positions = labels.map((_, i) => i).filter((i) => spans[i] !== undefined && substitutions.classes[i] === cls && allowed[tokenIds[i]] === true);
      return withKernelFallback(() => bestFlips(grad, m.embeddingTable(), tokenIds, positions, allowed));
    });
    return { ranked: best.sort((a, b) => b.gain - a.gain), spans, labels, substitutions };
  } finally {
    encoded.input.dispose();
    encoded.baseline.dispose();
  }
}

export async function hotflip(model: ModelAdapter, example: Example, options: HotFlipOptions = {}): Promise<CounterfactualResult> {
  const m = requireEmbeddings(model);
  const field = textFields(m.inputSpec(), example, m.textField ? [m.textField] : undefined)[0];
  const text = example[field] as string;
  const vocab = m.vocabulary();
  const excluded = new Set(options.excludeTokens ?? []);
  const predictor = new CountingPredictor(m, options);
  const original = options.prediction ?? (await predictor.predictBatch([example]))[0];
  const judge = makeJudge(mainOutput(m), original, options.goal);
  const empty = (reason: string): CounterfactualResult => ({ examples: [], calls: predictor.calls, predicted: predictor.predicted, reason });
  if (judge.reached(original)) return empty(`the example already meets the goal (${judge.describe})`);

  const found = rankedFlips(m, example, field, judge.objective, excluded);
  if (found.ranked.length === 0) return empty(`field "${field}" has no token that can be substituted`);
  const ranked = found.ranked.slice(0, options.candidatePositions ?? 10);
  const rankedSpans = ranked.map((f) => found.spans[f.position] as Span);
  const build = (set: readonly number[]): Example =>
    ({ ...example, [field]: editSpans(text, rankedSpans, new Map(set.map((j) => [j, found.substitutions.text(ranked[j].token, found.substitutions.classes[ranked[j].position], rankedSpans[j], text)]))) });
  const maxFlips = Math.min(options.maxFlips ?? 3, ranked.length);
  const maxResults = options.maxResults ?? 5;
  if ((options.precheck ?? true) && maxFlips >= 2 && predictor.remaining > 0) {
    const [all] = await predictor.predictBatch([build(ranked.slice(0, maxFlips).map((_, j) => j))]);
    if (!judge.reached(all)) {
      return empty(`substituting the ${maxFlips} best-ranked tokens together does not flip ${judge.describe}; smaller sets were not tried (precheck: false tries them)`);
    }
  }
  const outcome = await searchSubsets(
    { sizes: Array.from({ length: maxFlips }, (_, j) => j + 1), candidates: (k) => combinations(ranked.length, k), build, maxResults, stopAtFirstSize: false },
    predictor, judge);
  const result: CounterfactualResult = {
    // As in every generator, a text equal to the input or to an earlier flip is dropped (a vocabulary listing one entry twice writes the same text twice).
    examples: distinctTexts(outcome.hits, example, [field]).map((h) => ({
      example: h.example,
      prediction: h.prediction,
      changed: { fields: [field], tokens: h.set.map((j) => ({ index: ranked[j].position, from: found.labels[ranked[j].position], to: vocab[ranked[j].token], field })) },
      distance: h.set.length,
    })),
    calls: predictor.calls,
    predicted: predictor.predicted,
  };
  if (result.examples.length === 0) {
    result.reason = outcome.budgetExhausted
      ? `prediction budget (${options.maxPredictions}) spent before any substitution flipped ${judge.describe}`
      : `no substitution of up to ${maxFlips} of the ${ranked.length} best-ranked tokens flips ${judge.describe}`;
  }
  return result;
}
