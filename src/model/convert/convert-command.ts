/**
 * `tslit convert MODEL OUT_DIR [--python PY] [--tslit-json FILE]`: runs tensorflowjs 4.22's
 * converter in tslit's Python environment (made on first use by scripts/convert/venv.mjs, see
 * python-steps.ts) — a Keras `.keras` / `.h5` file to a layers model, a SavedModel directory to a
 * graph model — puts back the vocabularies of adapted StringLookup / TextVectorization layers
 * (the converter drops them: vocabularies.ts), then checks that the result loads in tfjs (a Keras 3
 * layers model through src/model/keras) and writes OUT_DIR/tslit.json from `--tslit-json` or from
 * a `tslit.json` beside the model.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadGraphModelFromDir } from '../io/file-system';
import { loadKerasLayersModel } from '../keras/load-keras';
import { converterPython, runConvertScript } from './python-steps';
import { layersMissingVocabulary, withVocabularies, type FoundVocabulary } from './vocabularies';

export const CONVERT_USAGE = 'tslit convert MODEL.keras|MODEL.h5|SAVEDMODEL_DIR OUT_DIR [--python PATH] [--tslit-json FILE]';

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

/**
 * Runs the converter on `input` in a scratch folder: a `.keras` file is read from a copy there
 * (the converter unpacks the archive beside the file it reads: config.json, model.weights.h5,
 * assets/), and a layers model's adapted vocabularies are written there (tfjs_converter.py
 * `--tslit-vocabularies`, the same Python process); returns them, or undefined when the model has no string layer.
 */
function runConverter(python: string, formats: string[], input: string, out: string): FoundVocabulary[] | undefined {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-convert-'));
  try {
    const source = input.endsWith('.keras') ? path.join(scratch, path.basename(input)) : input;
    if (source !== input) fs.copyFileSync(input, source);
    const vocabularies = path.join(scratch, 'vocabularies.json');
    const own = formats.includes('tfjs_layers_model') ? ['--tslit-vocabularies', vocabularies] : [];
    runConvertScript(python, 'tfjs_converter.py', [...own, ...formats, source, out], `tensorflowjs_converter failed on ${input}`);
    return fs.existsSync(vocabularies) ? (JSON.parse(fs.readFileSync(vocabularies, 'utf8')) as FoundVocabulary[]) : undefined;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes the vocabularies of adapted string layers into OUT_DIR/model.json; returns the layers' paths. */
function restoreVocabularies(found: FoundVocabulary[] | undefined, input: string, out: string): string[] {
  const file = path.join(out, 'model.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { modelTopology: unknown };
  const missing = layersMissingVocabulary(json.modelTopology);
  if (missing.length === 0) return [];
  if (!found) throw new Error(`tslit convert: the vocabularies of ${missing.join(', ')} were not read from ${input}`);
  json.modelTopology = withVocabularies(json.modelTopology, found);
  fs.writeFileSync(file, JSON.stringify(json));
  return found.map((f) => f.path.join('/'));
}

/** Converts, checks the output loads, writes tslit.json; returns what it wrote. */
export async function convertModel(args: ConvertArgs): Promise<{ kind: 'layers' | 'graph'; tslitJson: boolean; vocabularies: string[] }> {
  if (!fs.existsSync(args.input)) throw new Error(`tslit convert: ${args.input} does not exist`);
  const formats = converterFormats(args.input);
  const python = converterPython(args.python);
  fs.mkdirSync(args.out, { recursive: true });
  const found = runConverter(python, formats, args.input, args.out);
  const kind = formats.includes('tfjs_graph_model') ? 'graph' : 'layers';
  const vocabularies = kind === 'layers' ? restoreVocabularies(found, args.input, args.out) : [];
  const model = kind === 'graph' ? await loadGraphModelFromDir(args.out) : await loadKerasLayersModel(args.out);
  model.dispose();
  const source = args.tslitJson ?? path.join(fs.statSync(args.input).isDirectory() ? args.input : path.dirname(args.input), 'tslit.json');
  const tslitJson = fs.existsSync(source);
  if (tslitJson) fs.copyFileSync(source, path.join(args.out, 'tslit.json'));
  else if (args.tslitJson) throw new Error(`--tslit-json ${args.tslitJson} does not exist`);
  return { kind, tslitJson, vocabularies };
}

export async function convertCommand(args: readonly string[]): Promise<void> {
  const parsed = parseConvertArgs(args);
  const { kind, tslitJson, vocabularies } = await convertModel(parsed);
  const restored = vocabularies.length ? `; adapted vocabularies of ${vocabularies.join(', ')} put back` : '';
  // loadModel reads layers models; a graph model is loaded with loadGraphModelFromDir and wrapped.
  const howToLoad = kind === 'graph'
    ? ` (a graph model: load it with loadGraphModelFromDir('${parsed.out}') and graphModelAdapter(graph, { inputSpec, outputSpec, toTensor }))`
    : tslitJson ? ' with its tslit.json' : ' (no tslit.json: give --tslit-json to load it with loadModel)';
  process.stdout.write(`Converted ${parsed.input} to a tfjs ${kind} model in ${parsed.out}${howToLoad}${restored}\n`);
}
