/**
 * tslit's StringLookup and TextVectorization against Keras 3 on the same inputs
 * (test/fixtures/keras-preprocessing.json, written by scripts/reference/keras_preprocessing_reference.py):
 * int and one_hot, and the bag-of-words / n-gram forms (`bagCases`: multi_hot, count, tf_idf,
 * ngrams, character and no split, pad_to_max_tokens, mask tokens) read as tfjs would read them
 * from a converted model.json (camelCased by tfjs, vocabulary encoded, idf_weights as written).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { KerasStringLookup, KerasTextVectorization } from '../../src/model/keras/string-layers';
import { withEncodedVocabularies } from '../../src/model/keras/string-config';

interface Case {
  config: Record<string, unknown>;
  vocabulary: string[];
  inputs: string[] | string[][];
  outputs: number[][] | number[];
}
interface BagCase extends Case {
  name: string;
  class_name: 'StringLookup' | 'TextVectorization';
  idf_weights: number[] | null;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/keras-preprocessing.json'), 'utf8')) as Record<string, Case> & { bagCases: BagCase[] };

function run(layer: tf.layers.Layer, inputs: string[] | string[][]): number[] | number[][] {
  const before = tf.memory().numTensors;
  const x = tf.tensor(inputs as string[], undefined, 'string');
  const y = layer.apply(x) as tf.Tensor;
  const out = y.arraySync() as number[] | number[][];
  tf.dispose([x, y]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

function expectClose(actual: number[] | number[][], expected: number[] | number[][], label: string): void {
  const a = (actual as number[]).flat();
  const e = (expected as number[]).flat();
  expect({ label, shape: [actual.length, a.length] }).toEqual({ label, shape: [expected.length, e.length] });
  const worst = Math.max(0, ...a.map((v, i) => Math.abs(v - e[i])));
  expect({ label, worst: worst <= 1e-5 }).toEqual({ label, worst: true });
}

/**
 * The layer as tfjs builds it from a converted model.json: a functional topology with a string
 * input, vocabulary encoded (string-config.ts), deserialized by tfjs (which camelCases every key
 * and string), idf_weights as `tslit convert` writes them.
 */
async function asConverted(c: BagCase): Promise<tf.layers.Layer> {
  const rank = Array.isArray(c.inputs[0]) ? 2 : 1;
  const input = { class_name: 'InputLayer', name: 'text', inbound_nodes: [], config: { name: 'text', dtype: 'string', batch_input_shape: rank === 2 ? [null, (c.inputs[0] as string[]).length] : [null] } };
  const config = { ...c.config, vocabulary: c.vocabulary, idf_weights: c.idf_weights, vocabulary_size: null };
  const layer = { class_name: c.class_name, name: c.name, config, inbound_nodes: [[['text', 0, 0, {}]]] };
  const topology = { class_name: 'Functional', keras_version: '2.15.0', config: { name: 'm', layers: [input, layer], input_layers: [['text', 0, 0]], output_layers: [[c.name, 0, 0]] } };
  const model = await tf.models.modelFromJSON({ modelTopology: withEncodedVocabularies(topology) } as never);
  return model.getLayer(c.name);
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

describe('bag-of-words and n-gram forms equal Keras', () => {
  test.each(fixture.bagCases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const layer = await asConverted(c);
    expectClose(run(layer, c.inputs), c.outputs, name);
    const mode = String(c.config.output_mode);
    const width = (c.outputs as number[][])[0].length;
    const fixedLength = mode !== 'int' || c.config.output_sequence_length !== null || c.class_name === 'StringLookup';
    expect(layer.outputShape).toEqual([null, fixedLength ? width : null]);
    // The config round-trips: a layer made from getConfig() gives the same outputs.
    const again = new (layer.constructor as new (args: unknown) => tf.layers.Layer)(layer.getConfig());
    expectClose(run(again, c.inputs), c.outputs, `${name} from getConfig()`);
  });
});

test('what is not read is refused naming the layer and the option', () => {
  expect(() => new KerasStringLookup({ ...fixture.stringLookup.config } as never)).toThrow(/StringLookup layer 'string_lookup_1': no vocabulary in its config/);
  const tfidf = fixture.bagCases.find((c) => c.name === 'text_tfidf') as BagCase;
  const vocab = { ...tfidf.config, vocabulary: tfidf.vocabulary };
  expect(() => new KerasTextVectorization(vocab as never)).toThrow(/TextVectorization layer 'text_tfidf': output_mode 'tf_idf' without idf_weights/);
  expect(() => new KerasTextVectorization({ ...vocab, idf_weights: [1, 2] } as never)).toThrow(/idf_weights has 2 values, expected 16/);
  expect(() => new KerasTextVectorization({ ...vocab, output_mode: 'int', output_sequence_length: 4, split: 'custom_split_fn' } as never)).toThrow(/split 'custom_split_fn'/);
  expect(() => new KerasTextVectorization({ ...vocab, output_mode: 'count', output_sequence_length: 4 } as never)).toThrow(/output_sequence_length is for output_mode 'int'/);
  expect(() => new KerasTextVectorization({ ...vocab, output_mode: 'int', ngrams: 0 } as never)).toThrow(/ngrams 0/);
  const lookup = { ...fixture.stringLookup.config, vocabulary: fixture.stringLookup.vocabulary };
  expect(() => new KerasStringLookup({ ...lookup, num_oov_indices: 2 } as never)).toThrow(/num_oov_indices 2/);
  expect(() => new KerasStringLookup({ ...lookup, invert: true } as never)).toThrow(/invert=True is not read/);
  expect(() => new KerasStringLookup({ ...lookup, output_mode: 'multi_hot', max_tokens: 2 } as never)).toThrow(/longer than max_tokens 2/);
  const layer = new KerasStringLookup({ ...lookup, output_mode: 'count' } as never);
  expect(() => run(layer, [[['a']]] as never)).toThrow(/takes rows of tokens \(rank 1 or 2\), got shape \[1, 1, 1\]/);
});
