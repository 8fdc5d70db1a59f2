/**
 * Keras 3's model.json topology (what tensorflowjs_converter 4.22 writes for a `.keras` file) read
 * into the Keras 2 form tfjs-layers 4.22 deserializes. Pure functions over JSON.
 *
 * Keras 3 differs where tfjs-layers reads: InputLayer has `batch_shape` (tfjs wants
 * `batch_input_shape`, else "An InputLayer should be passed either a `batchInputShape` or an
 * `inputShape`"); `dtype` is a DTypePolicy object, not a string; objects carry `module`,
 * `registered_name` and `shared_object_id`; a functional layer's `inbound_nodes` are
 * `{args, kwargs}` with `__keras_tensor__` references instead of `[[name, node, tensor, kwargs]]`;
 * `input_layers` / `output_layers` of a one-input model are one triple, not a list of them; a
 * masked Embedding's mask appears as a `NotEqual` operation passed as the next layer's `mask`
 * keyword (tfjs propagates masks itself, so that operation and the keyword are dropped).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The Keras model config inside a model.json `modelTopology` (`model_config`, or the topology itself). */
export function modelConfigOf(topology: unknown): JsonObject | undefined {
  if (!isObject(topology as Json)) return undefined;
  const t = topology as JsonObject;
  return isObject(t.model_config) ? t.model_config : isObject(t.config) ? t : undefined;
}

/** True when a model.json topology was written by Keras 3 (its version, or its config's shape). */
export function isKeras3Topology(topology: unknown): boolean {
  const t = topology as JsonObject | null;
  if (t && typeof t === 'object' && typeof t.keras_version === 'string') return t.keras_version.startsWith('3.');
  const layers = layersOf(modelConfigOf(topology));
  return layers.some((l) => isObject(l.config) && ('batch_shape' in l.config || isObject(l.config.dtype)));
}

function layersOf(model: JsonObject | undefined): JsonObject[] {
  const config = model?.config;
  const layers = isObject(config) ? config.layers : Array.isArray(config) ? config : undefined;
  return Array.isArray(layers) ? layers.filter(isObject) : [];
}

const KERAS_TENSOR = '__keras_tensor__';

/** `{class_name: '__keras_tensor__', config: {keras_history: [layer, node, tensor]}}` → the triple. */
function kerasTensorHistory(v: Json): [string, number, number] | undefined {
  if (!isObject(v) || v.class_name !== KERAS_TENSOR || !isObject(v.config)) return undefined;
  const h = v.config.keras_history;
  return Array.isArray(h) && typeof h[0] === 'string' ? [h[0], Number(h[1]), Number(h[2])] : undefined;
}

/** Every keras tensor history inside `v` (a tensor, or lists of them). */
function historiesIn(v: Json): Array<[string, number, number]> {
  const one = kerasTensorHistory(v);
  if (one) return [one];
  return Array.isArray(v) ? v.flatMap(historiesIn) : [];
}

/** Names of operations whose outputs reach other layers only as a `mask` keyword. */
export function maskOnlyOperations(layers: readonly JsonObject[]): Set<string> {
  const asArg = new Set<string>();
  const asMask = new Set<string>();
  for (const layer of layers) {
    for (const node of Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : []) {
      if (!isObject(node)) continue;
      for (const [name] of historiesIn(node.args ?? [])) asArg.add(name);
      const kwargs = isObject(node.kwargs) ? node.kwargs : {};
      for (const [key, value] of Object.entries(kwargs)) for (const [name] of historiesIn(value)) (key === 'mask' ? asMask : asArg).add(name);
    }
  }
  return new Set([...asMask].filter((n) => !asArg.has(n)));
}

/** One Keras 3 inbound node → tfjs's list of `[layer, node, tensor, kwargs]`. */
export function inboundNode(node: Json, layerName: string): Json[] {
  if (Array.isArray(node)) return node; // already Keras 2 form
  if (!isObject(node)) throw new Error(`layer '${layerName}': an inbound node is not an object`);
  const kwargs: JsonObject = {};
  for (const [key, value] of Object.entries(isObject(node.kwargs) ? node.kwargs : {})) {
    if (key === 'mask' || key === 'training') continue;
    if (historiesIn(value).length) throw new Error(`layer '${layerName}': keyword '${key}' takes a tensor, which tfjs-layers cannot read`);
    kwargs[key] = value;
  }
  const inputs = historiesIn(node.args ?? []);
  if (inputs.length === 0) throw new Error(`layer '${layerName}': an inbound node has no input tensor`);
  return inputs.map(([name, n, t]) => [name, n, t, kwargs]);
}

/** Keras 3 object details tfjs-layers does not read, removed at every depth. */
const DROPPED_KEYS = new Set(['module', 'registered_name', 'shared_object_id', 'build_config', 'compile_config', 'quantization_config', 'optional']);

