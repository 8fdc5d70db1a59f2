/**
 * LIME, Kernel SHAP and occlusion for any `ModelAdapter`, through `predict` alone (a plain
 * predict function, a remote model): perturbations are built as examples and predicted in
 * batches.
 *
 * Notes: players are the words of the model's text field as its tokenizer splits them (its
 * characters for a character model; whitespace-separated without a tokenizer); a hidden word
 * is cut from the text, since a black box has no pad embedding or its tabular input fields (a hidden
 * field takes a background example's value). DifferentiableModels get the faster, encoded
 * variants in lime.ts / kernelShap.ts / occlusion.ts.
 */
import type { Example, FieldSpec, Prediction } from '../../core/spec';
import type { ModelAdapter, PredictOptions } from '../../model/adapter';
import { findMainOutput } from '../../model/adapters/tensor-outputs';
import { editSpans, modelWordSpans } from '../counterfactuals/text-spans';
import { coalitionsFor, shapleyFromCoalitions } from './coalitions';
import { SalienceInputError } from './errors';
import { seededRandom } from './random';
import { limeFit, sampleMasks } from './surrogate';
import { resolveTarget } from './target';
import type { ResolvedTarget, SalienceResult, TargetChoice } from './types';

export interface BlackBoxOptions {
  target?: TargetChoice;
  /** Examples to take hidden tabular fields from (required for tabular). */
  background?: readonly Example[];
  /** Passed to `predict` (batch size, abort signal, progress). */
  predict?: PredictOptions;
}

interface Game {
  labels: string[];
  /** The example with only the players in `mask` present. */
  compose(mask: Uint8Array, fill?: Example): Example;
  text: boolean;
}

function gameFor(model: ModelAdapter, example: Example, background: readonly Example[] | undefined, method: string): Game {
  const spec = model.inputSpec();
  const entries = Object.entries(spec) as Array<[string, FieldSpec]>;
  const textField = entries.find(([, s]) => s.kind === 'TextSegment')?.[0];
  if (textField !== undefined) {
    const text = example[textField];
    const tokenizer = model.tokenizer?.();
    if (typeof text === 'string' && tokenizer !== undefined) {
      // The model's own words (characters for a character model): a hidden one is cut from the text.
      const spans = modelWordSpans(tokenizer, text);
      if (spans.length === 0) throw new SalienceInputError(`${method}: field '${textField}' has no tokens for the model's tokenizer; got ${JSON.stringify(text)}`);
      const tidy = tokenizer.kind !== 'character';
      const compose = (mask: Uint8Array): Example => ({ ...example, [textField]: editSpans(text, spans, new Map(spans.flatMap((_, i) => (mask[i] ? [] : [[i, ''] as [number, string]]))), tidy) });
      return { labels: spans.map((sp) => sp.text), text: true, compose };
    }
    const words = typeof text === 'string' ? text.match(/\S+/g) ?? [] : [];
    if (words.length === 0) throw new SalienceInputError(`${method}: field '${textField}' must be a non-empty text; got ${JSON.stringify(text)}`);
    return { labels: words, text: true, compose: (mask) => ({ ...example, [textField]: words.filter((_, i) => mask[i]).join(' ') }) };
  }
  if (entries.some(([, s]) => s.kind === 'Image')) throw new SalienceInputError(`${method} through predict() does not handle images; use occlusion or IG on a DifferentiableModel`);
  const fields = entries.filter(([, s]) => s.kind === 'Scalar' || s.kind === 'CategoryLabel').map(([n]) => n);
  if (fields.length === 0) throw new SalienceInputError(`${method}: model '${model.name}' has no text, scalar or category input fields to perturb`);
  if (!background || background.length === 0) throw new SalienceInputError(`${method} on tabular fields needs options.background: examples to take hidden fields from`);
  return {
    labels: fields,
    text: false,
    compose: (mask, fill) => {
      const e: Example = { ...example };
      fields.forEach((f, j) => {
        if (!mask[j]) e[f] = (fill as Example)[f];
      });
      return e;
    },
  };
}

function mainOutput(model: ModelAdapter): { field: string; classes?: string[] } {
  const found = findMainOutput(model.outputSpec());
  if (!found) throw new SalienceInputError(`model '${model.name}' has no MulticlassPreds or RegressionScore output to explain`);
  return { field: found.field, classes: found.spec.kind === 'MulticlassPreds' ? found.spec.vocab : undefined };
}

function valueOf(p: Prediction, field: string): number[] {
  const v = p[field];
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) || v instanceof Float32Array) return Array.from(v as ArrayLike<number>);
  throw new SalienceInputError(`prediction field '${field}' is ${JSON.stringify(v)}, not a number or probabilities`);
}

async function evaluate(model: ModelAdapter, examples: Example[], options: BlackBoxOptions, field: string, target: ResolvedTarget): Promise<Float64Array> {
  const preds = await model.predict(examples, options.predict);
  return Float64Array.from(preds, (p) => valueOf(p, field)[target.classIndex ?? 0]);
}

