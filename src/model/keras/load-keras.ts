/**
 * Loading a Keras model converted by tensorflowjs_converter (by `tslit convert` or by hand) as a
 * tfjs LayersModel, whichever Keras wrote it: Keras 3 topologies are read into Keras 2 form
 * (keras3-config.ts) and their path-named weights (Keras 3, and tf_keras's own `.keras` files) set
 * layer by layer, into sub-models too (weight-names.ts), Keras 2's
 * unprefixed Normalization weights are given their layer's name, anything else loads as it is.
 */
import * as tf from '@tensorflow/tfjs';
import { dirLoadHandler } from '../io/file-system';
import { isKeras3Topology, keras3ToTfjsTopology, modelConfigOf } from './keras3-config';
import { isTrainingState, keras3LayerPaths, prefixLegacyNormalization, weightsUnder } from './weight-names';
import { STRING_LAYERS, withEncodedVocabularies } from './string-config';
import './normalization-layer';
import './string-layers';

interface LayerEntry {
  name: string;
  className: string;
  /** A sub-model's own layers. */
  layers?: LayerEntry[];
}

type ConfigLayer = { name?: string; class_name?: string; config?: { name?: string; layers?: ConfigLayer[] } };

function entriesOf(layers: readonly ConfigLayer[]): LayerEntry[] {
  return layers.map((l) => ({
    name: String(l.name ?? l.config?.name),
    className: String(l.class_name),
    layers: Array.isArray(l.config?.layers) ? entriesOf(l.config.layers) : undefined,
  }));
}

/** The (name, class) of each layer in a Keras model config, in order, with sub-models' layers. */
function configLayers(topology: unknown): LayerEntry[] {
  const config = modelConfigOf(topology)?.config as { layers?: ConfigLayer[] } | undefined;
  return entriesOf(config?.layers ?? []);
}

const isContainer = (layer: tf.layers.Layer): layer is tf.LayersModel => layer instanceof tf.LayersModel;

/** Where each weight goes: layer by layer, into sub-models by their own paths (`layers/sequential/layers/dense`). */
interface WeightSource {
  dir: string;
  names: string[];
  all: tf.NamedTensorMap;
  used: Set<string>;
}

function setPathNamedWeights(layers: readonly tf.layers.Layer[], entries: readonly LayerEntry[], prefix: string, source: WeightSource): void {
  const paths = keras3LayerPaths(entries);
  for (const layer of layers) {
    const relative = paths.get(layer.name);
    const path = relative === undefined ? undefined : prefix + relative;
    // A tf_idf string layer's idf_weights ship as Keras variables too; the layer reads them from its config (tslit convert puts them there).
    if (STRING_LAYERS.has(layer.getClassName()) && path !== undefined) weightsUnder(source.names, path).forEach((k) => source.used.add(k));
    if (layer.weights.length === 0) continue;
    const nested = entries.find((e) => e.name === layer.name)?.layers;
    if (isContainer(layer) && nested && path !== undefined) {
      setPathNamedWeights(layer.layers, nested, `${path}/`, source);
      continue;
    }
    const keys = path === undefined ? [] : weightsUnder(source.names, path);
    if (keys.length !== layer.weights.length) {
      throw new Error(`Keras 3 model in ${source.dir}: layer '${layer.name}' (${layer.getClassName()}) has ${layer.weights.length} weights but model.json holds ${keys.length} under '${path}/'`);
    }
    layer.setWeights(keys.map((k) => source.all[k]));
    keys.forEach((k) => source.used.add(k));
  }
}

/** A model written from a Keras 3 format file (Keras 3, or tf_keras's own `.keras`): weights named by their path. */
async function loadPathNamed(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  const topology = keras3ToTfjsTopology(artifacts.modelTopology);
  const specs = (artifacts.weightSpecs ?? []).filter((s) => !isTrainingState(s.name));
  const model = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  const all = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), artifacts.weightSpecs ?? []);
  try {
    const source: WeightSource = { dir, names: specs.map((s) => s.name), all, used: new Set() };
    // Paths from the topology as Keras wrote it: a sub-model keeps its class (Functional, not tfjs's Model).
    setPathNamedWeights(model.layers, configLayers(artifacts.modelTopology), '', source);
    const left = source.names.filter((n) => !source.used.has(n));
    if (left.length) throw new Error(`Keras 3 model in ${dir}: weights ${left.join(', ')} belong to no layer`);
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    tf.dispose(Object.values(all));
  }
}

/** True when weights are named by their path in a Keras 3 format file (`layers/dense/vars/0`), as Keras 3 and tf_keras's `.keras` write them. */
function pathNamedWeights(artifacts: tf.io.ModelArtifacts): boolean {
  return (artifacts.weightSpecs ?? []).some((s) => s.name.startsWith('layers/'));
}

/** Loads `dir/model.json` (Keras 2 or 3, converted by tensorflowjs 4.22) as a LayersModel. */
export async function loadKerasLayersModel(dir: string): Promise<tf.LayersModel> {
  const handler = dirLoadHandler(dir);
  if (!handler.load) throw new Error(`no loader for ${dir}`);
  const loaded = await handler.load();
  // Vocabulary tokens must reach the string layers as written, not camelCased by tfjs (string-config.ts).
  const artifacts = { ...loaded, modelTopology: withEncodedVocabularies(loaded.modelTopology) };
  if (isKeras3Topology(artifacts.modelTopology) || pathNamedWeights(artifacts)) return loadPathNamed(dir, artifacts);
  const normalization = configLayers(artifacts.modelTopology).filter((l) => l.className === 'Normalization').map((l) => l.name);
  const renamed = prefixLegacyNormalization((artifacts.weightSpecs ?? []).map((s) => s.name), normalization);
  const weightSpecs = (artifacts.weightSpecs ?? []).map((s) => ({ ...s, name: renamed.get(s.name) ?? s.name }));
  return tf.loadLayersModel({ load: async () => ({ ...artifacts, weightSpecs }) });
}
