/**
 * The salience widget: the session's current example explained by one model with a method
 * the person chooses in the view (gradient norm, gradient×input, integrated gradients,
 * SmoothGrad, LIME, Kernel SHAP, occlusion), re-computed on every selection and edit.
 *
 * Notes:
 * - Latest wins: each new example or parameter change starts request k+1; the older request
 *   is aborted (black-box methods stop between batches) and, if it still finishes, its result
 *   is dropped. Work starts after one `setImmediate`, so a burst of edits arriving together
 *   only computes the last one.
 * - Scores travel as a Float32Array buffer aligned with `labels` (tokens, raw feature names,
 *   or pixels); image models also send the image and the heatmap's size. Text models send
 *   `tokenSpans` (Int32Array, see `core/token-layout`): where each token sits in the text and
 *   its word, from the model's tokenizer, so the view draws tokens on the text as written.
 * - Tabular gradient scores over one-hot columns are summed per raw feature (the model's
 *   `featureGroups`), so the bars show the fields a person edits; the columns come too
 *   (`columnLabels`, `columnScores`). Integrated gradients and gradient×input start from the
 *   baseline the person chooses (`baseline`: training medians, a row by `baselineRow`, a
 *   background sample; src/widgets/salience/baseline-choice.ts), shown as `baselineUsed`.
 * - The view's own text box sends `{method:'text', text}`: it becomes a session edit, so
 *   every other view of the session follows it too.
 * - Errors (text too long, a method the model cannot do, bad parameters) become `error`.
 * - Many rows: `explainRows('selection' | 'dataset' | ids)` (or the view's buttons, sending
 *   `{method:'explain_rows', scope}`) explains each row with the current method as a progress
 *   job with Cancel (src/widgets/salience/rows.ts); a cancelled job leaves the rows shown before.
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import type { ParamSpec, ParamValues } from '../../core/params';
import { Widget } from '../../kernel/widget';
import { currentExample, describePrediction, errorText, followCurrent, mainOutputOf, type CurrentExample } from '../prediction/predictions';
import { registeredLabels, registeredParams } from '../registry/available';
import { backgroundRows, baselineSources, imageOf, toRawFeatures } from './compute';
import { baselineFor, baselinesOffered, shownBaseline } from './baseline-choice';
import { explainExample } from './explain';
import { checkParams, inputKindOf, paramsStamp, type MethodName, type SalienceOptions, type SalienceParams } from './params';
import { ProgressJobs, isCancelMessage, type JobOutcome } from '../progress';
import { EMPTY_ROWS, explainRows } from './rows';
import { tokenSpansOf } from './token-spans';
import { availableMethods, defaultMethodOf, registeredNames, type SalienceState } from './state';

export type { SalienceState } from './state';
import type { Session } from '../session';

export { QUADRATURE_RULES, SALIENCE_METHODS, checkParams, inputKindOf, methodsFor } from './params';
export type { InputKind, MethodName, SalienceOptions, SalienceParams } from './params';
export { toRawFeatures } from './compute';
export type { SalienceRow, SalienceRowsState } from './rows';

/** Which rows `explainRows` explains: the session's selection, the whole dataset, or these ids. */
export type RowsScope = 'selection' | 'dataset' | readonly string[];


export class SalienceWidget extends Widget<SalienceState> {
  private request = 0;
  private running: AbortController | null = null;
  private latest: Promise<void> = Promise.resolve();
  private shownEx: CurrentExample | null = null;
  private readonly unfollow: () => void;
  private readonly jobs: ProgressJobs<SalienceState>;
  private rowsJob: Promise<unknown> = Promise.resolve();
  private rowsRuns = 0;
  private readonly unregister: () => void;

