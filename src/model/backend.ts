/**
 * Backend choice for the kernel process: tfjs-node where it is installed, else the WASM
 * backend, else the pure-JS cpu backend; and running a computation on a backend that has the
 * kernels it needs.
 *
 * Notes: nothing happens at import time; call {@link initBackend} once (it is idempotent).
 * The WASM backend lacks some kernels (UnsortedSegmentSum, Conv2DBackpropFilter, ...), which
 * the gradients of Embedding and Conv2D weights need. tfjs throws for a missing kernel rather
 * than computing something else, and {@link withBackendFor} / {@link withKernelFallback} turn
 * that into a run on cpu or an error that names the kernel and the backend.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { useWasmFastPaths } from './wasm-fast-paths';

/** Backends in order of preference. 'tensorflow' is the name tfjs-node registers. */
export const BACKEND_PREFERENCE = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_PREFERENCE)[number];

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why the backend could not be used. */
  reason?: string;
}

export interface BackendReport {
  /** The backend now active. */
  active: string;
  /** What was tried, in order. */
  attempts: BackendAttempt[];
}

/** The directory holding the WASM backend's `.wasm` files (with a trailing separator). */
export function wasmDistDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

/** True if `require.resolve` finds the package (without loading it). */
function resolvable(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

let wasmRegistered = false;

/** Registers the WASM backend (once) with its files served from the package's dist dir, and tslit's faster matmul and tile paths over its kernels (see wasm-fast-paths). */
function registerWasm(): void {
  if (wasmRegistered) return;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmDistDir());
  useWasmFastPaths();
  wasmRegistered = true;
}

/** Makes the backend loadable (requires its package); throws with the reason if it cannot be. */
function prepare(name: BackendName): void {
  if (name === 'tensorflow') {
    if (!resolvable('@tensorflow/tfjs-node')) throw new Error('@tensorflow/tfjs-node is not installed');
    require('@tensorflow/tfjs-node');
  } else if (name === 'wasm') {
    registerWasm();
  }
}

/**
 * Switches tfjs to `name`, loading its package if needed. Rejects with a clear message when
 * the backend cannot be loaded or initialised.
 */
export async function useBackend(name: BackendName): Promise<void> {
  try {
    prepare(name);
  } catch (e) {
    throw new Error(`backend '${name}' cannot be loaded: ${(e as Error).message}`);
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`backend '${name}' failed to initialise (active backend: '${tf.getBackend()}')`);
  }
}

/** Backends that this process could load, judged without loading them (for parametrised tests). */
export function installedBackends(): BackendName[] {
  const out: BackendName[] = [];
  if (resolvable('@tensorflow/tfjs-node')) out.push('tensorflow');
  if (resolvable('@tensorflow/tfjs-backend-wasm')) out.push('wasm');
  out.push('cpu');
  return out;
}

let chosen: Promise<BackendReport> | undefined;

/**
 * Chooses the best backend that loads (tfjs-node, else WASM, else cpu) and reports what was
 * tried. Idempotent: later calls return the first call's report.
 */
export function initBackend(preference: readonly BackendName[] = preferenceFromEnv()): Promise<BackendReport> {
  if (chosen === undefined) {
    // tfjs's "install tfjs-node" banner is printed on the cpu backend's first use, which also
    // happens when a kernel WASM lacks runs on cpu; in a notebook it shows as a red stderr box.
    if (tf.env().getBool('IS_NODE')) tf.env().set('PROD', true);
    chosen = chooseBackend(preference);
  }
  return chosen;
}

/** TSLIT_BACKEND ('tensorflow', 'wasm' or 'cpu') pins the backend, e.g. for test matrices. */
export function preferenceFromEnv(): readonly BackendName[] {
  const pinned = process.env.TSLIT_BACKEND;
  if (pinned === undefined || pinned === '') return BACKEND_PREFERENCE;
  if (!(BACKEND_PREFERENCE as readonly string[]).includes(pinned)) {
    throw new Error(`TSLIT_BACKEND=${pinned}: expected one of ${BACKEND_PREFERENCE.join(', ')}`);
  }
  return [pinned as BackendName];
}

