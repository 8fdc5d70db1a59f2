/**
 * The predictions widget: the class probabilities (or regression score) of one or several
 * models of a session for the session's current example, following every selection and edit.
 *
 * Notes:
 * - "Current example" is the session's primary id, or, when an edit was made from it (the
 *   datapoint editor edits in place), the latest such edit: `followCurrent` is shared by the
 *   salience and counterfactual widgets so all three always show the same example.
 * - Latest wins: a prediction started for an older example is aborted and its result dropped.
 */
import type { Example, FieldValue, MulticlassPredsSpec, Prediction } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { Widget } from '../../kernel/widget';
import type { Session } from '../session';

/** The example a single-example view shows, with the id it has in the session. */
export interface CurrentExample {
  id: string;
  /** The dataset row (or generated id) it was edited from; equal to `id` when unedited. */
  origin: string;
  example: Example;
  /** Changes whenever the example's values change (id + a content hash). */
  key: string;
}

/** A cheap content hash of an example (FNV-1a over field names and values). */
export function exampleHash(example: Example): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const key of Object.keys(example).sort()) {
    mix(key);
    mix('\u0000');
    const v: FieldValue | undefined = example[key];
    if (v instanceof Float32Array || Array.isArray(v)) {
      mix(`[${v.length}]`);
      for (let i = 0; i < v.length; i++) mix(String(v[i]));
    } else mix(JSON.stringify(v ?? null));
    mix('\u0001');
  }
  return h.toString(16);
}

/** The session's current example: the primary, or the latest edit made from it; null when nothing is selected. */
export function currentExample(session: Session): CurrentExample | null {
  const primary = session.primary;
  if (primary === null) return null;
  const info = session.editInfo(primary);
  let id = primary;
  let origin = info ? info.origin : primary;
  if (!info) {
    // The datapoint editor edits the primary example into `edit-<k>` without re-selecting.
    for (const editId of session.edits.keys()) {
      if (session.editInfo(editId)?.origin === primary) id = editId;
    }
    origin = primary;
  }
  const example = session.example(id);
  return { id, origin, example, key: `${id}:${exampleHash(example)}` };
}

/**
 * Calls `onChange(current)` whenever the current example changes (selection, edits, data);
 * returns the unsubscribe function. A lookup error is passed as `error`.
 */
export function followCurrent(session: Session, onChange: (current: CurrentExample | null, error?: unknown) => void): () => void {
  let lastKey: string | null | undefined;
  const check = () => {
    let current: CurrentExample | null;
    try {
      current = currentExample(session);
    } catch (e) {
      lastKey = undefined;
      onChange(null, e);
      return;
    }
    const key = current?.key ?? null;
    if (key === lastKey) return;
    lastKey = key;
    onChange(current);
  };
  const offs = (['selection', 'edits', 'data'] as const).map((name) => session.on(name, check));
  check();
  return () => offs.forEach((off) => off());
}

/** The model's main output: its first MulticlassPreds, else its first RegressionScore. */
export function mainOutputOf(model: ModelAdapter): { name: string; kind: 'multiclass'; classes: string[] } | { name: string; kind: 'regression' } {
  const spec = model.outputSpec();
  const multi = Object.entries(spec).find(([, s]) => s.kind === 'MulticlassPreds');
  if (multi) return { name: multi[0], kind: 'multiclass', classes: [...(multi[1] as MulticlassPredsSpec).vocab] };
  const reg = Object.entries(spec).find(([, s]) => s.kind === 'RegressionScore');
  if (reg) return { name: reg[0], kind: 'regression' };
  throw new Error(`model '${model.name}' has no MulticlassPreds or RegressionScore output (has: ${Object.keys(spec).join(', ') || 'none'})`);
}

/** One model's prediction for the current example, as the view shows it. */
export interface ModelPrediction {
  model: string;
  kind: 'multiclass' | 'regression';
  /** Class names (multiclass), in the order of `probabilities`. */
  classes: string[];
  probabilities: number[];
  /** Predicted class name, or '' for regression. */
  predicted: string;
  /** Probability of the predicted class, or the regression score. */
  score: number;
  /** This model's failure, shown in its place. */
  error: string | null;
}

