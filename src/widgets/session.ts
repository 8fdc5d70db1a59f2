/**
 * The session: what every widget of one workspace shares in the kernel — named models,
 * named datasets, the selection (ordered example ids and a primary id), pinned ids, and
 * edited copies of examples.
 *
 * Notes: widgets stay linked through the session, never through each other: a view's gesture
 * reaches its widget, the widget changes the session, the session tells every subscriber, and
 * each widget `set()`s its own state. Events carry the `source` that caused them so a widget
 * can skip re-sending what its own view just did. A listener that throws does not stop the
 * others; its error is reported through `onListenerError` (default: console.error).
 */
import type { Example } from '../core/spec';
import type { ModelAdapter } from '../model/adapter';
import type { Dataset } from '../model/dataset';
import { Registry } from './registry/registry';

export type SessionEventName = 'selection' | 'pins' | 'edits' | 'data';

export interface SessionEvent {
  name: SessionEventName;
  /** Whoever made the change (a widget passes itself), or undefined from user code. */
  source?: unknown;
}

export type SessionListener = (event: SessionEvent) => void;

export interface SessionOptions {
  models?: Record<string, ModelAdapter>;
  datasets?: Record<string, Dataset>;
}

export interface SelectOptions {
  /** The id the single-example views (editor, salience) show; default the first id. */
  primary?: string | null;
  source?: unknown;
}

/** An edited copy of an example. */
export interface Edit {
  id: string;
  /** The id of the example it was edited from. */
  origin: string;
  example: Example;
}

/** Checks a list of ids: strings, no repeats kept (first wins), order kept. */
function cleanIds(ids: readonly string[], what: string): string[] {
  if (!Array.isArray(ids)) throw new Error(`${what} must be an array of example ids`);
  const seen = new Set<string>();
  const out: string[] = [];
  ids.forEach((id, k) => {
    if (typeof id !== 'string') throw new Error(`${what}[${k}] must be an example id (a string), got ${typeof id}`);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  });
  return out;
}

export class Session {
  private readonly modelMap = new Map<string, ModelAdapter>();
  private readonly datasetMap = new Map<string, Dataset>();
  private selected: string[] = [];
  private primaryId: string | null = null;
  private pinned: string[] = [];
  private readonly editMap = new Map<string, Edit>();
  private nextEdit = 0;
  private readonly listeners = new Map<SessionEventName, Set<SessionListener>>();
  /** Metrics, salience methods, generators and views of this session: built-in and registered from a cell. */
  readonly registry = new Registry();
  /** Where listener errors go; replace to route them elsewhere. */
  onListenerError: (error: unknown, event: SessionEvent) => void = (e) => console.error('tslit session listener failed:', e);

  constructor(options: SessionOptions = {}) {
    for (const [name, model] of Object.entries(options.models ?? {})) this.addModel(name, model);
    for (const [name, dataset] of Object.entries(options.datasets ?? {})) this.addDataset(name, dataset);
  }

  // ---- models and datasets ----

  get models(): ReadonlyMap<string, ModelAdapter> { return this.modelMap; }
  get datasets(): ReadonlyMap<string, Dataset> { return this.datasetMap; }

  addModel(name: string, model: ModelAdapter, source?: unknown): void {
    if (typeof name !== 'string' || name === '') throw new Error('session: a model needs a non-empty name');
    if (!model || typeof model.predict !== 'function') throw new Error(`session: model '${name}' is not a ModelAdapter (no predict())`);
    this.modelMap.set(name, model);
    this.emit({ name: 'data', source });
  }

  addDataset(name: string, dataset: Dataset, source?: unknown): void {
    if (typeof name !== 'string' || name === '') throw new Error('session: a dataset needs a non-empty name');
    if (!dataset || typeof dataset.example !== 'function') throw new Error(`session: dataset '${name}' is not a Dataset`);
    this.datasetMap.set(name, dataset);
    this.emit({ name: 'data', source });
  }

  /** The named model, or the first one when no name is given; throws listing the names there are. */
  model(name?: string): ModelAdapter {
    return pick(this.modelMap, name, 'model');
  }

  /** The named dataset, or the first one when no name is given. */
  dataset(name?: string): Dataset {
    return pick(this.datasetMap, name, 'dataset');
  }

  /** Tells every widget that a dataset changed (rows added, generated rows added). */
  dataChanged(source?: unknown): void {
    this.emit({ name: 'data', source });
  }

  // ---- examples ----

  /** The example with this id: an edit, or a loaded or generated row of any dataset. */
  example(id: string): Example {
    const edit = this.editMap.get(id);
    if (edit) return { ...edit.example };
    for (const dataset of this.datasetMap.values()) {
      if (dataset.indexOf(id) >= 0 || dataset.isGeneratedId(id)) return dataset.example(id);
    }
    throw new Error(`session: no example has id ${JSON.stringify(id)} (not an edit, nor a row of ${[...this.datasetMap.keys()].map((n) => JSON.stringify(n)).join(', ') || 'any dataset'})`);
  }

  hasExample(id: string): boolean {
    if (this.editMap.has(id)) return true;
    for (const dataset of this.datasetMap.values()) if (dataset.indexOf(id) >= 0 || dataset.isGeneratedId(id)) return true;
    return false;
  }

  // ---- selection ----

  /** Selected ids, in the order they were selected. */
  get selection(): readonly string[] { return this.selected; }

