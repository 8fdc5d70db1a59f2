/**
 * The spam and mnist models are trained through "twins" (a bag-of-words model; the CNN written
 * on patches) because the cpu backend's Embedding and Conv2D gradients are too slow. These
 * tests prove each twin computes the same function as the saved architecture, with the saved
 * weights, on real held-out examples, so what was trained is what is shipped.
 */
import * as tf from '@tensorflow/tfjs';
import { loadLayersModelFromDir } from '../../src/model/io/file-system';
import { modelDir, readMetadata, useCpuBackend } from '../../scripts/train/common';
import { bagOfTokens, buildBagModel, encodeSpam, spamSplit } from '../../scripts/train/spam';
import { mnistSplit, patchesOf, twinLogits, twinWeightsOf } from '../../scripts/train/mnist';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('training twins compute the saved models', () => {
  beforeAll(useCpuBackend);

  it('spam: (counts / maxLength) @ table, then the head, equals Embedding -> average -> head', async () => {
    const meta = readMetadata(modelDir('spam'));
    const pre = meta.text;
    if (pre === undefined) throw new Error('spam model has no text preprocessing');
    const model = await loadLayersModelFromDir(modelDir('spam'));
    const baseline = tf.memory().numTensors;
    const rows = spamSplit().heldOut.slice(0, 64);
    const { x } = encodeSpam(rows, meta);
    const ids = x.dataSync() as Int32Array;
    const bag = buildBagModel(pre, 0);
    bag.getLayer('table').setWeights(model.getLayer(pre.embeddingLayer).getWeights());
    for (const name of ['hidden', 'probas']) bag.getLayer(name).setWeights(model.getLayer(name).getWeights());
    const bags = bagOfTokens(ids, pre.maxLength, pre.vocab.length, rows.map((_, i) => i));
    const viaBag = bag.predict(bags) as tf.Tensor;
    const viaEmbedding = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(viaBag, viaEmbedding)).toBeLessThan(1e-5);
    tf.dispose([x, bags, viaBag, viaEmbedding]);
    bag.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });

  it('mnist: patches @ kernel, relu, 2x2 block max, dense equals Conv2D -> MaxPool -> Flatten -> Dense', async () => {
    const model = await loadLayersModelFromDir(modelDir('mnist'));
    const baseline = tf.memory().numTensors;
    const rows = mnistSplit().heldOut.slice(0, 32);
    const images = new Float32Array(rows.length * 784);
    rows.forEach((r, i) => images.set(r.image as Float32Array, i * 784));
    const w = twinWeightsOf(model);
    const patches = patchesOf(images, rows.map((_, i) => i));
    const logits = twinLogits(patches, w, rows.length);
    const viaTwin = tf.softmax(logits);
    const x = tf.tensor4d(images, [rows.length, 28, 28, 1]);
    const viaCnn = model.predict(x) as tf.Tensor;
    expect(maxAbsDiff(viaTwin, viaCnn)).toBeLessThan(1e-5);
    tf.dispose([patches, logits, viaTwin, x, viaCnn, ...Object.values(w)]);
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  });
});
