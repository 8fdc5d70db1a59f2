/**
 * What a local transformers.js text classifier folder must hold, checked before anything is
 * loaded: `config.json` with the class names, `tokenizer.json`, `tokenizer_config.json` and
 * the ONNX graph of the chosen dtype (`onnx/model.onnx` for fp32, transformers.js's default on
 * Node's cpu device).
 *
 * Notes: transformers.js would otherwise report a missing file as a failed fetch deep in its
 * loader (or, with remote models allowed, go to the Hub); here the error names the folder and
 * the file, and nothing has been loaded yet.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';

/** File name suffixes transformers.js uses per dtype (DEFAULT_DTYPE_SUFFIX_MAPPING in its dist). */
const DTYPE_SUFFIX = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4' } as const;
export type TransformersDtype = keyof typeof DTYPE_SUFFIX;

export interface LocalFolder {
  /** Absolute path of the folder. */
  dir: string;
  /** Class names by index, from config.json `id2label`. */
  classes: string[];
  /** Tokens the model reads at most: the tokenizer's `model_max_length`, capped by `max_position_embeddings`. */
  maxLength: number;
  /** tokenizer.json, parsed (for the project's tokenizer over it). */
  tokenizerJson: Record<string, unknown>;
  /** config.json `model_type` (e.g. 'bert'). */
  modelType: string;
}

/** The ONNX file transformers.js loads for `dtype`, relative to the folder. */
export function onnxFileFor(dtype: TransformersDtype): string {
  return `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`;
}

function readJson(dir: string, file: string): Record<string, unknown> {
  const text = readFileSync(join(dir, file), 'utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (e) {
    throw new Error(`transformers.js model folder '${dir}': ${file} is not a JSON object (${(e as Error).message})`);
  }
}

/** Class names in id order from `id2label`; every id 0..n-1 once. */
function classesOf(dir: string, config: Record<string, unknown>): string[] {
  const raw = config.id2label;
  if (raw === null || typeof raw !== 'object') throw new Error(`transformers.js model folder '${dir}': config.json has no id2label (the class names)`);
  const entries = Object.entries(raw as Record<string, unknown>);
  const classes = new Array<string>(entries.length);
  for (const [id, label] of entries) {
    const i = Number(id);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof label !== 'string' || classes[i] !== undefined) {
      throw new Error(`transformers.js model folder '${dir}': config.json id2label must map ids 0..${entries.length - 1} to class names, got ${JSON.stringify(raw)}`);
    }
    classes[i] = label;
  }
  if (classes.length < 2) throw new Error(`transformers.js model folder '${dir}': config.json id2label names ${classes.length} class(es); a classifier needs two or more`);
  return classes;
}

/** Checks the folder and reads what the adapter needs from it; throws naming the folder and the missing file. */
export function readLocalFolder(localDir: string, dtype: TransformersDtype): LocalFolder {
  const dir = resolve(localDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`transformers.js model folder '${dir}' does not exist`);
  const needed = ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
  const missing = needed.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new Error(`transformers.js model folder '${dir}' has no ${missing.join(', ')} (a local model needs ${needed.join(', ')}; dtype '${dtype}')`);
  }
  const config = readJson(dir, 'config.json');
  const tokenizerConfig = readJson(dir, 'tokenizer_config.json');
  const positions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : Infinity;
  const declared = typeof tokenizerConfig.model_max_length === 'number' ? tokenizerConfig.model_max_length : Infinity;
  const maxLength = Math.min(positions, declared);
  if (!Number.isFinite(maxLength)) throw new Error(`transformers.js model folder '${dir}': neither config.json max_position_embeddings nor tokenizer_config.json model_max_length says how many tokens the model reads`);
  return {
    dir, classes: classesOf(dir, config), maxLength,
    tokenizerJson: readJson(dir, 'tokenizer.json'),
    modelType: typeof config.model_type === 'string' ? config.model_type : 'unknown',
  };
}
