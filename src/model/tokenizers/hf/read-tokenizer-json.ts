/**
 * A Hugging Face tokenizer.json read from a path (a file, or a folder holding tokenizer.json)
 * or taken as the parsed object, checked for the fields tslit relies on before the library
 * sees it, so a bad file fails naming the file and the field.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';
import type { ModelType } from './model-tokens';

export type TokenizerJson = Record<string, unknown>;

export interface ReadTokenizerJson {
  json: TokenizerJson;
  /** Where it came from, for errors: the file's path, or 'tokenizer.json (object)'. */
  source: string;
  modelType: ModelType;
}

const MODEL_TYPES: readonly ModelType[] = ['WordPiece', 'BPE', 'Unigram'];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readPath(path: string): { json: unknown; source: string } {
  let file = resolve(path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'tokenizer.json');
  if (!existsSync(file)) throw new Error(`hfTokenizer: no tokenizer.json at '${file}'`);
  const text = readFileSync(file, 'utf8');
  try {
    return { json: JSON.parse(text), source: file };
  } catch (e) {
    throw new Error(`hfTokenizer: '${file}' is not valid JSON (${(e as Error).message})`);
  }
}

/** Reads and checks a tokenizer.json; throws naming the file (or the object) and the field. */
export function readTokenizerJson(jsonOrPath: string | TokenizerJson): ReadTokenizerJson {
  const { json, source } = typeof jsonOrPath === 'string' ? readPath(jsonOrPath) : { json: jsonOrPath as unknown, source: 'tokenizer.json (object)' };
  const fail = (message: string): never => {
    throw new Error(`hfTokenizer: ${source}: ${message}`);
  };
  if (!isObject(json)) return fail(`expected a JSON object, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`);
  const model = json.model;
  if (!isObject(model)) return fail(`field 'model' is missing or not an object (expected the model: WordPiece, BPE or Unigram)`);
  const type = model.type;
  if (typeof type !== 'string') return fail(`field 'model.type' is missing (expected one of ${MODEL_TYPES.join(', ')})`);
  if (!MODEL_TYPES.includes(type as ModelType)) return fail(`model.type '${type}' is not supported (expected one of ${MODEL_TYPES.join(', ')})`);
  const vocab = model.vocab;
  if (type === 'Unigram' ? !Array.isArray(vocab) : !isObject(vocab)) return fail(`field 'model.vocab' is missing or not ${type === 'Unigram' ? 'an array of [piece, score]' : 'an object of token → id'}`);
  if (type === 'BPE' && !Array.isArray(model.merges)) return fail(`field 'model.merges' is missing or not an array`);
  if (json.added_tokens !== undefined && !Array.isArray(json.added_tokens)) return fail(`field 'added_tokens' is not an array`);
  for (const [i, t] of ((json.added_tokens as unknown[] | undefined) ?? []).entries()) {
    if (!isObject(t) || typeof t.content !== 'string' || !Number.isInteger(t.id)) fail(`added_tokens[${i}] needs a string 'content' and an integer 'id', got ${JSON.stringify(t)}`);
  }
  // The library requires these keys to be present; absent means none.
  const filled: TokenizerJson = { normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, added_tokens: [], ...json };
  return { json: filled, source, modelType: type as ModelType };
}
