/**
 * Loading an example model directory (`model.json`, weights, `tslit.json`) into the adapter
 * its metadata calls for.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from './metadata';
import type { AdapterOptions } from './adapters/batched-adapter';
import type { MetadataAdapter } from './adapters/metadata-adapter';
import { ImageModelAdapter } from './adapters/image-adapter';
import { TabularModelAdapter } from './adapters/tabular-adapter';
import { TextModelAdapter } from './adapters/text-adapter';
import { loadKerasLayersModel } from './keras/load-keras';
import { initBackend } from './backend';

export const METADATA_JSON = 'tslit.json';

/** Reads and checks `dir/tslit.json`; throws naming the missing or wrong entry. */
export async function readMetadata(dir: string): Promise<ModelMetadata> {
  const file = path.join(dir, METADATA_JSON);
  let meta: ModelMetadata;
  try {
    meta = JSON.parse(await fs.promises.readFile(file, 'utf8')) as ModelMetadata;
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  for (const key of ['name', 'task', 'inputSpec', 'outputSpec'] as const) {
    if (meta[key] === undefined) throw new Error(`${file} has no '${key}'`);
  }
  if (meta.task !== 'multiclass' && meta.task !== 'regression') throw new Error(`${file}: task must be 'multiclass' or 'regression', got ${JSON.stringify(meta.task)}`);
  const sections = (['text', 'tabular', 'image'] as const).filter((k) => meta[k] !== undefined);
  if (sections.length !== 1) throw new Error(`${file} needs exactly one of text, tabular or image; has ${sections.length ? sections.join(', ') : 'none'}`);
  const tokenizer = meta.text?.tokenizer;
  // A tokenizer.json named by tslit.json sits beside it.
  if (tokenizer?.kind === 'huggingface' && typeof tokenizer.file === 'string') meta.text = { ...meta.text!, tokenizer: { ...tokenizer, file: path.resolve(dir, tokenizer.file) } };
  return meta;
}

/** The adapter for a loaded LayersModel and its metadata. */
export function adapterFromMetadata(model: tf.LayersModel, metadata: ModelMetadata, options?: AdapterOptions): MetadataAdapter {
  if (metadata.text) return new TextModelAdapter(model, metadata, options);
  if (metadata.tabular) return new TabularModelAdapter(model, metadata, options);
  if (metadata.image) return new ImageModelAdapter(model, metadata, options);
  throw new Error(`tslit.json of '${metadata.name}' has no text, tabular or image section`);
}

/**
 * A graph model (a SavedModel as `tslit convert` writes it) has no layers for these adapters:
 * refuse it naming what loads it, rather than tfjs-layers' "Improper config format" over the whole graph.
 */
async function refuseGraphModel(dir: string): Promise<void> {
  const file = path.join(dir, 'model.json');
  let format: unknown;
  try {
    format = (JSON.parse(await fs.promises.readFile(file, 'utf8')) as { format?: unknown }).format;
  } catch {
    return; // the layers loader says what is wrong with the file
  }
  if (format === 'graph-model') {
    throw new Error(`${file} is a tfjs graph model (a converted SavedModel); loadModel loads layers models. Load it with loadGraphModelFromDir(${JSON.stringify(dir)}) and give graphModelAdapter(graph, { inputSpec, outputSpec, toTensor }) its specs and input encoding (docs/convert.md)`);
  }
}

/** Loads `dir` (model.json + weights + tslit.json) as a differentiable adapter. */
export async function loadModel(dir: string, options?: AdapterOptions): Promise<MetadataAdapter> {
  await initBackend();
  const metadata = await readMetadata(dir);
  await refuseGraphModel(dir);
  // Keras 3 and Keras 2 models as tensorflowjs_converter writes them load too (src/model/keras).
  const model = await loadKerasLayersModel(dir);
  try {
    return adapterFromMetadata(model, metadata, options);
  } catch (e) {
    model.dispose();
    throw e;
  }
}
