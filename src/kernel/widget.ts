/**
 * The kernel-side widget base class, speaking the ipywidgets protocol 2.1.0 like Python's
 * `ipywidgets.Widget`.
 *
 * Notes:
 * - Opens a comm on target `jupyter.widget` with `{state, buffer_paths}` and metadata
 *   `{version: '2.1.0'}`; the comm id is the model id.
 * - Frontend `update`: checked (known keys, same kind of value as the current one, resolvable
 *   buffer paths, then `validateUpdate`), echoed with `echo_update` as ipywidgets 8 does, then
 *   applied; change listeners run and are awaited, so their errors and outputs arrive before
 *   the kernel reports idle. A rejected update is logged and the frontend gets the current
 *   values back in an `update`, so the view does not keep a value the kernel refused.
 * - Binary values (ArrayBuffer, typed arrays, DataView) anywhere in the state travel as
 *   buffers; received ones arrive as DataView.
 */
import { inspect } from 'util';
import { staticPictureOf } from '../core/static/pictures';
import { WIDGET_MODULE } from '../core/widget-module';
import { isBinary, putBuffers, removeBuffers } from './buffers';
import { Comm, ProtocolError } from './comms';
import { KernelApi, MimeBundle, requireKernel } from './context';
import type { Displayable } from './display';
import { packageVersion } from './version';
import { widgetRegistryOf } from './widgetRegistry';

export const WIDGET_TARGET = 'jupyter.widget';
export const WIDGET_PROTOCOL_VERSION = '2.1.0';
export const WIDGET_VIEW_MIME = 'application/vnd.jupyter.widget-view+json';

export interface WidgetSpec {
  modelName: string;
  viewName: string;
  /** Model and view module; default 'tslit'. */
  module?: string;
  /** Model and view module version; default the tslit package version. */
  moduleVersion?: string;
}

export interface WidgetViewBundle extends MimeBundle {
  [WIDGET_VIEW_MIME]: { version_major: 2; version_minor: 1; model_id: string };
  'text/plain': string;
}

type ChangeListener<V> = (value: V, old: V) => void | Promise<void>;
type CustomListener = (content: unknown, buffers: DataView[]) => void | Promise<void>;

/** The kind of a state value, for checking frontend updates. */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isBinary(value)) return 'binary';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isBinary(value);
}

export abstract class Widget<S extends object> implements Displayable {
  /** The comm id, which is also the widget model id. */
  readonly id: string;
  private current: S;
  private readonly kernel: KernelApi;
  private readonly comm: Comm;
  private readonly base: Record<string, string>;
  private readonly changeListeners = new Map<keyof S, Set<ChangeListener<never>>>();
  private readonly customListeners = new Set<CustomListener>();

  protected constructor(spec: WidgetSpec, initial: S) {
    this.kernel = requireKernel(`new ${new.target.name}()`);
    const module = spec.module ?? WIDGET_MODULE;
    const version = spec.moduleVersion ?? packageVersion();
    this.base = {
      _model_module: module,
      _model_module_version: version,
      _model_name: spec.modelName,
      _view_module: module,
      _view_module_version: version,
      _view_name: spec.viewName,
    };
    this.current = { ...initial };
    const { state, buffer_paths, buffers } = removeBuffers(this.fullState());
    this.comm = this.kernel.comms.open(WIDGET_TARGET, { state, buffer_paths }, { version: WIDGET_PROTOCOL_VERSION }, buffers);
    this.id = this.comm.id;
    const registry = widgetRegistryOf(this.kernel);
    registry.add({
      id: this.id,
      modelName: spec.modelName,
      modelModule: module,
      modelModuleVersion: version,
      fullState: () => this.fullState(),
    });
    this.comm.onMessage((data, received) => this.handleMessage(data, received));
    this.comm.onClose(() => registry.remove(this.id));
  }

  get state(): Readonly<S> {
    return this.current;
  }

  /** True once the widget was closed from either side. */
  get closed(): boolean {
    return this.comm.closed;
  }

  /** Changes state locally: the frontend gets an `update`, change listeners fire. */
  set(patch: Partial<S>): void {
    const changed = this.apply(patch);
    if (changed.length === 0) return;
    if (!this.comm.closed) this.sendState(Object.fromEntries(changed.map(([k]) => [k, this.current[k]])), 'update');
    void this.notify(changed);
  }

  /** Calls `cb` when `key` changes, from the frontend or from `set`; returns an unsubscribe function. */
  onChange<K extends keyof S>(key: K, cb: (value: S[K], old: S[K]) => void | Promise<void>): () => void {
    let set = this.changeListeners.get(key);
    if (!set) this.changeListeners.set(key, (set = new Set()));
    const listener = cb as ChangeListener<never>;
    set.add(listener);
    return () => set!.delete(listener);
  }

  /** Calls `cb` for each `custom` message from the frontend. */
  onCustom(cb: (content: unknown, buffers: DataView[]) => void | Promise<void>): () => void {
    this.customListeners.add(cb);
    return () => this.customListeners.delete(cb);
  }

  /** Sends a `custom` message to the frontend views. */
  send(content: unknown, buffers: ArrayBufferView[] = []): void {
    this.comm.send({ method: 'custom', content }, {}, buffers);
  }

  /** Closes the widget's comm; its views go away. */
  close(): void {
    this.comm.close();
  }

