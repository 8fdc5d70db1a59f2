/**
 * The counterfactuals widget: runs a generator chosen in the view (word replacer, scrambler,
 * ablation flip, HotFlip, nearest counterfactual, minimal tabular change) on the session's
 * current example and lists the results with what changed, their predictions and distances;
 * "add" puts one or all of them into the dataset as generated examples.
 *
 * Notes:
 * - Text results carry `segments`: the new text cut into the model's words (its tokenizer's:
 *   characters, or subword pieces grouped into words; whitespace words without one) and the
 *   text between them, each marked 'same', 'added' (changed or inserted) or 'removed' (a word
 *   of the original that is gone), from an LCS diff against the original, so the view
 *   highlights with text nodes. A text shown once already, or equal to the input, is dropped.
 * - A run is started by the view's Run button (`{method:'run'}`) or `await cf.run()`; a new
 *   run or `{method:'cancel'}` aborts the previous one. When the current example changes the
 *   results are cleared (they belong to the old one).
 * - Added examples go to the dataset holding the example's origin row, marked with source
 *   `counterfactual:<generator>`; they are pinned and added to the selection (the primary stays).
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import type { Dataset } from '../../model/dataset';
import { runWithModelGradients } from '../../model/adapters/token-gradients';
import type { Counterfactual } from '../../explain/counterfactuals';
import { Widget } from '../../kernel/widget';
import { distinctTexts } from '../../explain/counterfactuals/distinct-texts';
import { modelWordSpans } from '../../explain/counterfactuals/text-spans';
import { diffWords, whitespaceWords } from './diff';
import { generatorsFor, runGenerator, type GeneratorName } from './generators';
import { type ParamSpec, type ParamValues } from '../../core/params';
import { runCustomGenerator } from '../registry/custom-generators';
import { registeredFor, registeredLabels, registeredParams } from '../registry/available';
import { shownValue, shownValues, type ShownCounterfactual, type ShownValue } from './shown';
import { describePrediction, errorText, followCurrent, mainOutputOf, type CurrentExample } from '../prediction/predictions';
import { inputKindOf } from '../salience/params';
import type { Session } from '../session';

export { diffWords, type TextSegment } from './diff';
export { TABULAR_GENERATORS, TEXT_GENERATORS, generatorsFor, type GeneratorName } from './generators';
export type { ShownCounterfactual, ShownValue } from './shown';

export interface CounterfactualsState {
  model: string;
  models: string[];
  inputKind: 'text' | 'tabular' | 'image' | '';
  /** Built-in generators that fit the model, then registered ones (`s.registry.addGenerator`). */
  generators: string[];
  generator: string;
  /** Shown names of the registered generators (built-ins are named by the view). */
  generatorLabels: Record<string, string>;
  /** The chosen registered generator's parameters and their values ([] / {} for a built-in). */
  generatorParams: ParamSpec[];
  generatorValues: ParamValues;
  /** Word replacer rules, one per line: `great -> terrible, awful`. */
  rules: string;
  /** Tabular: the model's input features, and those allowed to vary (empty = all). */
  features: string[];
  /** The features a range can be set for (the model's Scalar inputs). */
  numericFeatures: string[];
  vary: string[];
  /** Tabular: numeric ranges a varied feature may take, e.g. {"age": [18, 90]}. */
  ranges: Record<string, [number, number]>;
  /** How many results to ask for. */
  count: number;
  exampleId: string;
  original: { values: Record<string, ShownValue>; predicted: string; score: number } | null;
  textField: string;
  results: ShownCounterfactual[];
  /** The generator's reason when it found fewer than asked (or none). */
  reason: string;
  /** `<example key>|<generator>|<run number>` of the shown results ('' = none yet). */
  ranFor: string;
  error: string | null;
  busy: boolean;
}

/** Throws naming the feature when `ranges` is not {numeric feature: [low, high]} with low <= high. */
function checkRanges(ranges: unknown, features: readonly string[], numeric: readonly string[]): asserts ranges is Record<string, [number, number]> {
  if (typeof ranges !== 'object' || ranges === null || Array.isArray(ranges)) throw new Error('counterfactuals: ranges must be an object of [low, high] pairs');
  for (const [f, r] of Object.entries(ranges)) {
    if (!features.includes(f)) throw new Error(`counterfactuals: ranges names '${f}', which is not a feature`);
    if (!numeric.includes(f)) throw new Error(`counterfactuals: '${f}' is not numeric, so it takes no range (numeric features: ${numeric.join(', ') || 'none'})`);
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x)) || r[0] > r[1]) throw new Error(`counterfactuals: range of '${f}' must be [low, high] with low <= high; got ${JSON.stringify(r)}`);
  }
}

