/**
 * The pure pieces of Keras 3 loading (src/model/keras) on the topology and weight names
 * tensorflowjs 4.22 wrote for test/fixtures/keras-convert/keras3 (read from the .keras files'
 * config as the converter copies it), and tslit's Normalization layer against Keras's formula.
 */
import * as tf from '@tensorflow/tfjs';
import { isKeras3Topology, keras3ToTfjsTopology, maskOnlyOperations, plainConfig } from '../../src/model/keras/keras3-config';
import { keras3LayerPaths, prefixLegacyNormalization, snakeCase, weightsUnder } from '../../src/model/keras/weight-names';
import { KerasNormalization } from '../../src/model/keras/normalization-layer';

const tensor = (layer: string, shape: Array<number | null>, dtype = 'int32') => ({ class_name: '__keras_tensor__', config: { shape, dtype, keras_history: [layer, 0, 0] } });

/** The Keras 3 text model's topology as tensorflowjs wrote it (trimmed to what is read). */
const keras3Text = {
  keras_version: '3.15.1',
  model_config: {
    class_name: 'Functional',
    config: {
      name: 'functional',
      layers: [
        { class_name: 'InputLayer', config: { batch_shape: [null, 40], dtype: 'int32', sparse: false, ragged: false, name: 'ids', optional: false }, name: 'ids', inbound_nodes: [] },
        { class_name: 'Embedding', config: { name: 'embedding', dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } }, input_dim: 400, output_dim: 8, mask_zero: true }, build_config: { input_shape: [null, 40] }, name: 'embedding', inbound_nodes: [{ args: [tensor('ids', [null, 40])], kwargs: {} }] },
        { class_name: 'NotEqual', config: { name: 'not_equal' }, name: 'not_equal', inbound_nodes: [{ args: [tensor('ids', [null, 40]), 0], kwargs: {} }] },
        { class_name: 'GRU', config: { name: 'gru', dtype: { class_name: 'DTypePolicy', config: { name: 'float32' }, shared_object_id: 1 }, units: 8, reset_after: false }, name: 'gru', inbound_nodes: [{ args: [tensor('embedding', [null, 40, 8], 'float32')], kwargs: { training: false, mask: tensor('not_equal', [null, 40], 'bool') } }] },
        { class_name: 'Dense', config: { name: 'probas', units: 2, activation: 'softmax', kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null } }, name: 'probas', inbound_nodes: [{ args: [tensor('gru', [null, 8], 'float32')], kwargs: {} }] },
      ],
      input_layers: ['ids', 0, 0],
      output_layers: ['probas', 0, 0],
    },
  },
};

describe('Keras 3 topology → Keras 2 form', () => {
  test('recognised by its version; InputLayer batch_shape, policies, wrappers, nodes and the mask operation translated', () => {
    expect(isKeras3Topology(keras3Text)).toBe(true);
    expect(isKeras3Topology({ keras_version: '2.15.0', model_config: {} })).toBe(false);
    const out = keras3ToTfjsTopology(keras3Text) as { model_config: { class_name: string; config: { layers: Array<{ name: string; config: Record<string, unknown>; inbound_nodes: unknown }>; input_layers: unknown } } };
    const layers = out.model_config.config.layers;
    expect(out.model_config.class_name).toBe('Model');
    expect(layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'gru', 'probas']);
    expect(layers[0].config).toEqual({ batch_input_shape: [null, 40], dtype: 'int32', sparse: false, ragged: false, name: 'ids' });
    expect(layers[1].config.dtype).toBe('float32');
    expect(layers[2].inbound_nodes).toEqual([[['embedding', 0, 0, {}]]]);
    expect(layers[3].config.kernel_initializer).toEqual({ class_name: 'GlorotUniform', config: { seed: null } });
    expect(out.model_config.config.input_layers).toEqual([['ids', 0, 0]]);
    expect(maskOnlyOperations(keras3Text.model_config.config.layers as never)).toEqual(new Set(['not_equal']));
    expect(plainConfig({ class_name: 'DTypePolicy', config: { name: 'float32' } })).toBe('float32');
  });

  test('a keyword that takes a tensor is refused naming the layer', () => {
    const bad = JSON.parse(JSON.stringify(keras3Text)) as typeof keras3Text;
    (bad.model_config.config.layers[4].inbound_nodes[0] as { kwargs: unknown }).kwargs = { initial_state: tensor('gru', [null, 8]) };
    expect(() => keras3ToTfjsTopology(bad)).toThrow("layer 'probas': keyword 'initial_state' takes a tensor");
  });
});

