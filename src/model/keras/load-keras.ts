/**
 * Loading a Keras model converted by tensorflowjs_converter (by `tslit convert` or by hand) as a
 * tfjs LayersModel, whichever Keras wrote it: Keras 3 topologies are read into Keras 2 form
 * (keras3-config.ts) and their path-named weights set layer by layer (weight-names.ts), Keras 2's
 * unprefixed Normalization weights are given their layer's name, anything else loads as it is.
 */
import * as tf from '@tensorflow/tfjs';
import { dirLoadHandler } from '../io/file-system';
import { isKeras3Topology, keras3ToTfjsTopology, modelConfigOf } from './keras3-config';
import { isTrainingState, keras3LayerPaths, prefixLegacyNormalization, weightsUnder } from './weight-names';
import './normalization-layer';
import './string-layers';

interface LayerEntry {
  name: string;
  className: string;
}

/** The (name, class) of each layer in a Keras model config, in order. */
function configLayers(topology: unknown): LayerEntry[] {
  const config = modelConfigOf(topology)?.config as { layers?: Array<{ name?: string; class_name?: string; config?: { name?: string } }> } | undefined;
  return (config?.layers ?? []).map((l) => ({ name: String(l.name ?? l.config?.name), className: String(l.class_name) }));
}

async function loadKeras3(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  const topology = keras3ToTfjsTopology(artifacts.modelTopology);
  const specs = (artifacts.weightSpecs ?? []).filter((s) => !isTrainingState(s.name));
  const model = await tf.models.modelFromJSON({ modelTopology: topology } as unknown as tf.io.ModelJSON);
  const all = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), artifacts.weightSpecs ?? []);
  try {
    const names = specs.map((s) => s.name);
    const paths = keras3LayerPaths(configLayers(topology));
    const used = new Set<string>();
    for (const layer of model.layers) {
      if (layer.weights.length === 0) continue;
      const path = paths.get(layer.name);
      const keys = path === undefined ? [] : weightsUnder(names, path);
      if (keys.length !== layer.weights.length) {
        throw new Error(`Keras 3 model in ${dir}: layer '${layer.name}' (${layer.getClassName()}) has ${layer.weights.length} weights but model.json holds ${keys.length} under '${path}/'`);
      }
      layer.setWeights(keys.map((k) => all[k]));
      keys.forEach((k) => used.add(k));
    }
    const left = names.filter((n) => !used.has(n));
    if (left.length) throw new Error(`Keras 3 model in ${dir}: weights ${left.join(', ')} belong to no layer`);
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    tf.dispose(Object.values(all));
  }
}

/** Loads `dir/model.json` (Keras 2 or 3, converted by tensorflowjs 4.22) as a LayersModel. */
export async function loadKerasLayersModel(dir: string): Promise<tf.LayersModel> {
  const handler = dirLoadHandler(dir);
  if (!handler.load) throw new Error(`no loader for ${dir}`);
  const artifacts = await handler.load();
  if (isKeras3Topology(artifacts.modelTopology)) return loadKeras3(dir, artifacts);
  const normalization = configLayers(artifacts.modelTopology).filter((l) => l.className === 'Normalization').map((l) => l.name);
  const renamed = prefixLegacyNormalization((artifacts.weightSpecs ?? []).map((s) => s.name), normalization);
  const weightSpecs = (artifacts.weightSpecs ?? []).map((s) => ({ ...s, name: renamed.get(s.name) ?? s.name }));
  return tf.loadLayersModel({ load: async () => ({ ...artifacts, weightSpecs }) });
}