/** Policies and wrappers → plain values: `{class_name: 'DTypePolicy', config: {name}}` → its name. */
export function plainConfig(v: Json): Json {
  if (Array.isArray(v)) return v.map(plainConfig);
  if (!isObject(v)) return v;
  if ((v.class_name === 'DTypePolicy' || v.class_name === 'FloatDTypePolicy') && isObject(v.config) && typeof v.config.name === 'string') return v.config.name;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(v)) if (!DROPPED_KEYS.has(key)) out[key] = plainConfig(value);
  return out;
}

function layerToKeras2(layer: JsonObject): JsonObject {
  const name = String(layer.name ?? (isObject(layer.config) ? layer.config.name : '?'));
  const config = plainConfig(layer.config ?? {}) as JsonObject;
  if (layer.class_name === 'InputLayer' && 'batch_shape' in config) {
    config.batch_input_shape = config.batch_shape;
    delete config.batch_shape;
  }
  const out: JsonObject = { class_name: layer.class_name ?? null, config, name };
  if (Array.isArray(layer.inbound_nodes)) out.inbound_nodes = layer.inbound_nodes.map((n) => inboundNode(n, name));
  return out;
}

/** `["x", 0, 0]` → `[["x", 0, 0]]`; lists of triples are kept. */
function triples(v: Json | undefined): Json {
  if (Array.isArray(v) && typeof v[0] === 'string') return [v];
  return v ?? [];
}

/**
 * A Keras 3 model.json topology in Keras 2 form. Sequential and functional models (nested ones
 * too); throws naming the layer when a node cannot be expressed for tfjs-layers.
 */
export function keras3ToTfjsTopology(topology: unknown): JsonObject {
  const model = modelConfigOf(topology);
  if (!model) throw new Error('model.json: modelTopology has no Keras model_config');
  return { keras_version: '2.15.0', backend: 'tensorflow', model_config: modelToKeras2(model) };
}

/**
 * A Keras 3 Sequential lists its InputLayer among its layers (Keras 2 and tfjs-layers give the
 * first layer a `batch_input_shape` instead; tfjs cannot connect a Sequential's InputLayer entry:
 * "Graph disconnected … at layer input_layer"): the entry removed, its shape moved to the next layer.
 */
export function sequentialWithoutInputLayer(layers: readonly JsonObject[]): JsonObject[] {
  const [first, next, ...rest] = layers;
  if (!first || first.class_name !== 'InputLayer' || !next || !isObject(first.config)) return [...layers];
  const shape = first.config.batch_input_shape ?? first.config.batch_shape;
  return [{ ...next, config: { ...(isObject(next.config) ? next.config : {}), batch_input_shape: shape ?? null } }, ...rest];
}

/**
 * A reference `[layer, node, tensor, …]` to a sub-model's output, numbered as tfjs-layers (and
 * Keras 2) number it: node 0 of a sub-model is its own inner node, so its first call in the outer
 * model is node 1, where Keras 3 writes 0.
 */
function shiftSubModelNode(ref: Json, subModels: ReadonlySet<string>): Json {
  if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !subModels.has(ref[0]) || typeof ref[1] !== 'number') return ref;
  return [ref[0], ref[1] + 1, ...ref.slice(2)];
}

function modelToKeras2(model: JsonObject): JsonObject {
  const config = isObject(model.config) ? model.config : {};
  const layers = layersOf(model);
  const dropped = maskOnlyOperations(layers);
  const kept = layers.filter((l) => !dropped.has(String(l.name ?? (isObject(l.config) ? l.config.name : ''))));
  const translated = kept.map((l) => (l.class_name === 'Functional' || l.class_name === 'Sequential' ? { ...modelToKeras2(l), name: l.name ?? null, inbound_nodes: layerToKeras2(l).inbound_nodes ?? [] } : layerToKeras2(l)));
  const subModels = new Set(kept.filter((l) => l.class_name === 'Functional' || l.class_name === 'Sequential').map((l) => String(l.name ?? (isObject(l.config) ? l.config.name : ''))));
  const shift = (ref: Json): Json => shiftSubModelNode(ref, subModels);
  const connected = translated.map((l) => (Array.isArray(l.inbound_nodes) ? { ...l, inbound_nodes: l.inbound_nodes.map((n) => (Array.isArray(n) ? n.map(shift) : n)) } : l));
  const converted = model.class_name === 'Sequential' ? sequentialWithoutInputLayer(connected) : connected;
  const out: JsonObject = { ...(plainConfig(config) as JsonObject), layers: converted };
  if (model.class_name !== 'Sequential') {
    out.input_layers = triples(config.input_layers);
    out.output_layers = (triples(config.output_layers) as Json[]).map(shift);
  }
  return { class_name: model.class_name === 'Sequential' ? 'Sequential' : 'Model', config: out };
}