describe('weight names', () => {
  test("Keras's snake case and per-class numbering of paths", () => {
    expect(['GRU', 'Dense', 'LayerNormalization', 'Conv1D', 'BatchNormalization'].map(snakeCase)).toEqual(['gru', 'dense', 'layer_normalization', 'conv1d', 'batch_normalization']);
    const paths = keras3LayerPaths([
      { name: 'hidden', className: 'Dense' },
      { name: 'normalization', className: 'Normalization' },
      { name: 'probas', className: 'Dense' },
      { name: 'extra', className: 'Dense' },
    ]);
    expect([...paths.values()]).toEqual(['layers/dense', 'layers/normalization', 'layers/dense_1', 'layers/dense_2']);
  });

  test('variables in Keras order: numbers numerically, forward before backward; other layers not mixed in', () => {
    const names = ['layers/dense/vars/10', 'layers/dense/vars/2', 'layers/dense_1/vars/0', 'layers/dense/vars/0', 'optimizer/vars/0'];
    expect(weightsUnder(names, 'layers/dense')).toEqual(['layers/dense/vars/0', 'layers/dense/vars/2', 'layers/dense/vars/10']);
    const bi = ['layers/bidirectional/backward_layer/cell/vars/0', 'layers/bidirectional/forward_layer/cell/vars/0'];
    expect(weightsUnder(bi, 'layers/bidirectional')).toEqual([bi[1], bi[0]]);
  });

  test("Keras 2's bare Normalization weights take the layer's name; two candidates are refused", () => {
    expect(prefixLegacyNormalization(['hidden/kernel', 'mean', 'variance', 'count'], ['norm'])).toEqual(new Map([['mean', 'norm/mean'], ['variance', 'norm/variance'], ['count', 'norm/count']]));
    expect(() => prefixLegacyNormalization(['mean'], ['a', 'b'])).toThrow(/2 Normalization layers \(a, b\)/);
  });
});

describe('Normalization layer', () => {
  test('(x − mean) / max(sqrt(variance), 1e-7) over the last axis, and back with invert; no tensor left', () => {
    const before = tf.memory().numTensors;
    const layer = new KerasNormalization({ axis: -1, name: 'norm' });
    layer.build([null, 3] as never);
    const weights = [tf.tensor1d([1, 2, 3]), tf.tensor1d([4, 0, 0.25]), tf.scalar(5, 'int32')];
    layer.setWeights(weights);
    tf.dispose(weights);
    const x = tf.tensor2d([[3, 2, 4]]);
    const y = layer.apply(x) as tf.Tensor;
    const got = Array.from(y.dataSync());
    expect(got[0]).toBeCloseTo(1, 6);
    expect(got[1]).toBe(0);
    expect(got[2]).toBeCloseTo(2, 6);
    const inverse = new KerasNormalization({ axis: -1, invert: true, mean: [1, 2, 3], variance: [4, 1, 0.25] });
    const z = tf.tensor2d([[1, 0, 2]]);
    const back = inverse.apply(z) as tf.Tensor;
    expect(Array.from(back.dataSync())).toEqual([3, 2, 4]);
    expect(tf.serialization.SerializationMap.getMap().classNameMap.Normalization).toBeDefined();
    tf.dispose([x, y, z, back]);
    layer.weights.forEach((w) => w.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