  /** The id single-example views show, or null. */
  get primary(): string | null { return this.primaryId; }

  /** Replaces the selection. Unknown ids are errors naming the id. */
  select(ids: readonly string[], options: SelectOptions = {}): void {
    const next = cleanIds(ids, 'selection');
    for (const id of next) if (!this.hasExample(id)) throw new Error(`session.select: no example has id ${JSON.stringify(id)}`);
    let primary = options.primary === undefined ? (next[0] ?? null) : options.primary;
    if (primary !== null && !next.includes(primary)) {
      if (!this.hasExample(primary)) throw new Error(`session.select: primary id ${JSON.stringify(primary)} is not an example`);
      next.unshift(primary);
    }
    if (next.length === 0) primary = null;
    if (sameList(next, this.selected) && primary === this.primaryId) return;
    this.selected = next;
    this.primaryId = primary;
    this.emit({ name: 'selection', source: options.source });
  }

  clearSelection(source?: unknown): void {
    this.select([], { source });
  }

  // ---- pins ----

  get pins(): readonly string[] { return this.pinned; }

  pin(id: string, source?: unknown): void {
    if (!this.hasExample(id)) throw new Error(`session.pin: no example has id ${JSON.stringify(id)}`);
    if (this.pinned.includes(id)) return;
    this.pinned = [...this.pinned, id];
    this.emit({ name: 'pins', source });
  }

  unpin(id: string, source?: unknown): void {
    if (!this.pinned.includes(id)) return;
    this.pinned = this.pinned.filter((p) => p !== id);
    this.emit({ name: 'pins', source });
  }

  setPins(ids: readonly string[], source?: unknown): void {
    const next = cleanIds(ids, 'pins');
    for (const id of next) if (!this.hasExample(id)) throw new Error(`session.setPins: no example has id ${JSON.stringify(id)}`);
    if (sameList(next, this.pinned)) return;
    this.pinned = next;
    this.emit({ name: 'pins', source });
  }

  // ---- edits ----

  /** Edited examples by edit id (`edit-<k>`). */
  get edits(): ReadonlyMap<string, Example> {
    return new Map([...this.editMap].map(([id, e]) => [id, { ...e.example }]));
  }

  /** The edit with this id (with its origin), or undefined. */
  editInfo(id: string): Edit | undefined {
    const e = this.editMap.get(id);
    return e && { ...e, example: { ...e.example } };
  }

  /**
   * Records an edited copy of example `origin`. With `editId` (an existing edit) the edit is
   * updated in place; otherwise a new `edit-<k>` is made. Returns the edit's id.
   */
  edit(origin: string, example: Example, options: { editId?: string; source?: unknown } = {}): string {
    if (!example || typeof example !== 'object' || Array.isArray(example)) throw new Error('session.edit: the edited example must be an object of field values');
    if (options.editId !== undefined) {
      const existing = this.editMap.get(options.editId);
      if (!existing) throw new Error(`session.edit: no edit has id ${JSON.stringify(options.editId)}`);
      this.editMap.set(existing.id, { ...existing, example: { ...example } });
      this.emit({ name: 'edits', source: options.source });
      return existing.id;
    }
    if (!this.hasExample(origin)) throw new Error(`session.edit: no example has id ${JSON.stringify(origin)} to edit`);
    const id = `edit-${this.nextEdit++}`;
    this.editMap.set(id, { id, origin, example: { ...example } });
    this.emit({ name: 'edits', source: options.source });
    return id;
  }

  /** Forgets an edit (and drops it from the selection and pins). */
  discardEdit(id: string, source?: unknown): void {
    if (!this.editMap.delete(id)) return;
    this.emit({ name: 'edits', source });
    if (this.pinned.includes(id)) this.unpin(id, source);
    if (this.selected.includes(id)) {
      const rest = this.selected.filter((s) => s !== id);
      this.select(rest, { primary: this.primaryId === id ? (rest[0] ?? null) : this.primaryId, source });
    }
  }

  // ---- events ----

  /** Calls `cb` on every `name` event; returns an unsubscribe function. */
  on(name: SessionEventName, cb: SessionListener): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(cb);
    return () => set!.delete(cb);
  }

  private emit(event: SessionEvent): void {
    for (const cb of [...(this.listeners.get(event.name) ?? [])]) {
      try {
        cb(event);
      } catch (e) {
        this.onListenerError(e, event);
      }
    }
  }

  /** Shown by util.inspect in cell outputs. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Session(models: [${[...this.modelMap.keys()].join(', ')}], datasets: [${[...this.datasetMap.keys()].join(', ')}], selection: ${this.selected.length}, pins: ${this.pinned.length}, edits: ${this.editMap.size})`;
  }
}

function pick<T>(map: ReadonlyMap<string, T>, name: string | undefined, what: string): T {
  if (name === undefined) {
    const first = map.values().next();
    if (first.done) throw new Error(`session: there is no ${what}; pass ${what}s to session({ ${what}s: { name: ... } })`);
    return first.value;
  }
  const found = map.get(name);
  if (found === undefined) throw new Error(`session: no ${what} named ${JSON.stringify(name)} (${what}s: ${[...map.keys()].map((k) => JSON.stringify(k)).join(', ') || 'none'})`);
  return found;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A session over named models and datasets: `tslit.session({ models: { spam }, datasets: { test } })`. */
export function session(options: SessionOptions = {}): Session {
  return new Session(options);
}
