import * as tf from '@tensorflow/tfjs';
import { evaluateSpam, SPAM, spamSplit } from '../../scripts/train/spam';
import { modelDir, readMetadata } from '../../scripts/train/common';
import { tokenize, vocabIndex } from '../../src/model/encode/text';
import { buildVocab, encodeText, TOKEN_PATTERN } from '../../scripts/train/text';
import { expectModelFiles, expectRecordedFigures, loadAndEvaluate } from './held-out';

describe('models/spam', () => {
  it('has small model files and metadata naming its script', () => {
    expectModelFiles('spam', 1_000_000);
  });

  it('re-evaluates to the recorded held-out figures, at least 0.9 accuracy', async () => {
    const { heldOut } = spamSplit();
    const e = await loadAndEvaluate('spam', heldOut, evaluateSpam);
    expectRecordedFigures(e);
    expect(e.measured.examples).toBe(heldOut.length);
    expect(e.measured.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(e.measured.spamRecall).toBeGreaterThanOrEqual(0.9);

    // The architecture the salience code relies on.
    const pre = e.metadata.text;
    if (pre === undefined) throw new Error('spam model lost its text preprocessing');
    const embedding = e.model.getLayer(pre.embeddingLayer);
    expect(embedding.getClassName()).toBe('Embedding');
    expect(embedding.getWeights()[0].shape).toEqual([pre.vocab.length, 16]);
    expect(e.model.inputs[0].shape).toEqual([null, pre.maxLength]);
    expect([pre.vocab[pre.padId], pre.vocab[pre.oovId]]).toEqual(['<pad>', '<unk>']);
    expect(e.metadata.outputSpec.probas).toEqual({ kind: 'MulticlassPreds', vocab: ['ham', 'spam'], parent: 'label', nullIdx: 0 });
    e.model.dispose();
  });

  it('tokenizes as tslit.json describes: lowercase words, $ and ! alone, unknown words to oovId, padded with padId', () => {
    const rule = { lowercase: true, tokenPattern: "[a-z0-9]+(?:'[a-z]+)*|[$!]" };
    expect(tokenize("FREE $$$ money!! Don't wait", rule)).toEqual(['free', '$', '$', '$', 'money', '!', '!', "don't", 'wait']);
    const pre = { field: 'text', vocab: ['<pad>', '<unk>', 'free', 'money'], padId: 0, oovId: 1, maxLength: 5, ...rule, embeddingLayer: 'embedding' };
    expect(encodeText('Free MONEY now', pre, vocabIndex(pre.vocab))).toEqual([2, 3, 1, 0, 0]);
    expect(encodeText('free free free free free free', pre, vocabIndex(pre.vocab))).toEqual([2, 2, 2, 2, 2]);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('rebuilds the committed vocabulary from the training split with the model layer\'s tokenizer', () => {
    const vocab = buildVocab(spamSplit().train.map((r) => String(r.text)), { lowercase: true, tokenPattern: TOKEN_PATTERN }, SPAM.vocabSize);
    expect(vocab).toEqual(readMetadata(modelDir('spam')).text?.vocab);
  });
});
