/**
 * Adapted vocabularies put back into a converted model.json. An `adapt()`ed Keras StringLookup or
 * TextVectorization keeps its vocabulary outside its config (a .keras file's assets), so
 * tensorflowjs_converter writes `vocabulary: null` and tfjs cannot build the layer;
 * scripts/convert/keras_vocabularies.py reads each such layer's `get_vocabulary()` from the Keras
 * model and these pure functions write it into the layer's config, inside sub-models too.
 */
import { stringLayerEntries } from '../keras/string-config';

type JsonObject = { [key: string]: unknown };

/** One layer's vocabulary as keras_vocabularies.py prints it. */
export interface FoundVocabulary {
  /** The names of the sub-models holding the layer, then the layer's own name. */
  path: string[];
  class_name: string;
  output_mode: string | null;
  vocabulary: string[];
  idf_weights?: number[] | null;
}

/** Paths (`sub_model/layer`) of the string layers whose config holds no vocabulary list. */
export function layersMissingVocabulary(topology: unknown): string[] {
  return stringLayerEntries(topology)
    .filter(({ layer }) => !(isConfig(layer.config) && Array.isArray(layer.config.vocabulary)))
    .map(({ path }) => path.join('/'));
}

const isConfig = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A copy of `topology` with each found vocabulary (and tf_idf weights) in its layer's config.
 * Throws naming the layer when a found path is not a string layer of the topology.
 */
export function withVocabularies(topology: unknown, found: readonly FoundVocabulary[]): JsonObject {
  const copy = JSON.parse(JSON.stringify(topology)) as JsonObject;
  const layers = new Map(stringLayerEntries(copy).map(({ path, layer }) => [path.join('/'), layer]));
  for (const entry of found) {
    const key = entry.path.join('/');
    const layer = layers.get(key);
    if (!layer || !isConfig(layer.config)) throw new Error(`${entry.class_name} layer '${key}' of the Keras model is not in the converted model.json`);
    layer.config.vocabulary = entry.vocabulary;
    if (entry.idf_weights !== undefined) layer.config.idf_weights = entry.idf_weights;
  }
  return copy;
}
