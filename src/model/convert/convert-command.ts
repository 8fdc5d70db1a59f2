/**
 * `tslit convert MODEL OUT_DIR [--python PY] [--tslit-json FILE]`: runs tensorflowjs 4.22's
 * converter in tslit's Python environment (.venv-convert, made on first use by
 * scripts/convert/venv.mjs) — a Keras `.keras` / `.h5` file to a layers model, a SavedModel
 * directory to a graph model — then checks that the result loads in tfjs (a Keras 3 layers
 * model through src/model/keras) and writes OUT_DIR/tslit.json from `--tslit-json` or from a
 * `tslit.json` beside the model.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadGraphModelFromDir } from '../io/file-system';
import { loadKerasLayersModel } from '../keras/load-keras';

export const CONVERT_USAGE = 'tslit convert MODEL.keras|MODEL.h5|SAVEDMODEL_DIR OUT_DIR [--python PATH] [--tslit-json FILE]';

/** The package root (lib/model/convert or src/model/convert → three up). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface ConvertArgs {
  input: string;
  out: string;
  python?: string;
  tslitJson?: string;
}

export function parseConvertArgs(args: readonly string[]): ConvertArgs {
  const positional: string[] = [];
  const parsed: Partial<ConvertArgs> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--python' || a === '--tslit-json') {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value\nusage: ${CONVERT_USAGE}`);
      if (a === '--python') parsed.python = v;
      else parsed.tslitJson = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}\nusage: ${CONVERT_USAGE}`);
    else positional.push(a);
  }
  if (positional.length !== 2) throw new Error(`usage: ${CONVERT_USAGE}`);
  return { ...parsed, input: positional[0], out: positional[1] };
}

/** What the converter is asked for: Keras files → layers model, a SavedModel → graph model. */
export function converterFormats(input: string): string[] {
  if (fs.existsSync(input) && fs.statSync(input).isDirectory()) {
    if (!fs.existsSync(path.join(input, 'saved_model.pb'))) throw new Error(`${input} is a directory without saved_model.pb: not a SavedModel`);
    return ['--input_format', 'tf_saved_model', '--output_format', 'tfjs_graph_model'];
  }
  if (input.endsWith('.keras')) return ['--input_format', 'keras_keras', '--output_format', 'tfjs_layers_model'];
  if (input.endsWith('.h5') || input.endsWith('.hdf5')) return ['--input_format', 'keras', '--output_format', 'tfjs_layers_model'];
  throw new Error(`${input}: expected a .keras or .h5 file or a SavedModel directory`);
}

/** The Python to run the converter with: `--python`, else .venv-convert made or brought up to date. */
function converterPython(given: string | undefined): string {
  const maker = path.join(ROOT, 'scripts', 'convert', 'venv.mjs');
  if (!fs.existsSync(maker)) throw new Error(`tslit convert needs scripts/convert/ and python/requirements-convert.txt, which this installation of tslit (${ROOT}) does not have: run it from a tslit checkout`);
  if (given) return given;
  execFileSync(process.execPath, [maker], { stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(ROOT, '.venv-convert', 'bin', 'python');
}

/** Converts, checks the output loads, writes tslit.json; returns what it wrote. */
export async function convertModel(args: ConvertArgs): Promise<{ kind: 'layers' | 'graph'; tslitJson: boolean }> {
  if (!fs.existsSync(args.input)) throw new Error(`tslit convert: ${args.input} does not exist`);
  const formats = converterFormats(args.input);
  const python = converterPython(args.python);
  fs.mkdirSync(args.out, { recursive: true });
  const wrapper = path.join(ROOT, 'scripts', 'convert', 'tfjs_converter.py');
  try {
    execFileSync(python, [wrapper, ...formats, args.input, args.out], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    const tail = (err.stderr?.toString() ?? err.message).trim().split('\n').slice(-6).join('\n');
    throw new Error(`tensorflowjs_converter failed on ${args.input}:\n${tail}`);
  }
  const kind = formats.includes('tfjs_graph_model') ? 'graph' : 'layers';
  const model = kind === 'graph' ? await loadGraphModelFromDir(args.out) : await loadKerasLayersModel(args.out);
  model.dispose();
  const source = args.tslitJson ?? path.join(fs.statSync(args.input).isDirectory() ? args.input : path.dirname(args.input), 'tslit.json');
  const tslitJson = fs.existsSync(source);
  if (tslitJson) fs.copyFileSync(source, path.join(args.out, 'tslit.json'));
  else if (args.tslitJson) throw new Error(`--tslit-json ${args.tslitJson} does not exist`);
  return { kind, tslitJson };
}

export async function convertCommand(args: readonly string[]): Promise<void> {
  const parsed = parseConvertArgs(args);
  const { kind, tslitJson } = await convertModel(parsed);
  process.stdout.write(`Converted ${parsed.input} to a tfjs ${kind} model in ${parsed.out}${tslitJson ? ' with its tslit.json' : ' (no tslit.json: give --tslit-json to load it with loadModel)'}\n`);
}
