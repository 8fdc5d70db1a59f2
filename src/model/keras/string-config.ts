/**
 * The StringLookup / TextVectorization layers of a Keras model.json topology, and their
 * vocabularies carried through tfjs-layers' deserialization intact. Pure functions over JSON.
 *
 * Why the encoding: tfjs-layers turns every string of a config into camelCase before a layer
 * sees it (`convertPythonicToTs`: 'one_hot' → 'oneHot'), vocabulary tokens included — 'e_mail'
 * would become 'eMail'. So before a topology is deserialized each vocabulary list is replaced by
 * one base64 string of its JSON (base64 has no '_', and the key `vocabularyUtf8Base64` none either),
 * which the layers decode (string-layers.ts).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const STRING_LAYERS: ReadonlySet<string> = new Set(['StringLookup', 'TextVectorization']);
const MODEL_CLASSES = new Set(['Functional', 'Sequential', 'Model']);
/** The config key an encoded vocabulary travels under (unchanged by tfjs's camelCase). */
export const ENCODED_VOCABULARY = 'vocabularyUtf8Base64';

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The layer list of a (sub-)model entry: `config.layers`, or Keras 2's Sequential `config` list. */
function layersOf(model: JsonObject): JsonObject[] {
  const config = model.config;
  const layers = isObject(config) ? config.layers : config;
  return Array.isArray(layers) ? layers.filter(isObject) : [];
}

function nameOf(layer: JsonObject): string {
  return String(layer.name ?? (isObject(layer.config) ? layer.config.name : '?'));
}

/** Each StringLookup / TextVectorization layer entry of a topology with its path (sub-model names, then its own), depth first. */
export function stringLayerEntries(topology: unknown): Array<{ path: string[]; layer: JsonObject }> {
  if (!isObject(topology as Json)) return [];
  const t = topology as JsonObject;
  const walk = (model: JsonObject, path: string[]): Array<{ path: string[]; layer: JsonObject }> =>
    layersOf(model).flatMap((layer) => {
      const here = [...path, nameOf(layer)];
      if (MODEL_CLASSES.has(String(layer.class_name))) return walk(layer, here);
      return STRING_LAYERS.has(String(layer.class_name)) ? [{ path: here, layer }] : [];
    });
  return walk(isObject(t.model_config) ? t.model_config : t, []);
}

export function encodeVocabulary(vocabulary: readonly string[]): string {
  return Buffer.from(JSON.stringify(vocabulary), 'utf8').toString('base64');
}

export function decodeVocabulary(encoded: string): string[] {
  return (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as unknown[]).map(String);
}

/** A copy of `topology` whose string layers carry their vocabulary lists encoded (see above). */
export function withEncodedVocabularies<T>(topology: T): T {
  if (stringLayerEntries(topology).length === 0) return topology;
  const copy = JSON.parse(JSON.stringify(topology)) as T;
  for (const { layer } of stringLayerEntries(copy)) {
    const config = layer.config;
    if (!isObject(config) || !Array.isArray(config.vocabulary)) continue;
    config[ENCODED_VOCABULARY] = encodeVocabulary(config.vocabulary.map(String));
    delete config.vocabulary;
  }
  return copy;
}
