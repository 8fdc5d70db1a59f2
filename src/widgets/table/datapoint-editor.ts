/**
 * The datapoint editor widget: the session's primary example as editable fields; edits
 * become session edits, "Add and compare" adds the edit to the dataset as a generated example
 * and pins the original beside it.
 *
 * Notes:
 * - The view sends `{method:'edit', field, value}` with the raw text typed (numbers too), so
 *   validation happens here: a number field refusing "abc" answers with `fieldErrors[field]`
 *   and leaves the edit as it was. `{method:'add'}` and `{method:'reset'}` are the buttons.
 * - The first valid change of an example makes a session edit `edit-<k>`; later changes update
 *   the same edit. Selecting another example starts over.
 * - With a model, the prediction of the shown values is `prediction` (latest edit wins).
 */
import type { Example, FieldValue } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { BOOLEAN_VOCAB, type Dataset } from '../../model/dataset';
import { Widget } from '../../kernel/widget';
import { mainOutputOf } from './data-table';
import type { Session } from '../session';

export type EditorFieldKind = 'text' | 'number' | 'category' | 'readonly';

export interface EditorField {
  name: string;
  kind: EditorFieldKind;
  /** Allowed values of a category field. */
  vocab?: string[];
}

export type ShownValue = string | number | null;

export interface EditorPrediction {
  model: string;
  /** Predicted class, or '' for regression. */
  label: string;
  /** Probability of the predicted class, or the regression score. */
  score: number;
  classes: string[];
}

export interface DatapointEditorState {
  fields: EditorField[];
  /** The example shown (an id of the dataset, a generated id or an edit id); '' = none. */
  exampleId: string;
  /** The example the shown values were edited from ('' = none). */
  originId: string;
  /** The session edit holding the changes ('' = unedited). */
  editId: string;
  values: Record<string, ShownValue>;
  /** Field → why the last value typed there was refused. */
  fieldErrors: Record<string, string>;
  /** The first pinned example other than the shown one, shown beside it. */
  pinned: { id: string; values: Record<string, ShownValue> } | null;
  prediction: EditorPrediction | null;
  probabilities: Float32Array;
  /** `exampleId` + a counter: which values the prediction belongs to (tests wait on it). */
  predictedFor: string;
  /** Bumped on every accepted or refused edit (tests and views wait on it). */
  revision: number;
  error: string | null;
  busy: boolean;
}

export interface DatapointEditorOptions {
  /** Dataset whose fields are edited; default the session's first. */
  dataset?: string;
  /** Model to predict with; default the session's first model, if any ('' = none). */
  model?: string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The editor fields for a dataset's columns. */
export function editorFields(dataset: Dataset): EditorField[] {
  return dataset.fields().map((name): EditorField => {
    const c = dataset.column(name);
    switch (c.kind) {
      case 'text': return { name, kind: 'text' };
      case 'numeric': return { name, kind: 'number' };
      case 'categorical': return { name, kind: 'category', vocab: [...c.dictionary] };
      case 'boolean': return { name, kind: 'category', vocab: [...BOOLEAN_VOCAB] };
      case 'vector': return { name, kind: 'readonly' };
    }
  });
}

/** What a field value looks like in the editor. */
function shown(value: FieldValue | undefined): ShownValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return `[${value.length} values]`;
}

function shownValues(example: Example, fields: readonly EditorField[]): Record<string, ShownValue> {
  const out: Record<string, ShownValue> = {};
  for (const f of fields) {
    if (f.name === '__proto__') continue;
    out[f.name] = shown(example[f.name]);
  }
  return out;
}

/**
 * Parses the text typed into a field; throws a message for the person when it is refused.
 * Empty number/category input means "missing".
 */
export function parseFieldInput(field: EditorField, raw: unknown): FieldValue {
  if (typeof raw !== 'string') throw new Error(`'${field.name}' expects text input, got ${typeof raw}`);
  switch (field.kind) {
    case 'text': return raw;
    case 'number': {
      const text = raw.trim();
      if (text === '') return null;
      const x = Number(text);
      if (!Number.isFinite(x)) throw new Error(`'${field.name}' must be a number; ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)} is not one`);
      return x;
    }
    case 'category': {
      if (raw === '') return null;
      if (field.vocab && !field.vocab.includes(raw)) throw new Error(`'${field.name}' must be one of ${field.vocab.slice(0, 12).map((v) => JSON.stringify(v)).join(', ')}${field.vocab.length > 12 ? ', …' : ''}; got ${JSON.stringify(raw)}`);
      return raw;
    }
    case 'readonly': throw new Error(`'${field.name}' cannot be edited here`);
  }
}

