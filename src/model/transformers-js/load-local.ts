/**
 * Loads a transformers.js tokenizer and sequence classifier from a local folder, never from
 * the Hub.
 *
 * Notes:
 * - transformers.js reads its global `env` when it resolves each file: remote models are
 *   switched off (`allowRemoteModels = false`, and `local_files_only` on every call), its file
 *   cache too (a cached file of another model with the same folder name would be served), and
 *   `localModelPath` is the folder's parent with the folder's name as the model id. Loads are
 *   queued one at a time so two folders with different parents cannot swap paths mid-load.
 * - The library is required only here, when a model is loaded, so importing tslit does not
 *   load onnxruntime-node.
 */
import { basename, dirname } from 'path';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import type { TransformersDtype } from './local-folder';
import { requireOptionalPeer } from '../optional-peer';

type Library = typeof import('@huggingface/transformers');

export interface LoadedPipeline {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  /** The library's Tensor class, for the feeds. */
  Tensor: Library['Tensor'];
}

let queue: Promise<unknown> = Promise.resolve();

/** The library with its environment set for local files only. */
export function localOnlyLibrary(): Library {
  const lib = requireOptionalPeer<Library>('@huggingface/transformers', 'transformersModel (transformers.js folders)', () => require('@huggingface/transformers'));
  lib.env.allowRemoteModels = false;
  lib.env.allowLocalModels = true;
  lib.env.useFSCache = false;
  lib.env.useBrowserCache = false;
  return lib;
}

/** Loads the tokenizer and the model of the (already checked) folder `dir`. */
export function loadLocal(dir: string, dtype: TransformersDtype): Promise<LoadedPipeline> {
  const run = async (): Promise<LoadedPipeline> => {
    const lib = localOnlyLibrary();
    lib.env.localModelPath = dirname(dir);
    const id = basename(dir);
    const options = { local_files_only: true } as const;
    const tokenizer = await lib.AutoTokenizer.from_pretrained(id, options);
    const model = await lib.AutoModelForSequenceClassification.from_pretrained(id, { ...options, dtype, device: 'cpu' });
    return { tokenizer, model, Tensor: lib.Tensor };
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next.catch((e: Error) => {
    throw new Error(`transformers.js model folder '${dir}' could not be loaded: ${e.message}`);
  });
}
