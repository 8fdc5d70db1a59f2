/**
 * The layer rules of ARCHITECTURE.md as data, and the check of one module reference against them.
 *
 * Notes: a layer is the first folder under `src/`; `src/index.ts` (the package entry) is
 * `entry`. A type-only reference obeys the same rules as any other: every layer may already
 * import `core`, and a type from another layer still couples the two (lab's views must not
 * learn the shape of a kernel-side class), so being erased at compile time earns no exemption.
 */
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as path from 'path';

export const LAYERS = ['core', 'kernel', 'model', 'explain', 'widgets', 'lab', 'export', 'examples', 'entry'] as const;
export type Layer = (typeof LAYERS)[number];

/** Which other layers each layer may import (its own is always allowed). */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: [],
  kernel: ['core'],
  model: ['core'],
  explain: ['model', 'core'],
  widgets: ['explain', 'model', 'kernel', 'core'],
  lab: ['core'],
  export: ['core'],
  examples: ['model', 'core'],
  // src/index.ts (the package) and src/cli.ts (the `tslit` command, which also runs `export`).
  entry: ['kernel', 'model', 'explain', 'widgets', 'examples', 'export', 'core'],
};

/** Kinds of npm/Node module a layer may be barred from. */
export type PackageKind = 'tfjs' | 'Node built-ins' | 'browser-only packages' | 'other packages';

/** Package kinds each layer may not import: core is pure; lab is bundled for the browser without tfjs; only lab sees the DOM. */
export const MAY_NOT_IMPORT_PACKAGES: Record<Layer, readonly PackageKind[]> = {
  core: ['tfjs', 'Node built-ins', 'browser-only packages'],
  kernel: ['tfjs', 'browser-only packages'],
  model: ['browser-only packages'],
  explain: ['browser-only packages'],
  widgets: ['browser-only packages'],
  lab: ['tfjs', 'Node built-ins'],
  export: ['tfjs', 'browser-only packages'],
  examples: ['browser-only packages'],
  entry: ['browser-only packages'],
};

const BROWSER_ONLY = [/^@jupyterlab\//, /^@jupyter-widgets\//, /^@lumino\//, /^plotly\.js/];

export function packageKind(specifier: string): PackageKind {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (builtinModules.includes(name) || builtinModules.includes(name.split('/')[0])) return 'Node built-ins';
  if (name.startsWith('@tensorflow/')) return 'tfjs';
  if (BROWSER_ONLY.some((re) => re.test(name))) return 'browser-only packages';
  return 'other packages';
}

/** The layer of a file or folder under `srcDir`, `undefined` outside it. */
export function layerOf(srcDir: string, target: string): Layer | 'unknown' | undefined {
  const rel = path.relative(srcDir, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const top = rel.split(path.sep)[0];
  const isFolder = top !== '' && fs.existsSync(path.join(srcDir, top)) && fs.statSync(path.join(srcDir, top)).isDirectory();
  if (!isFolder) return 'entry'; // `src` itself or a file at its top (index.ts)
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : 'unknown';
}

/**
 * Why `file` may not reference `specifier`, as `file:line: imports X (layer Y may not import Z)`,
 * or `undefined` when the reference is allowed.
 */
export function violation(srcDir: string, file: string, line: number, specifier: string | undefined): string | undefined {
  const where = `${path.relative(path.dirname(srcDir), file)}:${line}`;
  const from = layerOf(srcDir, file);
  if (from === undefined || from === 'unknown') return `${where}: is in no layer of ARCHITECTURE.md (add the folder to the rules)`;
  if (specifier === undefined) return `${where}: imports a computed module name (layer ${from} may not import what cannot be checked)`;
  if (!specifier.startsWith('.')) {
    const kind = packageKind(specifier);
    return MAY_NOT_IMPORT_PACKAGES[from].includes(kind) ? `${where}: imports ${specifier} (layer ${from} may not import ${kind})` : undefined;
  }
  const target = path.resolve(path.dirname(file), specifier);
  const to = layerOf(srcDir, target);
  if (to === undefined) {
    return path.basename(target) === 'package.json' ? undefined : `${where}: imports ${specifier} (layer ${from} may not import files outside src/)`;
  }
  if (to === 'unknown') return `${where}: imports ${specifier} (layer ${from} may not import a folder that is in no layer)`;
  if (to === from || MAY_IMPORT[from].includes(to)) return undefined;
  return `${where}: imports ${specifier} (layer ${from} may not import ${to})`;
}
