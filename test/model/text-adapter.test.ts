import './helpers/env-backend';
import * as tf from '@tensorflow/tfjs';
import { TextModelAdapter } from '../../src/model/adapters/text-adapter';
import { padIds, tokenize, tokensToIds, vocabIndex } from '../../src/model/encode/text';
import { MAX_LEN, TEXT_VOCAB, textMetadata, textModel } from './helpers/small-models';

describe('text preprocessing', () => {
  const pre = textMetadata().text!;
  it('lowercases, splits on the token pattern, maps unknown tokens to oov, pads and truncates', () => {
    expect(tokenize("Click NOW, to win FREE money!! It's", pre)).toEqual(['click', 'now', 'to', 'win', 'free', 'money', "it's"]);
    const ids = tokensToIds(['free', 'zzz', 'win'], vocabIndex(TEXT_VOCAB), 1);
    expect(ids).toEqual([2, 1, 9]);
    expect(padIds(ids, 5, 0)).toEqual([2, 1, 9, 0, 0]);
    expect(padIds([1, 2, 3, 4], 2, 0)).toEqual([1, 2]);
  });
});

describe('TextModelAdapter', () => {
  const model = textModel();
  const ad = new TextModelAdapter(model, textMetadata(), { cacheSize: 0 });

  it('predict equals the model on hand-built padded ids, and reports tokens', async () => {
    const before = tf.memory().numTensors;
    const [p] = await ad.predict([{ text: 'Free MONEY now' }]);
    const ref = tf.tidy(() => Array.from((model.predict(tf.tensor2d([[2, 3, 6, 0, 0, 0]])) as tf.Tensor).dataSync()));
    expect(p.probas).toEqual(ref);
    expect(p.tokens).toEqual(['free', 'money', 'now']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('predict truncates long texts to maxLength', async () => {
    const long = 'win '.repeat(MAX_LEN) + 'hello hello';
    const [a, b] = await ad.predict([{ text: long }, { text: 'win '.repeat(MAX_LEN) }]);
    expect(a.probas).toEqual(b.probas);
  });

  it('forward(encode(e).input) equals predict([e]) exactly; baseline is the pad embedding', async () => {
    const before = tf.memory().numTensors;
    for (const text of ['free money', 'hello the meeting now', 'click click win free money now', 'qwerty']) {
      const [p] = await ad.predict([{ text }]);
      const out = tf.tidy(() => {
        const enc = ad.encode({ text });
        const pad = (ad.embeddingTable().slice([0, 0], [1, 4]) as tf.Tensor);
        return {
          shape: enc.input.shape, labels: enc.labels, ids: enc.tokenIds, align: enc.align,
          fwd: Array.from(ad.forward(enc.input).dataSync()),
          baselineIsPad: enc.baseline.sub(pad.expandDims(0)).abs().max().dataSync()[0],
        };
      });
      const toks = text.split(' ');
      expect(out.shape).toEqual([1, toks.length, 4]);
      expect(out.labels).toEqual(toks);
      expect(out.ids).toEqual(toks.map((t) => Math.max(1, TEXT_VOCAB.indexOf(t))));
      expect(out.align).toBe('tokens');
      expect(out.fwd).toEqual(p.probas);
      expect(out.baselineIsPad).toBe(0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives clear errors: empty text, no embedding layer, wrong forward shape; an over-long text is cut to maxLength', async () => {
    const before = tf.memory().numTensors;
    expect(() => ad.encode({ text: '  ,, ' })).toThrow("field 'text': the text has no tokens");
    // An over-long text is explained as predict() reads it: its first MAX_LEN tokens.
    const long = ad.encode({ text: 'win '.repeat(MAX_LEN + 1) });
    expect(long.labels).toEqual(new Array(MAX_LEN).fill('win'));
    expect(long.input.shape[1]).toBe(MAX_LEN);
    long.input.dispose();
    long.baseline.dispose();
    expect(() => ad.encode({ other: 'x' })).toThrow("field 'text': should be text");
    const noEmb = new TextModelAdapter(model, { ...textMetadata(), text: { ...textMetadata().text!, embeddingLayer: 'emb2' } });
    expect(() => noEmb.encode({ text: 'free' })).toThrow("has no layer named 'emb2' (its layers: embedding, pool, hidden, out)");
    const bad = { ...textMetadata(), text: { ...textMetadata().text!, embeddingLayer: 'hidden' } };
    expect(() => new TextModelAdapter(model, bad).encode({ text: 'free' })).toThrow("layer 'hidden' is a Dense, not an Embedding layer");
    expect(() => tf.tidy(() => ad.forward(tf.zeros([1, MAX_LEN + 1, 4])))).toThrow(/needs \[batch, tokens <= 6, dim\]/);
    await expect(ad.predict([{ text: 3 }])).rejects.toThrow("row 0, field 'text': should be text, got number 3");
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inconsistent metadata', () => {
    const m = textMetadata();
    expect(() => new TextModelAdapter(model, { ...m, text: { ...m.text!, padId: 99 } })).toThrow('text.padId = 99 is not an index');
    expect(() => new TextModelAdapter(model, { ...m, task: 'regression' })).toThrow("task 'regression' needs a RegressionScore output");
  });

  it('gradient at the embedding output matches central finite differences', () => {
    const before = tf.memory().numTensors;
    const { g, fd } = tf.tidy(() => {
      const enc = ad.encode({ text: 'free money hello' });
      const f = (x: tf.Tensor) => ad.forward(x).slice([0, 1], [1, 1]).sum();
      const grad = tf.grad(f)(enc.input).dataSync();
      const x0 = enc.input.dataSync();
      const h = 1e-2;
      const diffs: number[] = [];
      for (const i of [0, 5, 11]) {
        const up = Float32Array.from(x0); up[i] += h;
        const dn = Float32Array.from(x0); dn[i] -= h;
        diffs.push((f(tf.tensor(up, enc.input.shape)).dataSync()[0] - f(tf.tensor(dn, enc.input.shape)).dataSync()[0]) / (2 * h));
      }
      return { g: [grad[0], grad[5], grad[11]], fd: diffs };
    });
    g.forEach((v, i) => expect(v).toBeCloseTo(fd[i], 3));
    expect(tf.memory().numTensors).toBe(before);
  });
});
