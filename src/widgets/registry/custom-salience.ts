/**
 * Running a registered salience method: its labels and scores checked (one finite score per
 * label), the explained target resolved from the model's own prediction as the built-in
 * methods do, so the salience view shows it like any other method.
 */
import type { Example, Prediction } from '../../core/spec';
import type { ParamValues } from '../../core/params';
import type { SalienceMethod, SalienceResult, TargetChoice } from '../../explain/salience';
import { resolveTarget } from '../../explain/salience/target';
import type { ModelAdapter } from '../../model/adapter';
import { findMainOutput } from '../../model/adapters/tensor-outputs';
import type { SaliencePiece } from './pieces';
import { runUserCode, UserCodeError } from './user-code';

export interface CustomSalienceInput {
  target: TargetChoice;
  params: ParamValues;
  signal: AbortSignal;
  background(): Example[];
  /** The model's prediction for the example (to resolve the target). */
  prediction: Prediction;
}

export async function runCustomSalience(piece: SaliencePiece, model: ModelAdapter, example: Example, input: CustomSalienceInput): Promise<SalienceResult> {
  const owner = `salience method '${piece.name}'`;
  const out = await runUserCode(owner, () => piece.explain(model, example, { target: input.target, params: input.params, signal: input.signal, background: input.background }));
  if (out === null || typeof out !== 'object') throw new UserCodeError(owner, `returned ${out === null ? 'null' : typeof out}, not { labels, scores }`);
  const { labels, scores } = out as { labels?: unknown; scores?: unknown };
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) throw new UserCodeError(owner, 'labels must be a list of text, one per token / feature / pixel');
  if (scores === null || typeof scores !== 'object' || typeof (scores as ArrayLike<number>).length !== 'number') throw new UserCodeError(owner, 'scores must be an array of numbers');
  const values = Float32Array.from(scores as ArrayLike<number>);
  if (values.length !== labels.length) throw new UserCodeError(owner, `${values.length} scores for ${labels.length} labels`);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UserCodeError(owner, `score ${bad} (${JSON.stringify(labels[bad])}) is ${(scores as ArrayLike<number>)[bad]}, not a finite number`);
  const main = findMainOutput(model.outputSpec());
  const row = main ? input.prediction[main.field] : undefined;
  const outputRow = typeof row === 'number' ? [row] : Array.isArray(row) || row instanceof Float32Array ? Array.from(row as ArrayLike<number>) : [];
  const classes = main?.spec.kind === 'MulticlassPreds' ? main.spec.vocab : undefined;
  const target = resolveTarget({ task: classes ? 'multiclass' : 'regression', classes }, outputRow, input.target);
  // The result's method is the registered name: the view shows it as it shows a built-in's.
  return { method: piece.name as SalienceMethod, labels: [...labels], scores: values, target, output: outputRow[target.classIndex ?? 0] };
}
