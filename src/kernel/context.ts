/**
 * The running kernel, as seen by code that needs it (comms, widgets, display).
 *
 * Notes: set once by the kernel at start instead of a singleton created at import time, so
 * that importing `tslit` outside a kernel (tests, scripts) has no side effects. User cells
 * load the same module instance as the kernel (node_modules/tslit is a symlink to the
 * package, and Node resolves it to its real path), so they see the same active kernel.
 */
import type { CommManager } from './comms';

/** A MIME bundle: MIME type to data. */
export type MimeBundle = Record<string, unknown>;

/** What the kernel offers to comms, widgets and display. */
export interface KernelApi {
  readonly comms: CommManager;
  /** Sends display_data on iopub with the parent header of the message being handled. */
  displayData(data: MimeBundle, metadata?: Record<string, unknown>): void;
  /** Reports an error from user code to the current cell as an `error` output. */
  reportError(error: unknown): void;
  /** Logs a protocol problem to the kernel's stderr (the Jupyter server log). */
  log(text: string): void;
}

let active: KernelApi | undefined;

export function setActiveKernel(kernel: KernelApi | undefined): void {
  active = kernel;
}

export function activeKernel(): KernelApi | undefined {
  return active;
}

/** The active kernel, or a clear error saying that `what` needs one. */
export function requireKernel(what: string): KernelApi {
  if (!active) throw new Error(`${what} needs a running tslit kernel (none is active in this process)`);
  return active;
}
