/**
 * tslit's StringLookup and TextVectorization against Keras 3 on the same inputs
 * (test/fixtures/keras-preprocessing.json, written by scripts/reference/keras_preprocessing_reference.py).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { KerasStringLookup, KerasTextVectorization } from '../../src/model/keras/string-layers';

interface Case {
  config: Record<string, unknown>;
  vocabulary: string[];
  inputs: string[];
  outputs: number[][] | number[];
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/keras-preprocessing.json'), 'utf8')) as Record<string, Case>;

function run(layer: tf.layers.Layer, inputs: string[]): unknown {
  const before = tf.memory().numTensors;
  const x = tf.tensor1d(inputs, 'string');
  const y = layer.apply(x) as tf.Tensor;
  const out = y.arraySync();
  tf.dispose([x, y]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

test('TextVectorization (lower_and_strip_punctuation, whitespace, int, output_sequence_length 8) equals Keras', () => {
  const c = fixture.textVectorization;
  const layer = new KerasTextVectorization({ ...c.config, vocabulary: c.vocabulary } as never);
  expect(run(layer, c.inputs)).toEqual(c.outputs);
  expect(tf.serialization.SerializationMap.getMap().classNameMap.TextVectorization).toBeDefined();
});

test('StringLookup int and one_hot equal Keras (unknown island → the OOV index 0)', () => {
  for (const key of ['stringLookup', 'stringLookupOneHot']) {
    const c = fixture[key];
    expect(run(new KerasStringLookup({ ...c.config, vocabulary: c.vocabulary } as never), c.inputs)).toEqual(c.outputs);
  }
});

test('an adapted layer without its vocabulary in the config is refused naming the layer', () => {
  expect(() => new KerasStringLookup({ ...fixture.stringLookup.config } as never)).toThrow(/StringLookup layer 'string_lookup_1': no vocabulary in its config/);
  expect(() => new KerasTextVectorization({ ...fixture.textVectorization.config, vocabulary: ['', '[UNK]'], output_mode: 'tf_idf' } as never)).toThrow(/output_mode 'tf_idf'/);
});
