/**
 * What scripts/install-check.mjs prepared for these tests: the packed tarball, the wheel, the
 * project folder outside the repository and the JupyterLab environments it installed them in.
 */
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface LabEnvironment {
  prefix: string;
  python: string;
  jupyter: string;
  /** JupyterLab's version there, e.g. "4.4.0". */
  jupyterlab: string;
  /** What `npx tslit install --prefix <it>` printed from the project folder. */
  kernelInstall: { stdout: string; stderr: string };
}

export interface InstallManifest {
  version: string;
  tarball: { file: string; size: number; unpackedSize: number; files: string[] };
  wheel: string;
  /** The user's project folder: only the tarball installed, outside the repository. */
  project: string;
  labs: { oldest: LabEnvironment; newest: LabEnvironment };
  /** Environments holding only package metadata: JupyterLab 3.6.8; JupyterLab 4 without jupyterlab_widgets. */
  badEnvironments: { lab3: string; noWidgets: string };
}

export const REPO = path.resolve(__dirname, '..', '..');

export function manifest(): InstallManifest {
  const file = process.env.TSLIT_INSTALL_MANIFEST ?? path.join(REPO, '.test-results', 'install', 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run the install check with \`node scripts/install-check.mjs\` (it prepares the environments, then runs these tests)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as InstallManifest;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): Run {
  const proc = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600000, ...options });
  return { status: proc.status, stdout: String(proc.stdout ?? ''), stderr: String(proc.stderr ?? '') };
}

export interface NotebookRun {
  error: string | null;
  cells: { stdout: string; errors: string[]; mime: string[] }[];
  implementation_version: string;
  language: string;
  widget_models: string[];
  /** `_model_module_version` of the tslit widgets the run stored. */
  tslit_module_versions: string[];
}

/** Runs `notebook` (in the project folder) headless with nbclient from `python`'s environment. */
export function runNotebook(python: string, project: string, notebook: string, env: NodeJS.ProcessEnv = {}): Run & { result?: NotebookRun } {
  const proc = run(python, [path.join(REPO, 'test', 'install', 'run_notebook.py'), notebook], { cwd: project, env: { ...process.env, ...env } });
  const last = proc.stdout.trim().split('\n').pop() ?? '';
  return { ...proc, result: proc.status === 0 ? (JSON.parse(last) as NotebookRun) : undefined };
}