async function start(model: ModelAdapter, example: Example, options: BlackBoxOptions, method: string): Promise<{ game: Game; field: string; target: ResolvedTarget; output: number }> {
  const game = gameFor(model, example, options.background, method);
  const { field, classes } = mainOutput(model);
  const [p] = await model.predict([example], options.predict);
  const row = valueOf(p, field);
  const target = resolveTarget({ task: classes ? 'multiclass' : 'regression', classes }, row, options.target);
  return { game, field, target, output: row[target.classIndex ?? 0] };
}

export interface LimeBlackBoxOptions extends BlackBoxOptions {
  samples?: number;
  seed?: number;
  kernelWidth?: number;
  ridge?: number;
}

/** LIME through predict(): words removed from the text, or tabular fields from a random background example. */
export async function limePredict(model: ModelAdapter, example: Example, options: LimeBlackBoxOptions = {}): Promise<SalienceResult> {
  const { game, field, target, output } = await start(model, example, options, 'LIME');
  const rng = seededRandom(options.seed ?? 0);
  const masks = sampleMasks(game.labels.length, options.samples ?? 256, rng, game.text);
  const bg = options.background ?? [];
  const f = await evaluate(model, masks.map((z) => game.compose(z, bg.length ? bg[rng.int(bg.length)] : undefined)), options, field, target);
  return { method: 'lime', labels: game.labels, scores: limeFit(masks, f, options.kernelWidth ?? 0.25, options.ridge ?? 1), target, output };
}

export interface KernelShapBlackBoxOptions extends BlackBoxOptions {
  /** Examples the hidden tabular fields are taken from (required for tabular fields). */
  background?: readonly Example[];
  exactLimit?: number;
  samples?: number;
  seed?: number;
}

/**
 * Kernel SHAP through predict(): over tabular input fields, v(S) = mean over background examples;
 * over the model's tokens of a text, v(S) = F(the text with the tokens outside S cut), the
 * empty coalition being the empty text.
 */
export async function kernelShapPredict(model: ModelAdapter, example: Example, options: KernelShapBlackBoxOptions = {}): Promise<SalienceResult> {
  const { game, field, target, output } = await start(model, example, options, 'Kernel SHAP');
  const M = game.labels.length;
  const bg: ReadonlyArray<Example | undefined> = game.text ? [undefined] : options.background ?? [];
  const { masks, weights } = coalitionsFor(M, options.exactLimit ?? 12, options.samples ?? 2048, seededRandom(options.seed ?? 0));
  const all = [new Uint8Array(M), ...masks];
  if (game.text) {
    // The empty coalition is the text with every token cut: a model that refuses empty texts cannot play this game.
    await evaluate(model, [game.compose(all[0], undefined)], options, field, target).catch((e: Error) => {
      throw new SalienceInputError(`Kernel SHAP over text needs the model's prediction for the text with every token cut (empty); model '${model.name}' refused it: ${e.message}. Use LIME or occlusion.`);
    });
  }
  const f = await evaluate(model, all.flatMap((z) => bg.map((b) => game.compose(z, b))), options, field, target);
  const v = all.map((_, i) => {
    let s = 0;
    for (let k = 0; k < bg.length; k++) s += f[i * bg.length + k];
    return s / bg.length;
  });
  const v0 = v[0];
  const total = output - v0;
  const scores = Float32Array.from(shapleyFromCoalitions(M, masks, weights, v.slice(1), v0, total));
  return { method: 'kernel_shap', labels: game.labels, scores, target, output, baselineOutput: v0, delta: scores.reduce((a, b) => a + b, 0) - total };
}

/** Occlusion through predict(): each word removed, or each field set to the first background example's value. */
export async function occlusionPredict(model: ModelAdapter, example: Example, options: BlackBoxOptions = {}): Promise<SalienceResult> {
  const { game, field, target, output } = await start(model, example, options, 'occlusion');
  const M = game.labels.length;
  const fill = options.background?.[0];
  const examples = game.labels.map((_, i) => {
    const z = new Uint8Array(M).fill(1);
    z[i] = 0;
    return game.compose(z, fill);
  });
  const f = await evaluate(model, examples, options, field, target);
  return { method: 'occlusion', labels: game.labels, scores: Float32Array.from(f, (v) => output - v), target, output };
}

/**
 * The options of an encoded method (lime, kernelShap, occlusion) for its predict() variant: a
 * model without gradients is explained by the same call. Backgrounds must then be examples.
 */
export function asBlackBoxOptions<T extends object>(method: string, options: { target?: TargetChoice; background?: unknown } & T): T & BlackBoxOptions {
  const { background } = options;
  if (background !== undefined && !(Array.isArray(background) && background.every((b) => b !== null && typeof b === 'object' && !Array.isArray(b) && !(b instanceof Float32Array)))) {
    throw new SalienceInputError(`${method} on a model without gradients perturbs examples: give options.background as examples (objects with the model's input fields), not encoded rows or a tensor`);
  }
  return options as T & BlackBoxOptions;
}