export class DatapointEditorWidget extends Widget<DatapointEditorState> {
  private shownExample: Example | null = null;
  private predictRequest = 0;
  private running: AbortController | null = null;
  private latest: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly modelName: string;

  constructor(readonly session: Session, private readonly options: DatapointEditorOptions = {}) {
    const dataset = session.dataset(options.dataset);
    const modelName = options.model ?? ([...session.models.keys()][0] ?? '');
    if (modelName !== '') session.model(modelName);
    super(
      { modelName: 'DatapointEditorModel', viewName: 'DatapointEditorView' },
      {
        fields: editorFields(dataset),
        exampleId: '',
        originId: '',
        editId: '',
        values: {},
        fieldErrors: {},
        pinned: null,
        prediction: null,
        probabilities: new Float32Array(0),
        predictedFor: '',
        revision: 0,
        error: null,
        busy: false,
      },
    );
    this.modelName = modelName;
    this.onCustom((content) => this.handleCustom(content));
    this.listen('selection', () => this.follow());
    this.listen('pins', () => this.showPinned());
    this.listen('data', () => this.set({ fields: editorFields(this.dataset) }));
    this.follow();
  }

  get dataset(): Dataset {
    return this.session.dataset(this.options.dataset);
  }

  /** The example as edited so far, or null when nothing is shown. */
  get example(): Example | null {
    return this.shownExample && { ...this.shownExample };
  }

  /** Resolves when the prediction for the latest values is shown (or failed). */
  settled(): Promise<void> {
    return this.latest;
  }

  /** Sets one field from code, with the same checks as typing it. */
  async setField(field: string, value: string): Promise<void> {
    this.applyEdit(field, value);
    await this.latest;
  }

  /** Adds the edited example to the dataset as a generated example; returns its id. */
  addAndCompare(): string {
    if (!this.shownExample || this.state.originId === '') throw new Error('datapoint editor: no example is shown');
    const origin = this.state.originId;
    const dataset = this.datasetOf(origin);
    const [id] = dataset.addGenerated([this.shownExample], { source: 'datapoint-editor' });
    this.session.dataChanged(this);
    this.session.setPins([origin], this);
    this.session.select([id, origin], { primary: id, source: this });
    return id;
  }

