/**
 * `onnxModel(pathOrBytes, options)`: an ONNX file (or its bytes) as a tslit model.
 *
 * Notes: without options, a path's directory must hold a `tslit.json` with the text model's
 * tokenizer settings (as models/spam-onnx does, written by its training script). The session
 * is released again when the options do not fit it, so nothing stays half-loaded.
 */
import { existsSync, readFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import { wordTokenizer } from '../tokenizers/vocabulary-tokenizer';
import { OnnxModel } from './onnx-model';
import type { AdapterOptions } from '../adapters/batched-adapter';
import type { OnnxModelOptions, OnnxTextOptions } from './options';
import { loadSession } from './session';

/** tslit.json beside an ONNX text classifier. */
interface OnnxTextSettings {
  name?: string;
  classes: string[];
  textField?: string;
  embeddingRows?: number;
  tokenizer: { kind: 'word'; pattern?: string; lowercase?: boolean; padId?: number; unknownId?: number; maxLength?: number; vocabulary: string[] };
}

/** The text options a model's tslit.json describes. */
export function onnxSettingsOptions(dir: string): OnnxTextOptions & AdapterOptions & { name: string } {
  const file = join(dir, 'tslit.json');
  if (!existsSync(file)) throw new Error(`ONNX model in ${dir}: no options given and no tslit.json beside it to read them from`);
  const s = JSON.parse(readFileSync(file, 'utf8')) as OnnxTextSettings;
  if (s.tokenizer?.kind !== 'word' || !Array.isArray(s.classes)) throw new Error(`${file}: expected a word tokenizer and classes`);
  const t = s.tokenizer;
  return {
    kind: 'text', name: s.name ?? basename(dir), classes: s.classes, textField: s.textField, embeddingRows: s.embeddingRows, maxLength: t.maxLength,
    tokenizer: wordTokenizer({ vocabulary: t.vocabulary, pattern: t.pattern, lowercase: t.lowercase, padId: t.padId, unknownId: t.unknownId }),
  };
}

/** Loads the ONNX model and binds it to the options (or its tslit.json); errors name the model and what did not fit. */
export async function onnxModel(pathOrBytes: string | Uint8Array, options?: OnnxModelOptions): Promise<OnnxModel> {
  if (options === undefined && typeof pathOrBytes !== 'string') throw new Error('onnxModel: ONNX bytes need options (kind, tokenizer or features, classes)');
  const opts = options ?? onnxSettingsOptions(dirname(pathOrBytes as string));
  const name = opts.name ?? (typeof pathOrBytes === 'string' ? basename(pathOrBytes).replace(/\.onnx$/, '') : 'onnx-model');
  const session = await loadSession(pathOrBytes, name);
  try {
    return new OnnxModel(session, name, opts);
  } catch (e) {
    await session.release();
    throw e;
  }
}