  constructor(readonly session: Session, private readonly options: SalienceOptions = {}) {
    const modelName = options.model ?? [...session.models.keys()][0];
    if (modelName === undefined) throw new Error('salience: the session has no model; pass models to session({ models: { name: model } })');
    const model = session.model(modelName);
    const main = mainOutputOf(model);
    const classes = main.kind === 'multiclass' ? main.classes : [];
    const methods = availableMethods(session, model);
    const kind = inputKindOf(model);
    const wanted = checkParams(options, classes, methods, registeredNames(session));
    const defaultMethod = defaultMethodOf(methods);
    const method = wanted.salienceMethod ?? defaultMethod;
    const own = registeredParams(session.registry, 'salience', method, options.methodValues);
    const textField = kind === 'text' ? Object.entries(model.inputSpec()).find(([, s]) => s.kind === 'TextSegment')![0] : '';
    super(
      { modelName: 'SalienceModel', viewName: 'SalienceView' },
      {
        salienceMethod: method,
        methodValues: own.values,
        methodParams: own.specs,
        methodLabels: registeredLabels(session.registry, 'salience'),
        steps: wanted.steps ?? 32,
        rule: wanted.rule ?? 'gauss-legendre',
        samples: wanted.samples ?? 256,
        noise: wanted.noise ?? 0.15,
        target: wanted.target ?? (main.kind === 'regression' ? 'regression' : 'predicted'),
        baseline: wanted.baseline ?? 'median',
        baselineRow: wanted.baselineRow ?? '',
        baselines: baselinesOffered(model),
        baselineUsed: null,
        columnLabels: [],
        columnScores: new Float32Array(0),
        model: modelName,
        models: [...session.models.keys()],
        inputKind: kind,
        methods,
        task: main.kind,
        classes,
        exampleId: '',
        textField,
        text: '',
        labels: [],
        tokenSpans: new Int32Array(0),
        tokenText: '',
        scores: new Float32Array(0),
        explained: '',
        delta: null,
        outputChange: null,
        stepsUsed: 0,
        oovTokens: [],
        image: new Float32Array(0),
        imageHeight: 0,
        imageWidth: 0,
        imageChannels: 0,
        heatmapHeight: 0,
        heatmapWidth: 0,
        probabilities: new Float32Array(0),
        predicted: '',
        score: 0,
        computedFor: '',
        elapsedMs: 0,
        error: null,
        busy: false,
        debounceMs: options.debounceMs ?? 0,
        ...EMPTY_ROWS,
      },
    );
    this.jobs = new ProgressJobs<SalienceState>(this);
    this.onCustom((content) => this.handleCustom(content));
    this.unregister = session.registry.onChange((kind) => {
      if (kind === 'salience') this.followRegistry();
    });
    this.unfollow = followCurrent(session, (current, error) => {
      if (error !== undefined) {
        this.shownEx = null;
        this.set({ error: errorText(error), busy: false });
        return;
      }
      this.shownEx = current;
      this.schedule();
    });
  }

  get model(): ModelAdapter {
    return this.session.model(this.state.model);
  }

  /** Resolves when the salience for the latest example and parameters is shown (or failed). */
  settled(): Promise<void> {
    return this.latest;
  }

  /** Changes method or parameters from code, with the same checks as the view. */
  configure(p: Partial<SalienceParams> & { model?: string }): Promise<void> {
    this.applyParams(p);
    return this.latest;
  }

  /** The last result as plain values, for the next cell. */
  get result(): { labels: string[]; scores: number[]; delta: number | null; explained: string; method: MethodName; columns: { labels: string[]; scores: number[] }; baseline: SalienceState['baselineUsed'] } {
    const s = this.state;
    return {
      labels: [...s.labels], scores: Array.from(s.scores), delta: s.delta, explained: s.explained, method: s.salienceMethod,
      columns: { labels: [...s.columnLabels], scores: Array.from(s.columnScores) }, baseline: s.baselineUsed,
    };
  }

  /**
   * Explains many rows with the current model, method and parameters, with progress and
   * Cancel; resolves with how the job ended (a newer job or `cancelRows()` cancels it).
   */
  explainRows(scope: RowsScope = 'selection'): Promise<JobOutcome<void>> {
    const ids = scope === 'selection' ? [...this.session.selection] : scope === 'dataset' ? this.session.dataset(this.options.dataset).ids() : [...scope];
    const bad = ids.find((id) => typeof id !== 'string' || !this.session.hasExample(id));
    if (bad !== undefined) throw new Error(`salience: no example has id ${JSON.stringify(bad)}`);
    if (ids.length === 0) throw new Error(scope === 'selection' ? 'salience: the selection is empty; select rows first (or explain the dataset)' : 'salience: no rows to explain');
    const limit = this.options.maxRows ?? 5000;
    if (ids.length > limit) throw new Error(`salience: ${ids.length} rows is more than maxRows (${limit}); pass a larger maxRows or fewer rows`);
    const s = this.state;
    const model = this.session.model(s.model);
    const datasetName = this.options.dataset ?? [...this.session.datasets.keys()][0];
    const what = scope === 'selection' ? 'selection' : scope === 'dataset' ? `dataset '${datasetName}'` : 'rows';
    const rowsScope = `${what} (${ids.length} row${ids.length === 1 ? '' : 's'})`;
    const stamp = `${typeof scope === 'string' ? scope : 'ids'}:${ids.length}|${s.model}|${paramsStamp(s)}|#${++this.rowsRuns}`;
    const job = {
      registry: this.session.registry, model, modelName: s.model, params: { ...s } as SalienceParams, ids,
      baseline: baselineFor(model, s.salienceMethod, s.baseline, s.baselineRow, baselineSources(this.session, this.options, model))?.choice,
      example: (id: string) => this.session.example(id),
      background: (m: ModelAdapter) => backgroundRows(this.session, this.options, m),
      chunk: this.options.rowsChunk ?? 8,
    };
    const run = this.jobs.run(`Salience of ${rowsScope}`, async (ctx) => {
      const packed = await explainRows(job, ctx);
      if (!ctx.signal.aborted) this.set({ ...packed, rowsFor: stamp, rowsScope, rowsError: null });
    });
    this.rowsJob = run;
    return run.then((outcome) => {
      if (outcome.status === 'error') this.set({ rowsError: errorText(outcome.error) });
      return outcome;
    });
  }

