/**
 * Gradients at a named node of a GraphModel (issue 16, item 1): a hand-written text graph (ids →
 * GatherV2 'embedding' → a residual branch max-pooled beside a mean → MatMul → Softmax), read by
 * tfjs's graph executor with the node fed. forward of the encoding equals the graph's own output;
 * IG is complete within 1%; gradients equal central finite differences of the graph; HotFlip runs.
 */
import './helpers/env-backend';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import '../../src/model/tfjs-fixes';
import { loadGraphModelFromDir } from '../../src/model/io/file-system';
import { graphModelAdapter } from '../../src/model/adapters/graph-model';
import { GraphTextAdapter } from '../../src/model/adapters/graph-text-adapter';
import { wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { gradientNorm, integratedGradients, lime, occlusion, smoothGrad } from '../../src/explain/salience';
import { hotflip } from '../../src/explain/counterfactuals';
import { GRAPH_LENGTH, GRAPH_VOCAB, writeTextGraphModel } from './helpers/text-graph-fixture';

let graph: tf.GraphModel;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'text-graph-'));
  writeTextGraphModel(dir);
  graph = await loadGraphModelFromDir(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const tokenizer = () => wordTokenizer({ vocabulary: GRAPH_VOCAB, padId: 0, unknownId: 1 });
const spec = {
  inputSpec: { review: { kind: 'TextSegment' as const } },
  outputSpec: { probas: { kind: 'MulticlassPreds' as const, vocab: ['negative', 'positive'] } },
};
const idsOf = (text: string): number[] => {
  const ids = text.split(' ').map((w) => Math.max(1, GRAPH_VOCAB.indexOf(w)));
  return [...ids, ...new Array(GRAPH_LENGTH - ids.length).fill(0)];
};
const direct = (text: string): number[] => {
  const ids = tf.tensor2d([idsOf(text)], undefined, 'int32');
  const y = graph.execute(ids, 'probas') as tf.Tensor;
  const out = Array.from(y.dataSync());
  tf.dispose([ids, y]);
  return out;
};

test('the graph explained at its embedding node: forward = the graph, IG complete, gradients = finite differences', async () => {
  const m = graphModelAdapter(graph, { ...spec, name: 'text-graph', tokenizer: tokenizer(), embeddingNode: 'embedding' }) as GraphTextAdapter;
  expect(m).toBeInstanceOf(GraphTextAdapter);
  const before = tf.memory().numTensors;
  let widest = 0;
  for (const text of ['good film', 'bad plot awful', 'great film good plot']) {
    const want = direct(text);
    const [p] = await m.predict([{ review: text }]);
    (p.probas as number[]).forEach((v, c) => expect(v).toBeCloseTo(want[c], 6));
    const enc = m.encode({ review: text });
    expect(enc.labels).toEqual(text.split(' '));
    const forward = enc.forward as (x: tf.Tensor) => tf.Tensor;
    const y = forward(enc.input);
    Array.from(y.dataSync()).forEach((v, c) => expect(v).toBeCloseTo(want[c], 6));
    // d F / d x along a direction, against (F(x + εd) − F(x − εd)) / 2ε.
    const [analytic, numeric] = tf.tidy(() => {
      const F = (x: tf.Tensor): tf.Scalar => tf.sum(tf.slice(forward(x), [0, 1], [-1, 1])) as tf.Scalar;
      const dirn = tf.randomNormal(enc.input.shape, 0, 1, 'float32', 7);
      const eps = 1e-3;
      const up = F(tf.add(enc.input, tf.mul(dirn, eps))).dataSync()[0];
      const down = F(tf.sub(enc.input, tf.mul(dirn, eps))).dataSync()[0];
      return [tf.sum(tf.mul(tf.grad(F)(enc.input), dirn)).dataSync()[0], (up - down) / (2 * eps)];
    });
    expect(analytic).toBeCloseTo(numeric, 2);
    tf.dispose([y, enc.input, enc.baseline]);
    const ig = integratedGradients(m, { review: text }, { target: { classIndex: 1 } });
    const span = (ig.output as number) - (ig.baselineOutput as number);
    widest = Math.max(widest, Math.abs(span));
    expect(Math.abs(ig.delta as number)).toBeLessThan(Math.max(0.01 * Math.abs(span), 1e-5));
    for (const r of [gradientNorm(m, { review: text }), smoothGrad(m, { review: text }, { samples: 8 }), occlusion(m, { review: text }), lime(m, { review: text }, { samples: 32 })]) {
      expect(r.scores).toHaveLength(text.split(' ').length);
      expect(Array.from(r.scores).every(Number.isFinite)).toBe(true);
    }
  }
  expect(widest).toBeGreaterThan(0.05);
  expect(tf.memory().numTensors).toBe(before);
  expect(() => m.forward(tf.zeros([1, 2, 3]))).toThrow(/forward of 'text-graph' \(a graph model\) needs the example's inputs; use encode\(example\)\.forward/);
});

test('HotFlip needs an embedding table, which a graph does not name: the refusal names the option and what works', async () => {
  const m = graphModelAdapter(graph, { ...spec, tokenizer: tokenizer(), embeddingNode: 'embedding' });
  await expect(hotflip(m, { review: 'good film' })).rejects.toThrow(/HotFlip needs a text model with an embedding table: model "graph-model" has no embeddingTable\(\)/);
  await expect(hotflip(m, { review: 'good film' })).rejects.toThrow(/ablationFlip\(model, example\).*graphModelAdapter\(graph, \{ embeddingNode, embeddingTable: '<weight name>' or a tensor \}\)/);
});

test('with embeddingTable (the weight the node gathers from), HotFlip flips, each flip confirmed by the graph itself', async () => {
  const before = tf.memory().numTensors;
  const m = graphModelAdapter(graph, { ...spec, tokenizer: tokenizer(), embeddingNode: 'embedding', embeddingTable: 'table' }) as GraphTextAdapter;
  expect(m.embeddingTable?.().shape).toEqual([GRAPH_VOCAB.length, graph.weights.table[0].shape[1]]);
  const x = { review: 'great film good plot' };
  const r = await hotflip(m, x, { maxResults: 3 });
  expect(r.examples.length).toBeGreaterThan(0);
  const original = direct(x.review);
  for (const cf of r.examples) {
    const p = direct(cf.example.review as string);
    expect(p.indexOf(Math.max(...p))).not.toBe(original.indexOf(Math.max(...original)));
    expect(cf.prediction.probas as number[]).toEqual(p.map((v) => expect.closeTo(v, 5)));
  }
  // A tensor works too, and is the person's: the adapter does not dispose it.
  const table = graph.weights.table[0].clone() as tf.Tensor2D;
  const byTensor = graphModelAdapter(graph, { ...spec, tokenizer: tokenizer(), embeddingNode: 'embedding', embeddingTable: table });
  expect((await hotflip(byTensor, x, { maxResults: 3 })).examples.map((e) => e.example.review)).toEqual(r.examples.map((e) => e.example.review));
  table.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

test('an embeddingTable that is not the graph\'s table is refused, naming it and what would fit', async () => {
  const make = (embeddingTable: tf.Tensor2D | string) => graphModelAdapter(graph, { ...spec, tokenizer: tokenizer(), embeddingNode: 'embedding', embeddingTable }) as GraphTextAdapter;
  expect(() => make('no_such_weight')).toThrow(/model 'graph-model': embeddingTable 'no_such_weight' is not a weight of the graph; its 2-D weights are table \[\d+,\d+\], dense \[\d+,2\]/);
  expect(() => make('dense')).toThrow(/embeddingTable 'dense' has \d+ rows but the tokenizer's vocabulary has \d+ entries; it is not this model's table/);
  const narrow = tf.zeros([GRAPH_VOCAB.length, 5]) as tf.Tensor2D;
  expect(() => make(narrow).encode({ review: 'good film' })).toThrow(/embeddingTable has rows of 5 values but node 'embedding' gives \d+ per token/);
  narrow.dispose();
});

test('a node that does not exist is named', () => {
  const m = graphModelAdapter(graph, { ...spec, tokenizer: tokenizer(), embeddingNode: 'no_such_node' }) as GraphTextAdapter;
  expect(() => m.encode({ review: 'good film' })).toThrow(/model 'graph-model': cannot read node 'no_such_node' \(embeddingNode\)/);
});
