/**
 * Writing the `tslit` kernelspec (share/jupyter/kernels/tslit/kernel.json).
 *
 * Notes: interrupt_mode is "signal": a synchronous busy loop blocks Node's event loop, so an
 * interrupt_request message could not even be read until the loop ends, while SIGINT stops
 * it (tslab runs cells with `breakOnSigint`). The kernel also answers interrupt_request on
 * control, for clients that send one anyway. `--sys-prefix` asks the given Python (default
 * `python3` on PATH) for its `sys.prefix`, so that `--python .venv/bin/python` installs into
 * the virtual environment. kernel.json runs a small Python launcher (launcher.ts) that says
 * what to do when the Node.js or the tslit package it names is gone, then execs Node. Before
 * writing, the target environment is checked (install-checks.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkEnvironment, environmentVersions, prefixPython } from './install-checks';
import { LAUNCHER_FILE, LAUNCHER_SOURCE } from './launcher';
import { packageVersion } from './version';

export const KERNEL_NAME = 'tslit';

export interface InstallOptions {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
  /** Python whose sys.prefix `sysPrefix` uses; default `python3`. */
  python?: string;
  interruptMode?: 'signal' | 'message';
  /** Install even where the environment check refuses (JupyterLab out of range, no jupyterlab_widgets). */
  force?: boolean;
  /** Where warnings go (default stderr). */
  warn?: (message: string) => void;
}

export interface KernelSpecJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal' | 'message';
  metadata: Record<string, unknown>;
}

/** The absolute path of bin/tslit.js in this package. */
export function binPath(): string {
  return path.resolve(__dirname, '..', '..', 'bin', 'tslit.js');
}

/** kernel.json: Jupyter's own Python ("python3") runs the launcher, which execs this Node.js on bin/tslit.js. */
export function kernelSpec(interruptMode: 'signal' | 'message' = 'signal'): KernelSpecJson {
  return {
    argv: ['python3', `{resource_dir}/${LAUNCHER_FILE}`, process.execPath, binPath(), 'kernel', '{connection_file}'],
    display_name: 'TypeScript (tslit)',
    language: 'typescript',
    interrupt_mode: interruptMode,
    metadata: { debugger: false },
  };
}

/** Jupyter's per-user data directory, as `jupyter --data-dir` computes it. */
export function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'jupyter');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

/** `sys.prefix` of the given Python. */
export function pythonPrefix(python: string): string {
  try {
    return execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`--sys-prefix: cannot run ${python} to find its sys.prefix: ${(e as Error).message}`);
  }
}

/** The kernels directory chosen by the options (default: the user's). */
export function kernelsDir(options: InstallOptions): string {
  const chosen = [options.user, options.sysPrefix, options.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new Error('choose at most one of --user, --sys-prefix, --prefix');
  if (options.prefix !== undefined) return path.join(path.resolve(options.prefix), 'share', 'jupyter', 'kernels');
  if (options.sysPrefix) return path.join(pythonPrefix(options.python ?? 'python3'), 'share', 'jupyter', 'kernels');
  return path.join(userDataDir(), 'kernels');
}

/** The Python environment the options name (its prefix and Python), when one is known. */
function targetEnvironment(options: InstallOptions, kernels: string): { prefix: string; python: string } | undefined {
  if (options.prefix !== undefined) {
    const prefix = path.resolve(options.prefix);
    const python = options.python ?? prefixPython(prefix);
    return python ? { prefix, python } : undefined;
  }
  if (options.sysPrefix) return { prefix: path.dirname(path.dirname(path.dirname(kernels))), python: options.python ?? 'python3' };
  if (options.python) return { prefix: pythonPrefix(options.python), python: options.python };
  return undefined;
}

/** Checks the target environment, then writes kernel.json and the launcher; returns the kernel's directory. */
export function installKernelSpec(options: InstallOptions): string {
  const kernels = kernelsDir(options);
  const target = targetEnvironment(options, kernels);
  if (target) {
    const findings = checkEnvironment(target.prefix, environmentVersions(target.python), packageVersion());
    if (findings.errors.length > 0 && !options.force) throw new Error(`not installed:\n- ${findings.errors.join('\n- ')}\n(--force installs the kernelspec anyway)`);
    const warn = options.warn ?? ((m: string) => process.stderr.write(`tslit install: warning: ${m}\n`));
    for (const message of [...findings.errors, ...findings.warnings]) warn(message);
  }
  const dir = path.join(kernels, KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, LAUNCHER_FILE), LAUNCHER_SOURCE);
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(kernelSpec(options.interruptMode), null, 2) + '\n');
  return dir;
}
