import './helpers/env-backend';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadGraphModelFromDir, loadLayersModelFromDir, saveModelToDir } from '../../src/model/io/file-system';
import { GRAPH_B, GRAPH_W, writeLinearGraphModel } from './helpers/graph-model-fixture';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-fs-'));
}

function smallModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.embedding({ inputDim: 7, outputDim: 3, inputLength: 4, name: 'emb' }));
  m.add(tf.layers.globalAveragePooling1d({}));
  m.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return m;
}

describe('saveModelToDir / loadLayersModelFromDir', () => {
  it('round-trips topology and weights: same predictions, same weights', async () => {
    const dir = tmpDir();
    const model = smallModel();
    await saveModelToDir(model, dir);
    expect(fs.existsSync(path.join(dir, 'model.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'weights.bin'))).toBe(true);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);

    const loaded = await loadLayersModelFromDir(dir);
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2, 3, 0], [6, 5, 0, 0]], [2, 4], 'int32');
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    expect(tf.memory().numTensors).toBe(before);
    const wa = model.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wb).toEqual(wa);
    model.dispose();
    loaded.dispose();
  });

  it('fails clearly on a missing directory and on a truncated weight file', async () => {
    await expect(loadLayersModelFromDir('/nonexistent/tslit')).rejects.toThrow(/cannot read .*model\.json/);
    const dir = tmpDir();
    const model = smallModel();
    await saveModelToDir(model, dir);
    model.dispose();
    const w = fs.readFileSync(path.join(dir, 'weights.bin'));
    fs.writeFileSync(path.join(dir, 'weights.bin'), w.subarray(0, w.length - 4));
    await expect(loadLayersModelFromDir(dir)).rejects.toThrow(/needs \d+ bytes but the shards hold \d+/);
  });

  it('refuses weight shards outside the model directory', async () => {
    const dir = tmpDir();
    const model = smallModel();
    await saveModelToDir(model, dir);
    model.dispose();
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../evil.bin'];
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    await expect(loadLayersModelFromDir(dir)).rejects.toThrow(/outside the model directory/);
  });
});

describe('loadGraphModelFromDir', () => {
  it('loads a converter-layout graph model split over two shards', async () => {
    const dir = tmpDir();
    writeLinearGraphModel(dir);
    const g = await loadGraphModelFromDir(dir);
    const x = tf.tensor2d([[1, 2], [3, -1]]);
    const y = g.predict(x) as tf.Tensor;
    const expected = [[1, 2], [3, -1]].map((r) => r[0] * GRAPH_W[0] + r[1] * GRAPH_W[1] + GRAPH_B[0]);
    expect(Array.from(await y.data())).toEqual(expected);
    tf.dispose([x, y]);
    g.dispose();
  });
});