export interface CounterfactualsOptions {
  model?: string;
  /** Dataset searched by 'nearest' and 'tabular_minimal' and receiving added examples; default the session's first. */
  dataset?: string;
  generator?: string;
  /** Values of a registered generator's parameters. */
  generatorValues?: ParamValues;
  rules?: string;
  vary?: string[];
  ranges?: Record<string, [number, number]>;
  count?: number;
}

export class CounterfactualsWidget extends Widget<CounterfactualsState> {
  private runs = 0;
  private running: AbortController | null = null;
  private latest: Promise<void> = Promise.resolve();
  private shownEx: CurrentExample | null = null;
  /** The generated examples behind `state.results`. */
  private found: Counterfactual[] = [];
  private readonly unfollow: () => void;
  private readonly unregister: () => void;

  constructor(readonly session: Session, private readonly options: CounterfactualsOptions = {}) {
    const modelName = options.model ?? [...session.models.keys()][0];
    if (modelName === undefined) throw new Error('counterfactuals: the session has no model');
    const model = session.model(modelName);
    mainOutputOf(model);
    const generators = availableGenerators(session, model);
    const generator = options.generator ?? generators[0];
    if (!generators.includes(generator)) throw new Error(`counterfactuals: generator ${JSON.stringify(generator)} is not available for model '${modelName}' (available: ${generators.join(', ')})`);
    const kind = inputKindOf(model);
    const features = Object.keys(model.inputSpec());
    const numericFeatures = features.filter((f) => model.inputSpec()[f].kind === 'Scalar');
    for (const f of options.vary ?? []) if (!features.includes(f)) throw new Error(`counterfactuals: vary names '${f}', which is not an input of model '${modelName}' (inputs: ${features.join(', ')})`);
    if (options.ranges !== undefined) checkRanges(options.ranges, features, numericFeatures);
    super(
      { modelName: 'CounterfactualsModel', viewName: 'CounterfactualsView' },
      {
        model: modelName,
        models: [...session.models.keys()],
        inputKind: kind,
        generators,
        generator,
        generatorLabels: registeredGeneratorLabels(session),
        ...paramsOf(session, generator, options.generatorValues),
        rules: options.rules ?? 'great -> terrible, awful\nfree -> paid\nwin -> lose',
        features,
        numericFeatures,
        vary: options.vary ? [...options.vary] : [],
        ranges: options.ranges ? { ...options.ranges } : {},
        count: options.count ?? 5,
        exampleId: '',
        original: null,
        textField: kind === 'text' ? Object.entries(model.inputSpec()).find(([, s]) => s.kind === 'TextSegment')![0] : '',
        results: [],
        reason: '',
        ranFor: '',
        error: null,
        busy: false,
      },
    );
    this.onCustom((content) => this.handleCustom(content));
    this.unregister = session.registry.onChange((kind) => {
      if (kind === 'generator') this.followRegistry();
    });
    this.unfollow = followCurrent(session, (current, error) => {
      this.shownEx = error === undefined ? current : null;
      this.running?.abort();
      this.found = [];
      this.set({ exampleId: current?.id ?? '', original: null, results: [], reason: '', ranFor: '', busy: false, error: error === undefined ? null : errorText(error) });
      if (current) void this.describeOriginal(current);
    });
  }

  get model(): ModelAdapter {
    return this.session.model(this.state.model);
  }

  /** The dataset searched and receiving added examples: the one holding the origin row, else the configured one. */
  get dataset(): Dataset {
    const origin = this.shownEx?.origin;
    if (origin !== undefined) for (const d of this.session.datasets.values()) if (d.indexOf(origin) >= 0 || d.isGeneratedId(origin)) return d;
    return this.session.dataset(this.options.dataset);
  }

  /** The examples of the last run. */
  get examples(): Example[] {
    return this.found.map((c) => ({ ...c.example }));
  }

  settled(): Promise<void> {
    return this.latest;
  }