  /** Cancels a running `explainRows` job; the rows shown before stay. */
  cancelRows(): void {
    this.jobs.cancel();
  }

  /** Resolves when the latest rows job has ended. */
  rowsSettled(): Promise<void> {
    return this.rowsJob.then(() => undefined);
  }

  override close(): void {
    this.unregister();
    this.unfollow();
    this.jobs.dispose();
    this.running?.abort();
    super.close();
  }

  private handleCustom(content: unknown): void {
    if (typeof content !== 'object' || content === null) return;
    const c = content as { method?: unknown; params?: unknown; text?: unknown; scope?: unknown };
    if (isCancelMessage(content)) return; // ProgressJobs handles it
    if (c.method === 'explain_rows') {
      try {
        if (c.scope !== 'selection' && c.scope !== 'dataset') throw new Error(`salience: explain_rows scope must be 'selection' or 'dataset', got ${JSON.stringify(c.scope)}`);
        void this.explainRows(c.scope);
      } catch (e) {
        this.set({ rowsError: errorText(e) });
      }
    } else if (c.method === 'configure' && typeof c.params === 'object' && c.params !== null) {
      try {
        this.applyParams(c.params as Partial<SalienceParams> & { model?: string });
      } catch (e) {
        this.set({ error: errorText(e) });
      }
    } else if (c.method === 'text') {
      try {
        this.editText(c.text);
      } catch (e) {
        this.set({ error: errorText(e) });
      }
    } else {
      this.set({ error: `salience: unknown request ${JSON.stringify(c.method)}` });
    }
  }

  private applyParams(p: Partial<SalienceParams> & { model?: string }): void {
    if (p.model !== undefined && p.model !== this.state.model) {
      const model = this.session.model(p.model);
      const main = mainOutputOf(model);
      const methods = availableMethods(this.session, model);
      const kind = inputKindOf(model);
      const salienceMethod = methods.includes(this.state.salienceMethod) ? this.state.salienceMethod : defaultMethodOf(methods);
      this.set({
        model: p.model, methods, inputKind: kind, salienceMethod, ...this.paramsFor(salienceMethod, undefined), task: main.kind, classes: main.kind === 'multiclass' ? main.classes : [],
        baselines: baselinesOffered(model),
        target: main.kind === 'regression' ? 'regression' : 'predicted',
        textField: kind === 'text' ? Object.entries(model.inputSpec()).find(([, s]) => s.kind === 'TextSegment')![0] : '',
      });
    }
    const checked = checkParams(p, this.state.classes, this.state.methods, registeredNames(this.session));
    const method = checked.salienceMethod ?? this.state.salienceMethod;
    // A new method starts from its own defaults; values given with it (or alone) are checked against its specs.
    const values = p.methodValues !== undefined ? p.methodValues : method === this.state.salienceMethod ? this.state.methodValues : undefined;
    const own = this.paramsFor(method, values);
    this.set({ ...checked, ...own });
    this.schedule();
  }

  private paramsFor(method: MethodName, values: unknown): { methodParams: ParamSpec[]; methodValues: ParamValues } {
    const { specs, values: checked } = registeredParams(this.session.registry, 'salience', method, values);
    return { methodParams: specs, methodValues: checked };
  }

  /** A method was registered or removed: the list follows; a removed chosen one falls back to the default, and the view recomputes. */
  private followRegistry(): void {
    const methods = availableMethods(this.session, this.model);
    const kept = methods.includes(this.state.salienceMethod);
    const salienceMethod = kept ? this.state.salienceMethod : defaultMethodOf(methods);
    let own: { methodParams: ParamSpec[]; methodValues: ParamValues };
    try {
      own = this.paramsFor(salienceMethod, kept ? this.state.methodValues : undefined);
    } catch {
      own = this.paramsFor(salienceMethod, undefined); // replaced with other parameters: back to its defaults
    }
    this.set({ methods, salienceMethod, methodLabels: registeredLabels(this.session.registry, 'salience'), ...own });
    // The chosen method may have been replaced by new code: recompute.
    if (this.session.registry.get('salience', salienceMethod) !== undefined || !kept) this.schedule();
  }

