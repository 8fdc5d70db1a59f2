/**
 * Occlusion, LIME and Kernel SHAP on a model whose Embedding masks padding (maskZero → GRU): a
 * hidden token must be gone for the model, as for the shorter text, not a pad embedding the GRU
 * still steps over. So the encoded methods equal the black-box ones that re-tokenize the text
 * without the words (occlusionPredict, limePredict, kernelShapPredict), and 'pad' equals 'remove'
 * (a masked GRU skips a padded step wherever it is). Weights from seeded initializers, untrained:
 * the equalities hold for any weights. The same for a GraphModel that computes its mask from the
 * ids (a masked mean over the embedding node), explained at its embedding node.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import '../../src/model/tfjs-fixes';
import { loadGraphModelFromDir } from '../../src/model/io/file-system';
import { graphModelAdapter } from '../../src/model/adapters/graph-model';
import type { GraphTextAdapter } from '../../src/model/adapters/graph-text-adapter';
import { GRAPH_VOCAB, writeTextGraphModel } from '../model/helpers/text-graph-fixture';
import type { Example, Spec } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import { wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { kernelShap, kernelShapPredict, lime, limePredict, occlusion, occlusionPredict } from '../../src/explain/salience';

const WORDS = ['<pad>', '<unk>', 'the', 'film', 'was', 'good', 'bad', 'very', 'not', 'plot', 'great', 'awful'];
const inputSpec: Spec = { text: { kind: 'TextSegment' } };
const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const example: Example = { text: 'the film was not very good' };

function maskedGru(): tf.LayersModel {
  const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
  const ids = tf.input({ shape: [10], dtype: 'int32', name: 'ids' });
  // Row 0 (the pad id's embedding) is large: fed to the GRU as if it were a token, it moves the output.
  const emb = tf.layers.embedding({ inputDim: WORDS.length, outputDim: 6, maskZero: true, name: 'embedding', embeddingsInitializer: tf.initializers.randomUniform({ minval: -2, maxval: 2, seed: 7 }) }).apply(ids) as tf.SymbolicTensor;
  const gru = tf.layers.gru({ units: 5, kernelInitializer: seeded(2), recurrentInitializer: seeded(3) }).apply(emb) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: seeded(4), name: 'probas' }).apply(gru) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: out, name: 'masked-gru' });
}

/** Hides encode/forward: what a predict function offers, so the methods re-tokenize the text. */
function predictOnly(m: ModelAdapter): ModelAdapter {
  return { name: `${m.name} (predict only)`, inputSpec: () => m.inputSpec(), outputSpec: () => m.outputSpec(), predict: (e, o) => m.predict(e, o), textField: m.textField, tokenizer: m.tokenizer };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
  expect(worst).toBeLessThan(tolerance);
}

const model = maskedGru();
const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
const adapter = layersModelAdapter(model, { inputSpec, outputSpec, tokenizer });
afterAll(() => model.dispose());

test('occlusion: the encoded method equals the words removed and the text re-tokenized; pad equals remove', async () => {
  const before = tf.memory().numTensors;
  const removed = await occlusion(adapter, example, { mask: 'remove' });
  const padded = await occlusion(adapter, example, { mask: 'pad' });
  expect(tf.memory().numTensors).toBe(before);
  const blackBox = await occlusionPredict(predictOnly(adapter), example);
  expect(removed.labels).toEqual(['the', 'film', 'was', 'not', 'very', 'good']);
  expectClose(removed.scores, blackBox.scores, 1e-5);
  expectClose(padded.scores, removed.scores, 1e-5);
  // Not a vacuous equality: hiding a word changes the prediction.
  expect(Math.max(...Array.from(removed.scores, Math.abs))).toBeGreaterThan(1e-3);
});

test('LIME and Kernel SHAP: the encoded methods equal the black-box ones on the same coalitions', async () => {
  const before = tf.memory().numTensors;
  const encodedLime = await lime(adapter, example, { samples: 64, seed: 3, mask: 'remove' });
  const encodedShap = await kernelShap(adapter, example, { samples: 64, seed: 3 });
  expect(tf.memory().numTensors).toBe(before);
  expectClose(encodedLime.scores, (await limePredict(predictOnly(adapter), example, { samples: 64, seed: 3 })).scores, 1e-4);
  expectClose(encodedShap.scores, (await kernelShapPredict(predictOnly(adapter), example, { samples: 64, seed: 3 })).scores, 1e-4);
});

describe('a GraphModel whose mask comes from the ids', () => {
  let graph: tf.GraphModel;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masked-graph-'));
    writeTextGraphModel(dir, { masked: true });
    graph = await loadGraphModelFromDir(dir);
  });
  afterAll(() => {
    graph.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const graphExample: Example = { text: 'good film bad plot' };
  const graphAdapter = () => graphModelAdapter(graph, {
    inputSpec, outputSpec, name: 'masked-graph', embeddingNode: 'embedding',
    tokenizer: wordTokenizer({ vocabulary: GRAPH_VOCAB, padId: 0, unknownId: 1 }),
  });

  test('occlusion, LIME and Kernel SHAP at the embedding node equal the words removed and re-tokenized', async () => {
    const m = graphAdapter();
    const before = tf.memory().numTensors;
    const removed = await occlusion(m, graphExample, { mask: 'remove' });
    const encodedLime = await lime(m, graphExample, { samples: 64, seed: 5, mask: 'remove' });
    const encodedShap = await kernelShap(m, graphExample, { samples: 64, seed: 5 });
    expect(tf.memory().numTensors).toBe(before);
    const blackBox = predictOnly(m);
    expect(removed.labels).toEqual(['good', 'film', 'bad', 'plot']);
    expectClose(removed.scores, (await occlusionPredict(blackBox, graphExample)).scores, 1e-5);
    expectClose(encodedLime.scores, (await limePredict(blackBox, graphExample, { samples: 64, seed: 5 })).scores, 1e-4);
    expectClose(encodedShap.scores, (await kernelShapPredict(blackBox, graphExample, { samples: 64, seed: 5 })).scores, 1e-4);
    expect(Math.max(...Array.from(removed.scores, Math.abs))).toBeGreaterThan(1e-3);
  });

  test('the pad embedding under the original mask is not "removed": the node-fed forward differs, so the equality is not vacuous', async () => {
    const m = graphAdapter() as GraphTextAdapter;
    const enc = m.encode(graphExample);
    // The first word as the pad embedding at the node, the graph's mask still counting it.
    const x = tf.concat([enc.baseline.slice([0, 0, 0], [1, 1, -1]), enc.input.slice([0, 1, 0], [1, -1, -1])], 1);
    const fedOut = enc.forward?.(x);
    const fed = Array.from(fedOut?.dataSync() ?? []);
    // Pick 4 (≥ the 4 tokens) is the pad id: the first word hidden, the others kept.
    const byIdsOut = enc.forwardTokens?.(new Int32Array([4, 1, 2, 3]), 1);
    const byIds = Array.from(byIdsOut?.dataSync() ?? []);
    tf.dispose([x, fedOut, byIdsOut]);
    const shorter = await m.predict([{ text: 'film bad plot' }]);
    const p = (shorter[0].probas as number[]);
    expectClose(byIds, p, 1e-6);
    expect(Math.abs(fed[1] - byIds[1])).toBeGreaterThan(1e-3);
    tf.dispose([enc.input, enc.baseline]);
  });
});