  /**
   * Extra MIME entries shown where the widget cannot run (nbconvert HTML, GitHub, nbviewer):
   * a static picture (`image/png`) or page (`text/html`) of the current state. Front ends that
   * render widgets show the live view instead. By default the picture src/core/static draws
   * for this model name from the state (none for unknown names). A failing fallback is logged
   * and left out.
   */
  protected staticFallback(): MimeBundle {
    const html = staticPictureOf(this.base._model_name, (key) => (this.current as Record<string, unknown>)[key]);
    return html === null ? {} : { 'text/html': html };
  }

  displayData(): WidgetViewBundle {
    let fallback: MimeBundle = {};
    try {
      fallback = this.staticFallback();
    } catch (e) {
      this.kernel.log(`${this.constructor.name}: no static fallback: ${(e as Error).message}`);
    }
    return {
      ...fallback,
      [WIDGET_VIEW_MIME]: { version_major: 2, version_minor: 1, model_id: this.id },
      'text/plain': `${this.constructor.name}(model_id=${JSON.stringify(this.id)})`,
    };
  }

  /** Shown by util.inspect (and so in text/plain outputs) instead of the internals. */
  [inspect.custom](): string {
    return `${this.constructor.name}(model_id=${JSON.stringify(this.id)})`;
  }

  /**
   * Checks a frontend update before it is applied; throw to reject it with a clear message.
   * Keys and value kinds are already checked against the current state.
   */
  protected validateUpdate?(patch: Record<string, unknown>): void;

  /** Model/view module names and versions plus the user state. */
  private fullState(): Record<string, unknown> {
    return { ...this.base, ...(this.current as Record<string, unknown>) };
  }

  private sendState(state: Record<string, unknown>, method: 'update' | 'echo_update'): void {
    const { state: json, buffer_paths, buffers } = removeBuffers(state);
    this.comm.send({ method, state: json, buffer_paths }, {}, buffers);
  }

  /** Stores `patch`; returns the changed entries with their old values. */
  private apply(patch: Partial<S>): [keyof S, unknown][] {
    const changed: [keyof S, unknown][] = [];
    const next = { ...this.current };
    for (const key of Object.keys(patch) as (keyof S)[]) {
      const value = patch[key] as S[keyof S];
      const old = this.current[key];
      const isObject = value !== null && typeof value === 'object';
      if (!isObject && Object.is(old, value)) continue;
      next[key] = value;
      changed.push([key, old]);
    }
    this.current = next;
    return changed;
  }

  /** Runs change listeners; errors become error outputs in the cell that caused them. */
  private async notify(changed: [keyof S, unknown][]): Promise<void> {
    for (const [key, old] of changed) {
      for (const listener of [...(this.changeListeners.get(key) ?? [])]) {
        try {
          await (listener as ChangeListener<unknown>)(this.current[key], old);
        } catch (e) {
          this.kernel.reportError(e);
        }
      }
    }
  }

  private async handleMessage(data: unknown, buffers: DataView[]): Promise<void> {
    const where = `widget ${this.id} (${this.base._model_name})`;
    if (!isPlainObject(data) || typeof data.method !== 'string') {
      throw new ProtocolError(`${where}: comm message without a method: ${JSON.stringify(data)}`);
    }
    switch (data.method) {
      case 'update':
        return this.receiveUpdate(data, buffers, where);
      case 'request_state':
        this.sendState(this.fullState(), 'update');
        return;
      case 'custom':
        for (const listener of [...this.customListeners]) {
          try {
            await listener(data.content, buffers);
          } catch (e) {
            this.kernel.reportError(e);
          }
        }
        return;
      default:
        throw new ProtocolError(`${where}: unknown method ${JSON.stringify(data.method)}; expected update, request_state or custom`);
    }
  }

  private async receiveUpdate(data: Record<string, unknown>, buffers: DataView[], where: string): Promise<void> {
    if (!isPlainObject(data.state)) throw new ProtocolError(`${where}: update without a state object`);
    const state = data.state;
    try {
      putBuffers(state, data.buffer_paths, buffers);
    } catch (e) {
      throw new ProtocolError(`${where}: ${(e as Error).message}`);
    }
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(state)) {
      if (key in this.base) continue; // the frontend may echo module names; they are not editable
      if (!(key in this.current)) return this.reject(state, `${where}: update of unknown state key ${JSON.stringify(key)}`);
      const want = kindOf((this.current as Record<string, unknown>)[key]);
      const got = kindOf(value);
      if (want !== 'null' && got !== want) return this.reject(state, `${where}: state.${key} must be ${want}, got ${got} (${inspect(value, { depth: 0 })})`);
      patch[key] = value;
    }
    if (this.validateUpdate) {
      try {
        this.validateUpdate(patch);
      } catch (e) {
        this.reject(state, `${where}: update rejected: ${(e as Error).message ?? String(e)}`);
        this.kernel.reportError(e);
        return;
      }
    }
    this.sendState(patch, 'echo_update');
    await this.notify(this.apply(patch as Partial<S>));
  }

  /** Logs a refused update and sends the frontend the kernel's values for the keys it touched. */
  private reject(state: Record<string, unknown>, message: string): void {
    this.kernel.log(message);
    const revert: Record<string, unknown> = {};
    for (const key of Object.keys(state)) if (key in this.current) revert[key] = (this.current as Record<string, unknown>)[key];
    if (Object.keys(revert).length > 0) this.sendState(revert, 'update');
  }
}