  /** Sets generator options from code (same checks as the view), without running. */
  configure(p: Partial<Pick<CounterfactualsState, 'generator' | 'generatorValues' | 'rules' | 'vary' | 'ranges' | 'count'>>): void {
    const patch: Partial<CounterfactualsState> = {};
    if (p.generator !== undefined) {
      if (!this.state.generators.includes(p.generator)) throw new Error(`counterfactuals: generator must be one of ${this.state.generators.join(', ')}; got ${JSON.stringify(p.generator)}`);
      patch.generator = p.generator;
      if (p.generator !== this.state.generator) Object.assign(patch, paramsOf(this.session, p.generator, undefined));
    }
    if (p.generatorValues !== undefined) {
      const generator = patch.generator ?? this.state.generator;
      Object.assign(patch, paramsOf(this.session, generator, p.generatorValues));
    }
    if (p.rules !== undefined) {
      if (typeof p.rules !== 'string') throw new Error('counterfactuals: rules must be text, one rule per line');
      patch.rules = p.rules;
    }
    if (p.vary !== undefined) {
      if (!Array.isArray(p.vary)) throw new Error('counterfactuals: vary must be a list of feature names');
      for (const f of p.vary) if (!this.state.features.includes(f)) throw new Error(`counterfactuals: vary names '${String(f)}', which is not a feature (features: ${this.state.features.join(', ')})`);
      patch.vary = [...p.vary];
    }
    if (p.ranges !== undefined) {
      checkRanges(p.ranges, this.state.features, this.state.numericFeatures);
      patch.ranges = { ...p.ranges };
    }
    if (p.count !== undefined) {
      if (!Number.isInteger(p.count) || p.count < 1 || p.count > 100) throw new Error(`counterfactuals: count must be an integer from 1 to 100; got ${JSON.stringify(p.count)}`);
      patch.count = p.count;
    }
    this.set(patch);
  }

  /** Runs the chosen generator on the current example; resolves when the list is shown. */
  run(): Promise<void> {
    const run = ++this.runs;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.latest = this.generate(run, controller);
    return this.latest;
  }

  /** Adds results (indices into the list; default all) to the dataset as generated examples; returns their ids. */
  add(indices?: readonly number[]): string[] {
    const current = this.shownEx;
    if (!current) throw new Error('counterfactuals: no example is selected');
    const chosen = indices ? [...indices] : this.found.map((_, i) => i);
    for (const i of chosen) if (!Number.isInteger(i) || i < 0 || i >= this.found.length) throw new Error(`counterfactuals: no result #${String(i)} (the list has ${this.found.length})`);
    const fresh = chosen.filter((i) => this.state.results[i].addedId === '');
    if (fresh.length === 0) return chosen.map((i) => this.state.results[i].addedId);
    const dataset = this.dataset;
    const ids = dataset.addGenerated(fresh.map((i) => this.found[i].example), { source: `counterfactual:${this.state.generator}` });
    const results = this.state.results.map((r, i) => {
      const k = fresh.indexOf(i);
      return k >= 0 ? { ...r, addedId: ids[k] } : r;
    });
    this.set({ results });
    this.session.dataChanged(this);
    this.session.setPins([...this.session.pins, ...ids], this);
    // Keep the selection and its primary (so this list stays on the same example); add the new rows.
    this.session.select([...this.session.selection, ...ids], { primary: this.session.primary, source: this });
    return chosen.map((i) => this.state.results[i].addedId);
  }

  /** A generator was registered or removed: the list follows; a removed chosen one falls back to the first. */
  private followRegistry(): void {
    const generators = availableGenerators(this.session, this.model);
    const generator = generators.includes(this.state.generator) ? this.state.generator : generators[0];
    const params = generator === this.state.generator ? paramsOf(this.session, generator, this.state.generatorValues) : paramsOf(this.session, generator, undefined);
    this.set({ generators, generator, generatorLabels: registeredGeneratorLabels(this.session), ...params });
  }

  override close(): void {
    this.unregister();
    this.unfollow();
    this.running?.abort();
    super.close();
  }