  /** Makes (or updates) a session edit with the new text of the current example. */
  editText(text: unknown): void {
    if (typeof text !== 'string') throw new Error(`salience: text must be a string, got ${typeof text}`);
    if (this.state.textField === '') throw new Error('salience: this model has no text field to edit');
    const current = this.shownEx ?? currentExample(this.session);
    if (!current) throw new Error('salience: select an example first');
    const next: Example = { ...current.example, [this.state.textField]: text };
    const isEdit = this.session.editInfo(current.id) !== undefined;
    this.session.edit(current.origin, next, { editId: isEdit ? current.id : undefined, source: this });
  }

  private schedule(): void {
    const request = ++this.request;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.latest = this.run(request, controller);
  }

  private async run(request: number, controller: AbortController): Promise<void> {
    const stale = () => request !== this.request;
    const current = this.shownEx;
    const s = this.state;
    if (current === null) {
      this.set({ exampleId: '', text: '', labels: [], tokenSpans: new Int32Array(0), scores: new Float32Array(0), delta: null, outputChange: null, error: null, busy: false, computedFor: '' });
      return;
    }
    const stamp = `${current.key}|${s.model}|${paramsStamp(s)}`;
    const text = s.textField !== '' ? String(current.example[s.textField] ?? '') : '';
    this.set({ busy: true, exampleId: current.id, text });
    // Let newer messages arrive first: a burst of edits computes only the last.
    await new Promise((r) => setImmediate(r));
    if (stale()) return;
    const started = Date.now();
    try {
      const model = this.session.model(s.model);
      const main = mainOutputOf(model);
      const [p] = await model.predict([current.example], { signal: controller.signal });
      if (stale()) return;
      const shown = describePrediction(s.model, main, p);
      const chosen = baselineFor(model, s.salienceMethod, s.baseline, s.baselineRow, baselineSources(this.session, this.options, model));
      const result = await explainExample({
        registry: this.session.registry, model, example: current.example, params: s, signal: controller.signal, prediction: p,
        background: (m) => backgroundRows(this.session, this.options, m), baseline: chosen?.choice,
      });
      if (stale()) return;
      const kind = inputKindOf(model);
      const { labels, scores } = kind === 'tabular' ? toRawFeatures(model, result.labels, result.scores) : { labels: result.labels, scores: result.scores };
      const image = kind === 'image' ? imageOf(model, current.example) : null;
      const delta = result.delta !== undefined && (result.method === 'integrated_gradients' || result.method === 'kernel_shap') ? result.delta : null;
      this.set({
        labels,
        tokenSpans: kind === 'text' ? tokenSpansOf(model.tokenizer?.(), text, labels) : new Int32Array(0),
        tokenText: kind === 'text' ? text : '',
        scores,
        explained: result.target.className ?? (main.kind === 'regression' ? 'score' : String(result.target.classIndex ?? '')),
        delta,
        outputChange: result.output !== undefined && result.baselineOutput !== undefined ? result.output - result.baselineOutput : null,
        stepsUsed: result.steps ?? 0,
        baselineUsed: shownBaseline(result.baseline, chosen),
        columnLabels: result.columns?.labels ?? [],
        columnScores: result.columns?.scores ?? new Float32Array(0),
        oovTokens: result.oovTokens ?? [],
        image: image?.pixels ?? new Float32Array(0),
        imageHeight: image?.height ?? 0,
        imageWidth: image?.width ?? 0,
        imageChannels: image?.channels ?? 0,
        heatmapHeight: result.heatmap?.height ?? 0,
        heatmapWidth: result.heatmap?.width ?? 0,
        probabilities: Float32Array.from(shown.probabilities),
        predicted: shown.predicted,
        score: shown.score,
        elapsedMs: Date.now() - started,
        error: null,
        busy: false,
        computedFor: stamp,
      });
    } catch (e) {
      if (stale()) return;
      this.set({ labels: [], tokenSpans: new Int32Array(0), scores: new Float32Array(0), delta: null, outputChange: null, baselineUsed: null, columnLabels: [], columnScores: new Float32Array(0), error: errorText(e), busy: false, computedFor: stamp, elapsedMs: Date.now() - started });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }
}

/** Salience of the session's current example: `tslit.salience(session, { salienceMethod: 'integrated_gradients' })`. */
export function salience(session: Session, options: SalienceOptions = {}): SalienceWidget {
  return new SalienceWidget(session, options);
}
