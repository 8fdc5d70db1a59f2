/**
 * Baselines for gradient methods on tabular models that are real rows: a row the person
 * chooses, the training medians with the most frequent categories, or a background sample
 * (integrated gradients then average over one baseline per row: expected gradients).
 *
 * Notes:
 * - Rows are raw examples, checked here against the model's input spec (errors name the
 *   feature) and then encoded by the model's own `encode`, so a baseline is exactly what the
 *   model would see for that row.
 * - Why medians by default, and why no silent fallback: the all-zeros point of model space
 *   (every numeric at its mean, no category set) is not a row the model was ever trained on,
 *   and attributions against it credit a categorical feature for merely having a value — which
 *   made IG contradict Kernel SHAP. A model whose tslit.json lacks the medians therefore gets
 *   an error saying which baseline to pass (its medians from rows, a row, a background), and
 *   `baseline: 'zeros'` still gives the old point to whoever asks for it.
 * - Extra fields of a row (a label, an id) are ignored, so a dataset row can be passed whole.
 */
import type { Example } from '../../core/spec';
import type { DifferentiableModel } from '../../model/adapter';
import { referenceRowFrom, type RawFeature } from '../../model/encode/tabular-reference';
import { SalienceInputError } from './errors';
import { seededRandom } from './random';

/** The tabular baseline options of integrated gradients, gradient×input and SmoothGrad. */
export type TabularBaseline =
  /** The training medians and modes stored in the model's tslit.json. */
  | 'median'
  /** Medians and modes computed from these rows (e.g. the training data). */
  | { median: readonly Example[] }
  /** This row, in raw values. */
  | { row: Example }
  /** IG averaged over baselines drawn from these rows (`samples` of them, default 32, seeded). */
  | { background: readonly Example[]; samples?: number; seed?: number };

/** Which baseline a result was computed against, in raw values where it is a row. */
export interface BaselineUsed {
  kind: 'median' | 'row' | 'background' | 'adapter' | 'zeros' | 'tensor';
  /** Medians: read from the model's tslit.json, or computed from the rows passed. */
  source?: 'tslit.json' | 'rows';
  /** The baseline row (medians, row). */
  values?: Example;
  /** Background: the rows averaged over. */
  rows?: Example[];
}

export const BACKGROUND_SAMPLES = 32;

export function isTabularBaseline(choice: unknown): choice is TabularBaseline {
  if (choice === 'median') return true;
  return typeof choice === 'object' && choice !== null && ('row' in choice || 'median' in choice || 'background' in choice);
}

/** The model's raw features from its input spec; throws when it reads anything but numbers and categories. */
export function rawFeaturesOf(model: DifferentiableModel): RawFeature[] {
  return Object.entries(model.inputSpec()).map(([name, spec]) => {
    if (spec.kind === 'Scalar') return { name, kind: 'numeric' as const };
    if (spec.kind === 'CategoryLabel') return { name, kind: 'categorical' as const, values: spec.vocab ?? [] };
    throw new SalienceInputError(`a tabular baseline (a row, medians, a background) needs a model of numbers and categories; '${model.name}' reads ${spec.kind} field '${name}'`);
  });
}

/** Checks one raw row against the features; `what` names it in the error ("baseline row", "background row 3"). */
export function checkRow(model: DifferentiableModel, features: readonly RawFeature[], row: unknown, what: string): Example {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new SalienceInputError(`${what} must be an example object of raw feature values; got ${JSON.stringify(row)}`);
  const ex = row as Example;
  const names = features.map((f) => f.name);
  for (const f of features) {
    const v = ex[f.name];
    if (v === undefined) {
      const unread = Object.keys(ex).filter((k) => !names.includes(k));
      throw new SalienceInputError(`${what}: feature '${f.name}' of model '${model.name}' is missing${unread.length ? ` (the row has ${unread.map((k) => `'${k}'`).join(', ')}, which the model does not read)` : ''}`);
    }
    if (f.kind === 'numeric') {
      if (typeof v !== 'number') throw new SalienceInputError(`${what}: feature '${f.name}' must be a number; got ${JSON.stringify(v)} (${typeof v})`);
      if (!Number.isFinite(v)) throw new SalienceInputError(`${what}: feature '${f.name}' must be a finite number; got ${v}`);
    } else {
      if (typeof v !== 'string') throw new SalienceInputError(`${what}: feature '${f.name}' must be a category (string); got ${JSON.stringify(v)} (${typeof v})`);
      if (f.values.length > 0 && !f.values.includes(v)) throw new SalienceInputError(`${what}: feature '${f.name}' has unknown category ${JSON.stringify(v)}; known: ${f.values.join(', ')}`);
    }
  }
  return Object.fromEntries(names.map((n) => [n, ex[n]])) as Example;
}

/** The baseline rows (raw, checked) a tabular choice stands for, and how to report them. */
export function tabularBaselineRows(model: DifferentiableModel, choice: TabularBaseline): { rows: Example[]; used: BaselineUsed } {
  const features = rawFeaturesOf(model);
  if (choice === 'median') {
    const stored = model.medianRow?.();
    if (stored === undefined) {
      throw new SalienceInputError(
        `model '${model.name}' records no training medians and modes (tslit.json tabular features' 'median' and 'mode', written by the training scripts), so there is no real default baseline row; ` +
        `pass baseline: { median: rows } (rows of its training data), { row: example } or { background: rows } — or 'zeros' for every numeric at its mean with no category set`,
      );
    }
    const values = checkRow(model, features, stored, 'stored median row');
    return { rows: [values], used: { kind: 'median', source: 'tslit.json', values } };
  }
  if ('row' in choice) {
    const values = checkRow(model, features, choice.row, 'baseline row');
    return { rows: [values], used: { kind: 'row', values } };
  }
  if ('median' in choice) {
    if (!Array.isArray(choice.median)) throw new SalienceInputError('baseline { median } must be an array of rows');
    let values: Example;
    try {
      values = referenceRowFrom(features, choice.median);
    } catch (e) {
      throw new SalienceInputError(`baseline { median }: ${(e as Error).message}`);
    }
    return { rows: [values], used: { kind: 'median', source: 'rows', values } };
  }
  const { background } = choice;
  if (!Array.isArray(background) || background.length === 0) throw new SalienceInputError('baseline { background } needs at least one row');
  const samples = choice.samples ?? BACKGROUND_SAMPLES;
  if (!Number.isInteger(samples) || samples < 1) throw new SalienceInputError(`baseline { background } samples must be a positive integer; got ${samples}`);
  const picked = sampleIndices(background.length, samples, choice.seed ?? 0);
  const rows = picked.map((i) => checkRow(model, features, background[i], `background row ${i}`));
  return { rows, used: { kind: 'background', rows } };
}

/** `k` distinct indices of `n` in ascending order (all of them when k ≥ n), seeded. */
export function sampleIndices(n: number, k: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (k >= n) return all;
  const rng = seededRandom(seed);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, k).sort((a, b) => a - b);
}