  private handleCustom(content: unknown): void {
    if (typeof content !== 'object' || content === null) return;
    const c = content as Record<string, unknown>;
    try {
      switch (c.method) {
        case 'configure':
          this.configure((c.params ?? {}) as Parameters<CounterfactualsWidget['configure']>[0]);
          return;
        case 'run':
          if (c.params) this.configure(c.params as Parameters<CounterfactualsWidget['configure']>[0]);
          void this.run();
          return;
        case 'cancel':
          this.running?.abort();
          this.runs++;
          this.set({ busy: false, reason: 'cancelled' });
          return;
        case 'add':
          this.add(c.index === 'all' || c.index === undefined ? undefined : [Number(c.index)]);
          return;
        default:
          this.set({ error: `counterfactuals: unknown request ${JSON.stringify(c.method)}` });
      }
    } catch (e) {
      this.set({ error: errorText(e) });
    }
  }

  private async describeOriginal(current: CurrentExample): Promise<void> {
    try {
      const model = this.model;
      const [p] = await model.predict([current.example]);
      if (this.shownEx !== current) return;
      const d = describePrediction(this.state.model, mainOutputOf(model), p);
      this.set({ original: { values: shownValues(current.example, this.state.features), predicted: d.predicted, score: d.score } });
    } catch (e) {
      if (this.shownEx === current) this.set({ error: errorText(e) });
    }
  }

  private async generate(run: number, controller: AbortController): Promise<void> {
    const stale = () => run !== this.runs;
    const current = this.shownEx;
    if (!current) {
      this.set({ error: 'counterfactuals: select an example first' });
      return;
    }
    this.set({ busy: true, error: null, reason: '' });
    await new Promise((r) => setImmediate(r));
    if (stale()) return;
    try {
      const piece = this.session.registry.get('generator', this.state.generator);
      // Through runWithModelGradients: HotFlip (or a registered generator) on a model whose supplier answers with promises.
      const result = await runWithModelGradients(this.model, (model) => piece
        ? runCustomGenerator(piece, model, current.example, { params: this.state.generatorValues, signal: controller.signal, dataset: this.dataset, count: this.state.count })
        : runGenerator(model, current.example, { ...this.state, generator: this.state.generator as GeneratorName }, () => this.dataset, controller.signal), controller.signal);
      if (stale()) return;
      const main = mainOutputOf(this.model);
      const field = this.state.textField;
      const count = this.state.count;
      // A registered generator may repeat a text (or the input) too: the list shows each once.
      const found = field !== '' ? distinctTexts(result.examples, current.example, [field]) : result.examples;
      this.found = found.slice(0, count);
      const tokenizer = this.model.tokenizer?.();
      const split = tokenizer ? (text: string) => modelWordSpans(tokenizer, text) : whitespaceWords;
      const results = this.found.map((cf): ShownCounterfactual => {
        const d = describePrediction(this.state.model, main, cf.prediction);
        const values = shownValues(cf.example, this.state.features);
        const changedFields = this.state.features.filter((f) => values[f] !== shownValue(current.example[f]));
        const segments = field !== '' ? diffWords(String(current.example[field] ?? ''), String(cf.example[field] ?? ''), split) : [];
        return { values, changedFields, segments, predicted: d.predicted, score: d.score, distance: cf.distance, addedId: '' };
      });
      this.set({ results, reason: result.reason ?? (results.length === 0 ? 'no counterfactual found' : ''), ranFor: `${current.key}|${this.state.generator}|${run}`, busy: false, error: null });
    } catch (e) {
      if (stale()) return;
      this.found = [];
      this.set({ results: [], busy: false, error: errorText(e), ranFor: `${current.key}|${this.state.generator}|${run}` });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }
}

/** Counterfactuals of the session's current example: `tslit.counterfactuals(session, { generator: 'hotflip' })`. */
export function counterfactuals(session: Session, options: CounterfactualsOptions = {}): CounterfactualsWidget {
  return new CounterfactualsWidget(session, options);
}

/** Built-in generators that fit `model`, then the registered ones whose `supports` accepts it. */
function availableGenerators(session: Session, model: ModelAdapter): string[] {
  return [...generatorsFor(model), ...registeredFor(session.registry, 'generator', model).map((g) => g.name)];
}

function registeredGeneratorLabels(session: Session): Record<string, string> {
  return registeredLabels(session.registry, 'generator');
}

/** The parameters of `generator` (none for a built-in) with `values` checked against them. */
function paramsOf(session: Session, generator: string, values: unknown): Pick<CounterfactualsState, 'generatorParams' | 'generatorValues'> {
  const { specs, values: checked } = registeredParams(session.registry, 'generator', generator, values);
  return { generatorParams: specs, generatorValues: checked };
}
