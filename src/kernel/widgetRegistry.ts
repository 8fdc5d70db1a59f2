/**
 * The kernel's open widgets, and the `jupyter.widget.control` comm that hands all their
 * states to a frontend that reloads the page.
 *
 * Notes: follows ipywidgets' `Widget._handle_control_comm_msg`: on `{method: 'request_states'}`
 * the kernel sends `{method: 'update_states', states: {id: {model_name, model_module,
 * model_module_version, state}}, buffer_paths}` where buffer_paths is ONE flat list of paths
 * starting with the widget id (e.g. `[id, 'state', 'data']`), which is what
 * `@jupyter-widgets/base-manager` `_loadFromKernel` reads.
 */
import { removeBuffers } from './buffers';
import { ProtocolError } from './comms';
import type { KernelApi } from './context';

/** What the registry needs to know about one open widget. */
export interface RegisteredWidget {
  readonly id: string;
  readonly modelName: string;
  readonly modelModule: string;
  readonly modelModuleVersion: string;
  /** The full state, binary values included. */
  fullState(): Record<string, unknown>;
}

export const CONTROL_TARGET = 'jupyter.widget.control';

export class WidgetRegistry {
  private readonly widgets = new Map<string, RegisteredWidget>();

  add(widget: RegisteredWidget): void {
    this.widgets.set(widget.id, widget);
  }

  remove(id: string): void {
    this.widgets.delete(id);
  }

  get size(): number {
    return this.widgets.size;
  }

  /** The `update_states` payload for every open widget, buffers split out. */
  allStates(): { states: Record<string, unknown>; buffer_paths: (string | number)[][]; buffers: ArrayBufferView[] } {
    const states: Record<string, unknown> = {};
    for (const w of this.widgets.values()) {
      states[w.id] = { model_name: w.modelName, model_module: w.modelModule, model_module_version: w.modelModuleVersion, state: w.fullState() };
    }
    const { state, buffer_paths, buffers } = removeBuffers(states);
    return { states: state, buffer_paths, buffers };
  }
}

const registries = new WeakMap<KernelApi, WidgetRegistry>();

/** The registry of `kernel`, created (with its control comm target) on first use. */
export function widgetRegistryOf(kernel: KernelApi): WidgetRegistry {
  let registry = registries.get(kernel);
  if (!registry) {
    const created = new WidgetRegistry();
    registry = created;
    registries.set(kernel, created);
    kernel.comms.registerTarget(CONTROL_TARGET, (comm) => {
      comm.onMessage((data) => {
        const method = (data as { method?: unknown } | null)?.method;
        if (method !== 'request_states') {
          throw new ProtocolError(`${CONTROL_TARGET}: unknown method ${JSON.stringify(method)}; expected "request_states"`);
        }
        const { states, buffer_paths, buffers } = created.allStates();
        comm.send({ method: 'update_states', states, buffer_paths }, {}, buffers);
      });
    });
  }
  return registry;
}
