/**
 * loadModel on a graph model (a converted SavedModel with a tslit.json beside it, as `tslit
 * convert --tslit-json` writes it): a refusal naming the functions that load it, which do.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { graphModelAdapter, loadGraphModelFromDir, loadModel } from '../../src';
import { writeTextGraphModel } from './helpers/text-graph-fixture';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-model-graph-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('loadModel refuses a graph model naming loadGraphModelFromDir and graphModelAdapter, which load it', async () => {
  writeTextGraphModel(dir);
  const outputSpec = { probas: { kind: 'MulticlassPreds' as const, vocab: ['negative', 'positive'] } };
  fs.writeFileSync(path.join(dir, 'tslit.json'), JSON.stringify({ name: 'graph', task: 'multiclass', inputSpec: { text: { kind: 'TextSegment' } }, outputSpec, text: {} }));
  const before = tf.memory().numTensors;
  await expect(loadModel(dir)).rejects.toThrow(/model\.json is a tfjs graph model .*loadGraphModelFromDir\(.*graphModelAdapter\(graph, \{ inputSpec, outputSpec, toTensor \}\)/);
  expect(tf.memory().numTensors).toBe(before);
  const graph = await loadGraphModelFromDir(dir);
  const model = graphModelAdapter(graph, { inputSpec: { ids: { kind: 'Scalar' } }, outputSpec, toTensor: () => tf.tensor2d([[2, 4, 0, 0, 0, 0]], [1, 6], 'int32') });
  const [p] = await model.predict([{ ids: 0 }]);
  expect((p.probas as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  graph.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