/** Reads a model's main output out of its prediction, checking shape and finiteness. */
export function describePrediction(model: string, main: ReturnType<typeof mainOutputOf>, p: Prediction | undefined): ModelPrediction {
  const value = p?.[main.name];
  if (main.kind === 'regression') {
    const score = Array.isArray(value) || value instanceof Float32Array ? Number(value[0]) : Number(value);
    if (!Number.isFinite(score)) throw new Error(`output '${main.name}' is not a finite score (${String(value)})`);
    return { model, kind: 'regression', classes: [], probabilities: [], predicted: '', score, error: null };
  }
  if (!Array.isArray(value) && !(value instanceof Float32Array)) throw new Error(`output '${main.name}' should be ${main.classes.length} probabilities, got ${typeof value}`);
  if (value.length !== main.classes.length) throw new Error(`output '${main.name}' has ${value.length} values for ${main.classes.length} classes`);
  const probabilities = Array.from(value as ArrayLike<number>, Number);
  const bad = probabilities.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`output '${main.name}' value ${bad} is not finite`);
  let best = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
  return { model, kind: 'multiclass', classes: main.classes, probabilities, predicted: main.classes[best] ?? String(best), score: probabilities[best], error: null };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface PredictionsState {
  /** The example shown ('' = none selected). */
  exampleId: string;
  results: ModelPrediction[];
  /** `CurrentExample.key` the results belong to (tests and benches wait on it). */
  predictedFor: string;
  error: string | null;
  busy: boolean;
}

export interface PredictionsOptions {
  /** Model names of the session to show; default all of them. */
  models?: readonly string[];
}

export class PredictionsWidget extends Widget<PredictionsState> {
  private request = 0;
  private running: AbortController | null = null;
  private latest: Promise<void> = Promise.resolve();
  private readonly unfollow: () => void;

  constructor(readonly session: Session, private readonly options: PredictionsOptions = {}) {
    for (const name of options.models ?? []) session.model(name); // unknown names fail here, naming the models there are
    super({ modelName: 'PredictionsModel', viewName: 'PredictionsView' }, { exampleId: '', results: [], predictedFor: '', error: null, busy: false });
    this.unfollow = followCurrent(session, (current, error) => {
      if (error !== undefined) {
        this.set({ error: errorText(error), results: [], busy: false });
        return;
      }
      this.latest = this.predictFor(current);
    });
  }

  /** Resolves when the predictions for the latest example are shown (or failed). */
  settled(): Promise<void> {
    return this.latest;
  }

  override close(): void {
    this.unfollow();
    this.running?.abort();
    super.close();
  }

  private modelNames(): string[] {
    return this.options.models ? [...this.options.models] : [...this.session.models.keys()];
  }

  private async predictFor(current: CurrentExample | null): Promise<void> {
    const request = ++this.request;
    this.running?.abort();
    if (current === null) {
      this.set({ exampleId: '', results: [], predictedFor: '', error: null, busy: false });
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    this.set({ exampleId: current.id, busy: true });
    const results = await Promise.all(this.modelNames().map(async (name): Promise<ModelPrediction> => {
      try {
        const model = this.session.model(name);
        const main = mainOutputOf(model);
        const [p] = await model.predict([current.example], { signal: controller.signal });
        return describePrediction(name, main, p);
      } catch (e) {
        return { model: name, kind: 'multiclass', classes: [], probabilities: [], predicted: '', score: 0, error: errorText(e) };
      }
    }));
    if (request !== this.request) return;
    if (this.running === controller) this.running = null;
    this.set({ results, predictedFor: current.key, error: null, busy: false });
  }
}

/** Predictions of the session's models for its current example: `tslit.predictions(session)`. */
export function predictions(session: Session, options: PredictionsOptions = {}): PredictionsWidget {
  return new PredictionsWidget(session, options);
}
