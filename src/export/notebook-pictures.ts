/**
 * `tslit pictures NOTEBOOK.ipynb [--out FILE]`: makes a notebook executed outside JupyterLab
 * (nbclient, `jupyter nbconvert --execute`, papermill) readable without tslit, as the lab
 * extension does on save: each tslit model in the stored widget state becomes an HTML widget
 * with the view's static picture (src/core/static/saved-state.ts says why that is needed).
 *
 * Pictures are drawn from the stored state itself, which nbclient keeps up to date with every
 * update the kernel sent (binary fields come base64-encoded; tslit's are Float32Arrays); a view
 * whose state draws nothing falls back to the picture its output carried when displayed.
 * Everything else in the notebook is left as it was; the file is replaced only once the new
 * text is complete.
 */
import * as fs from 'fs';
import * as path from 'path';
import { staticPictureOrChildren } from '../core/static/pictures';
import { WIDGET_STATE_MIME, isSavedWidgetState, outputPictures, withStaticPictures, type SavedModelEntry } from '../core/static/saved-state';
import { WIDGET_MODULE } from '../core/widget-module';

export const PICTURES_USAGE = 'usage: tslit pictures NOTEBOOK.ipynb [--out FILE]';

interface StoredBuffer { path?: unknown; data?: unknown; encoding?: unknown }
interface NotebookJson { cells?: unknown; metadata?: { widgets?: Record<string, unknown> } }

/** `container` with `value` at `at`, copying the arrays and objects along the way; null when the path does not resolve. */
function withValueAt(container: unknown, at: readonly unknown[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [key, ...rest] = at;
  if (Array.isArray(container) && typeof key === 'number' && key >= 0 && key < container.length) {
    const inner = withValueAt(container[key], rest, value);
    if (inner === null) return null;
    const copy = container.slice();
    copy[key] = inner;
    return copy;
  }
  if (container && typeof container === 'object' && !Array.isArray(container) && typeof key === 'string') {
    const record = container as Record<string, unknown>;
    const inner = rest.length === 0 ? value : withValueAt(record[key], rest, value);
    return inner === null ? null : { ...record, [key]: inner };
  }
  return null;
}

/**
 * A stored entry's state with its base64 buffers put back at their paths (top level, or inside
 * lists of results) as Float32Arrays; a buffer whose path does not resolve is left out.
 */
export function stateWithBuffers(entry: SavedModelEntry): Record<string, unknown> {
  let state: Record<string, unknown> = { ...entry.state };
  for (const buffer of (Array.isArray(entry.buffers) ? entry.buffers : []) as StoredBuffer[]) {
    const at = buffer?.path;
    if (!Array.isArray(at) || at.length === 0 || typeof buffer.data !== 'string' || buffer.encoding !== 'base64') continue;
    const bytes = Buffer.from(buffer.data, 'base64');
    if (bytes.byteLength % 4 !== 0) continue;
    const aligned = new Uint8Array(bytes.byteLength);
    aligned.set(bytes);
    const placed = withValueAt(state, at, new Float32Array(aligned.buffer));
    if (placed !== null) state = placed as Record<string, unknown>;
  }
  return state;
}

/** The picture of a stored model: its own, or (a workspace) its children's. */
function storedPicture(entry: SavedModelEntry, all: Record<string, SavedModelEntry>, depth = 0): string | null {
  const state = stateWithBuffers(entry);
  return staticPictureOrChildren(entry.model_name, (key) => state[key], (ref) => {
    const child = depth <= 2 && typeof ref === 'string' && ref.startsWith('IPY_MODEL_') ? all[ref.slice('IPY_MODEL_'.length)] : undefined;
    return child?.model_module === WIDGET_MODULE ? storedPicture(child, all, depth + 1) : null;
  });
}

/**
 * The notebook JSON with tslit's stored widget state turned into pictures, and how many models
 * were replaced (0: nothing to do, the notebook is returned as it was).
 */
export function notebookWithPictures(notebook: unknown, where = 'notebook'): { notebook: unknown; replaced: number } {
  const nb = notebook as NotebookJson;
  if (!nb || typeof nb !== 'object' || !Array.isArray(nb.cells)) throw new Error(`${where} is not a notebook (no cells list)`);
  const widgets = nb.metadata?.widgets;
  const saved = widgets?.[WIDGET_STATE_MIME];
  if (saved === undefined) return { notebook, replaced: 0 };
  if (!isSavedWidgetState(saved)) throw new Error(`${where}: metadata.widgets["${WIDGET_STATE_MIME}"] has no state object`);
  let fromOutputs: Map<string, string> | undefined;
  let replaced = 0;
  const rewritten = withStaticPictures(saved, WIDGET_MODULE, (id, entry) => {
    replaced++;
    const picture = storedPicture(entry, saved.state);
    if (picture !== null) return picture;
    fromOutputs ??= outputPictures(nb.cells as []);
    return fromOutputs.get(id) ?? null;
  });
  if (!rewritten) return { notebook, replaced: 0 };
  return { notebook: { ...nb, metadata: { ...nb.metadata, widgets: { ...widgets, [WIDGET_STATE_MIME]: rewritten } } }, replaced };
}

/** Parses the command's arguments; throws with the usage on anything else. */
export function parsePicturesArgs(argv: readonly string[]): { notebook: string; out: string } {
  let notebook: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' || arg.startsWith('--out=')) {
      out = arg === '--out' ? argv[++i] : arg.slice('--out='.length);
      if (!out) throw new Error(`--out needs a file\n${PICTURES_USAGE}`);
    } else if (arg.startsWith('-') || notebook !== undefined) {
      throw new Error(`unexpected argument ${arg}\n${PICTURES_USAGE}`);
    } else {
      notebook = arg;
    }
  }
  if (!notebook) throw new Error(PICTURES_USAGE);
  return { notebook, out: out ?? notebook };
}

/** The command: reads, rewrites and writes (through a temporary file beside the target). */
export function picturesCommand(argv: readonly string[]): void {
  const { notebook, out } = parsePicturesArgs(argv);
  let text: string;
  try {
    text = fs.readFileSync(notebook, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${notebook}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${notebook} is not JSON: ${(e as Error).message}`);
  }
  const { notebook: result, replaced } = notebookWithPictures(json, notebook);
  if (replaced === 0 && out === notebook) {
    process.stdout.write(`${notebook}: no tslit widget state, left as it was\n`);
    return;
  }
  const temporary = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.tslit-${process.pid}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(result, null, 1) + '\n');
  fs.renameSync(temporary, out);
  process.stdout.write(`${out}: ${replaced} tslit view(s) stored as pictures\n`);
}