/** Tries the backends in order and keeps the first that initialises (not memoised). */
export async function chooseBackend(preference: readonly BackendName[] = BACKEND_PREFERENCE): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  for (const name of preference) {
    try {
      await useBackend(name);
      attempts.push({ name, ok: true });
      // cpu is always initialised too, so switching to it for missing kernels is synchronous.
      if (name !== 'cpu') await ensureInitialised('cpu');
      return { active: tf.getBackend(), attempts };
    } catch (e) {
      attempts.push({ name, ok: false, reason: (e as Error).message });
    }
  }
  throw new Error(`no tfjs backend could be initialised: ${attempts.map((a) => `${a.name}: ${a.reason}`).join('; ')}`);
}

/** Initialises `name` without leaving it active. */
async function ensureInitialised(name: BackendName): Promise<void> {
  if (tf.engine().registryFactory[name] === undefined) prepare(name);
  const current = tf.getBackend();
  if (current === name) return;
  await tf.setBackend(name);
  await tf.setBackend(current);
}

/** The name of the active tfjs backend ('tensorflow', 'wasm' or 'cpu'). */
export function activeBackend(): string {
  return tf.getBackend();
}

/** A one-line description of the active backend, for the kernel's startup banner. */
export function describeBackend(report?: BackendReport): string {
  const tried = report?.attempts.filter((a) => !a.ok).map((a) => `${a.name} unavailable: ${a.reason}`) ?? [];
  return `tslit: tfjs ${tf.version.tfjs} on backend '${activeBackend()}'` + (tried.length ? ` (${tried.join('; ')})` : '');
}

/** Thrown when no initialised backend has a kernel the computation needs. */
export class MissingKernelError extends Error {
  constructor(readonly kernel: string, readonly backend: string, detail = '') {
    super(`tfjs kernel '${kernel}' is not available on backend '${backend}'${detail}`);
    this.name = 'MissingKernelError';
  }
}

/** The kernels of `kernels` that `backend` (default: the active one) does not register. */
export function missingKernels(kernels: readonly string[], backend: string = tf.getBackend()): string[] {
  return kernels.filter((k) => tf.getKernel(k, backend) === undefined);
}

/** Switches synchronously to an already-initialised backend, runs `fn`, and switches back. */
function runOn<T>(backend: string, fn: () => T): T {
  const previous = tf.getBackend();
  if (previous === backend) return fn();
  if (tf.engine().registry[backend] === undefined) {
    throw new Error(`backend '${backend}' is not initialised; call initBackend() first`);
  }
  void tf.setBackend(backend); // synchronous for an initialised backend; checked below
  if (tf.getBackend() !== backend) throw new Error(`could not switch to backend '${backend}'`);
  try {
    return fn();
  } finally {
    void tf.setBackend(previous);
  }
}

/**
 * Runs `fn` (synchronous, e.g. a `tf.grad` inside `tf.tidy`) on the active backend if it has
 * all of `kernels`, else on cpu for the duration of the call. Throws {@link MissingKernelError}
 * naming the kernel if neither has it. Tensors returned live on the backend that made them;
 * tfjs moves their data when another backend reads them.
 */
export function withBackendFor<T>(kernels: readonly string[], fn: () => T): T {
  const active = tf.getBackend();
  const missing = missingKernels(kernels, active);
  if (missing.length === 0) return fn();
  const onCpu = missingKernels(kernels, 'cpu');
  if (onCpu.length > 0) throw new MissingKernelError(onCpu[0], active, ' nor on cpu');
  return runOn('cpu', fn);
}

/**
 * tfjs keeps the tensors a gradient tape saved for the backward pass (they escape `tidy`) and
 * frees them only when the backward pass completes; a kernel error mid-way leaks them. This
 * frees them so a failed attempt leaves `tf.memory().numTensors` where it was.
 */
function disposeAbandonedTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || state.activeTape == null) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null as unknown as typeof state.activeTape;
}

const MISSING_KERNEL = /Kernel '([^']+)' not registered for backend '([^']+)'/;

/**
 * Runs `fn`; if tfjs reports a kernel missing on the active backend, runs it again on cpu
 * (so `fn` must be pure, repeatable, and wrap its work in `tf.tidy` so a failed attempt leaves
 * nothing behind). If cpu lacks it too, throws {@link MissingKernelError}.
 */
export function withKernelFallback<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const m = MISSING_KERNEL.exec((e as Error).message ?? '');
    if (m === null) throw e;
    const [, kernel, backend] = m;
    disposeAbandonedTape();
    if (backend === 'cpu' || tf.getKernel(kernel, 'cpu') === undefined) throw new MissingKernelError(kernel, backend, ' nor on cpu');
    return runOn('cpu', fn);
  }
}