  override close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.running?.abort();
    super.close();
  }

  private listen(name: 'selection' | 'pins' | 'data', cb: () => void): void {
    const off = this.session.on(name, () => {
      if (this.closed) { off(); return; }
      cb();
    });
    this.unsubscribe.push(off);
  }

  /** The dataset an id belongs to (its own or the editor's). */
  private datasetOf(id: string): Dataset {
    for (const d of this.session.datasets.values()) if (d.indexOf(id) >= 0 || d.isGeneratedId(id)) return d;
    return this.dataset;
  }

  /** Shows the session's primary example. */
  private follow(): void {
    const id = this.session.primary;
    if (id === this.state.exampleId) return;
    if (id === null) {
      this.shownExample = null;
      this.set({ exampleId: '', originId: '', editId: '', values: {}, fieldErrors: {}, prediction: null, probabilities: new Float32Array(0), error: null });
      this.showPinned();
      return;
    }
    try {
      const edit = this.session.editInfo(id);
      this.shownExample = this.session.example(id);
      this.set({
        exampleId: id,
        originId: edit ? edit.origin : id,
        editId: edit ? edit.id : '',
        values: shownValues(this.shownExample, this.state.fields),
        fieldErrors: {},
        error: null,
        revision: this.state.revision + 1,
      });
    } catch (e) {
      this.shownExample = null;
      this.set({ exampleId: id, values: {}, error: errorText(e) });
    }
    this.showPinned();
    this.predict();
  }

  private showPinned(): void {
    const id = this.session.pins.find((p) => p !== this.state.exampleId && p !== this.state.editId);
    if (id === undefined) {
      this.set({ pinned: null });
      return;
    }
    try {
      this.set({ pinned: { id, values: shownValues(this.session.example(id), this.state.fields) } });
    } catch (e) {
      this.set({ pinned: null, error: errorText(e) });
    }
  }

  private handleCustom(content: unknown): void {
    if (!isRecord(content)) return;
    switch (content.method) {
      case 'edit':
        this.applyEdit(String(content.field), content.value);
        return;
      case 'add':
        try { this.addAndCompare(); } catch (e) { this.set({ error: errorText(e) }); }
        return;
      case 'reset':
        this.reset();
        return;
      default:
        this.set({ error: `datapoint editor: unknown request ${JSON.stringify(content.method)}` });
    }
  }

  private applyEdit(fieldName: string, raw: unknown): void {
    const field = this.state.fields.find((f) => f.name === fieldName);
    const revision = this.state.revision + 1;
    if (!field) {
      this.set({ error: `datapoint editor: no field named ${JSON.stringify(fieldName)}`, revision });
      return;
    }
    if (!this.shownExample) {
      this.set({ error: 'datapoint editor: select an example first', revision });
      return;
    }
    let value: FieldValue;
    try {
      value = parseFieldInput(field, raw);
    } catch (e) {
      this.set({ fieldErrors: { ...this.state.fieldErrors, [fieldName]: errorText(e) }, revision });
      return;
    }
    const next: Example = { ...this.shownExample };
    if (fieldName === '__proto__') Object.defineProperty(next, fieldName, { value, enumerable: true, writable: true, configurable: true });
    else next[fieldName] = value;
    const { [fieldName]: _dropped, ...otherErrors } = this.state.fieldErrors;
    const editId = this.session.edit(this.state.originId, next, { editId: this.state.editId || undefined, source: this });
    this.shownExample = next;
    this.set({ editId, values: shownValues(next, this.state.fields), fieldErrors: otherErrors, error: null, revision });
    this.predict();
  }

  private reset(): void {
    const origin = this.state.originId;
    if (origin === '') return;
    if (this.state.editId !== '') this.session.discardEdit(this.state.editId, this);
    this.shownExample = this.session.example(origin);
    this.set({ exampleId: origin, editId: '', values: shownValues(this.shownExample, this.state.fields), fieldErrors: {}, revision: this.state.revision + 1 });
    this.predict();
  }

  private predict(): void {
    if (this.modelName === '' || !this.shownExample) return;
    const request = ++this.predictRequest;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.latest = this.runPrediction(this.session.model(this.modelName), { ...this.shownExample }, request, controller);
  }

  private async runPrediction(model: ModelAdapter, example: Example, request: number, controller: AbortController): Promise<void> {
    const stale = () => request !== this.predictRequest;
    const stamp = `${this.state.exampleId}#${this.state.revision}`;
    this.set({ busy: true });
    try {
      const [p] = await model.predict([example], { signal: controller.signal });
      if (stale()) return;
      const main = mainOutputOf(model);
      if (!main) throw new Error(`model '${this.modelName}' has no MulticlassPreds or RegressionScore output`);
      const [name, fieldSpec] = main;
      if (fieldSpec.kind === 'MulticlassPreds') {
        const probs = Float32Array.from(p[name] as ArrayLike<number>);
        let best = 0;
        for (let c = 1; c < probs.length; c++) if (probs[c] > probs[best]) best = c;
        this.set({ prediction: { model: this.modelName, label: fieldSpec.vocab[best] ?? String(best), score: probs[best], classes: [...fieldSpec.vocab] }, probabilities: probs, predictedFor: stamp, busy: false, error: null });
      } else {
        this.set({ prediction: { model: this.modelName, label: '', score: Number(p[name]), classes: [] }, probabilities: new Float32Array(0), predictedFor: stamp, busy: false, error: null });
      }
    } catch (e) {
      if (stale()) return;
      this.set({ prediction: null, probabilities: new Float32Array(0), predictedFor: stamp, busy: false, error: `prediction failed: ${errorText(e)}` });
    } finally {
      if (this.running === controller) this.running = null;
    }
  }
}

/** A datapoint editor following `session`'s primary selection. */
export function datapointEditor(session: Session, options: DatapointEditorOptions = {}): DatapointEditorWidget {
  return new DatapointEditorWidget(session, options);
}
