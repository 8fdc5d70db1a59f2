/**
 * tslit.json's `text.tokenizer` is the model's one tokenizer (issue 16 item 2): the text adapter
 * reads its ids through it and hands the same object to every generator and view through
 * `tokenizer()`. Three kinds: the word vocabulary (the example models, unchanged ids), one token
 * per character, and a Hugging Face tokenizer.json beside tslit.json (its [CLS] … [SEP] framing
 * included, so gradients and labels cover the special tokens the model reads).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { hotflip, integratedGradients, loadModel as loadAny } from '../../src/index';
import type { TextModelAdapter } from '../../src/model/adapters/text-adapter';
import { hfTokenizer } from '../../src/model/tokenizers/hf-tokenizer';
import { saveModelToDir } from '../../src/model/io/file-system';
import { tokenize, tokensToIds, vocabIndex } from '../../src/model/encode/text';
import type { ModelMetadata, TextPreprocessing } from '../../src/model/metadata';
import { spamSplit } from '../../scripts/train/spam';

const REPO = path.resolve(__dirname, '..', '..');
const SPAM = path.join(REPO, 'models', 'spam');
/** The text adapter tslit.json's text section makes. */
const loadModel = async (dir: string): Promise<TextModelAdapter> => (await loadAny(dir)) as TextModelAdapter;
const BERT_TOKENIZER = path.join(REPO, 'models', 'tiny-bert-spam', 'tokenizer.json');

/** Embedding → mean → softmax, with fixed weights, saved with a tslit.json whose text section is `text`. */
async function savedModel(vocabSize: number, text: Partial<TextPreprocessing>, extraFiles: Record<string, string> = {}): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-meta-tok-'));
  const maxLength = text.maxLength ?? 24;
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: vocabSize, outputDim: 4, inputLength: maxLength, name: 'embedding', embeddingsInitializer: tf.initializers.randomNormal({ seed: 7 }) }),
      tf.layers.globalAveragePooling1d({}),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
    ],
  });
  await saveModelToDir(model, dir);
  model.dispose();
  const metadata: ModelMetadata = {
    name: 'mine', task: 'multiclass', classes: ['a', 'b'],
    inputSpec: { text: { kind: 'TextSegment', required: true } },
    outputSpec: { probas: { kind: 'MulticlassPreds', vocab: ['a', 'b'] } },
    text: { field: 'text', vocab: [], padId: 0, oovId: 1, maxLength, lowercase: true, tokenPattern: '[\\s\\S]', embeddingLayer: 'embedding', ...text },
  } as unknown as ModelMetadata;
  fs.writeFileSync(path.join(dir, 'tslit.json'), JSON.stringify(metadata));
  for (const [name, body] of Object.entries(extraFiles)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

describe('tslit.json text.tokenizer', () => {
  test('word (the default): models/spam reads the same ids as its training script on every held-out text, and exposes the tokenizer', async () => {
    const model = await loadModel(SPAM);
    const pre = JSON.parse(fs.readFileSync(path.join(SPAM, 'tslit.json'), 'utf8')).text as TextPreprocessing;
    const tokenizer = model.tokenizer();
    expect(tokenizer.kind).toBe('word');
    const index = vocabIndex(pre.vocab);
    const texts = spamSplit().heldOut.map((r) => r.text as string);
    let differ = 0;
    for (const text of texts) {
      const trained = tokensToIds(tokenize(text, pre), index, pre.oovId);
      if (tokenizer.encodeIds(text).join(',') !== trained.join(',')) differ++;
    }
    expect(differ).toBe(0);
    // Spans point into the original (capitalised) text.
    const t = tokenizer.tokenize('Hello WORLD!');
    expect(t.map((x: { token: string; start: number; end: number }) => [x.token, 'Hello WORLD!'.slice(x.start, x.end)])).toEqual([['hello', 'Hello'], ['world', 'WORLD'], ['!', '!']]);
    model.model.dispose();
  });

  test('word: encodeIds(text, maxLength) stops at maxLength and equals the whole tokenization cut there; a bad maxLength is named', async () => {
    const model = await loadModel(SPAM);
    const tokenizer = model.tokenizer();
    const texts = spamSplit().heldOut.map((r) => r.text as string);
    for (const maxLength of [0, 1, 7, 128, 100_000]) {
      const differ = texts.filter((t) => tokenizer.encodeIds(t, maxLength).join(',') !== tokenizer.tokenize(t).map((x) => x.id).slice(0, maxLength).join(','));
      expect({ maxLength, differ: differ.length }).toEqual({ maxLength, differ: 0 });
    }
    for (const bad of [-1, 2.5, Number.NaN]) expect(() => tokenizer.encodeIds('a b', bad)).toThrow(`tokenizer: maxLength must be a whole number ≥ 0, got ${bad}`);
    model.model.dispose();
  });

  test('a text longer than maxLength: salience explains the ids predict() reads (the first maxLength), F(x) = the predicted probability', async () => {
    const model = await loadModel(SPAM);
    const pre = JSON.parse(fs.readFileSync(path.join(SPAM, 'tslit.json'), 'utf8')).text as TextPreprocessing;
    const text = spamSplit().heldOut.map((r) => r.text as string).find((t) => model.tokens(t).length > 2 * pre.maxLength) as string;
    const tokens = model.tokens(text);
    const before = tf.memory().numTensors;
    const [predicted] = await model.predict([{ text }], { bypassCache: true });
    const ig = await integratedGradients(model, { text }, { steps: 64 });
    expect(ig.labels).toEqual(tokens.slice(0, pre.maxLength));
    const probas = predicted.probas as number[];
    expect(Math.abs((ig.output as number) - probas[ig.target.classIndex as number])).toBeLessThan(1e-5);
    expect(Math.abs(ig.delta as number)).toBeLessThan(0.01 * Math.abs((ig.output as number) - (ig.baselineOutput as number)) + 1e-4);
    expect(tf.memory().numTensors).toBe(before);
    model.model.dispose();
  });

  test('character: one id per character; HotFlip edits characters', async () => {
    const vocab = ['<pad>', '<unk>', ' ', ...'abcdefghijklmnopqrstuvwxyz'];
    const dir = await savedModel(vocab.length, { vocab, tokenizer: { kind: 'character' } });
    const model = await loadModel(dir);
    expect(model.tokenizer().kind).toBe('character');
    expect(model.tokenizer().encodeIds('Ab c')).toEqual([3, 4, 2, 5]);
    const before = tf.memory().numTensors;
    const ig = await integratedGradients(model, { text: 'abc d' }, { steps: 64 });
    expect(ig.labels).toEqual(['a', 'b', 'c', ' ', 'd']);
    const r = await hotflip(model, { text: 'abc d' }, { maxFlips: 2, precheck: false, maxResults: 5 });
    // Whatever flips it finds, each edits characters in place: same length, at most two characters changed.
    for (const e of r.examples) {
      const t = e.example.text as string;
      expect(t).toHaveLength(5);
      expect([...t].filter((c, i) => c !== 'abc d'[i]).length).toBeLessThanOrEqual(2);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.model.dispose();
  });

  test('huggingface: the tokenizer.json beside tslit.json gives ids with [CLS] and [SEP]; IG labels and completeness cover them', async () => {
    const hf = hfTokenizer(BERT_TOKENIZER);
    const dir = await savedModel(hf.vocabulary().length, { vocab: [], tokenizer: { kind: 'huggingface', file: 'tokenizer.json' }, maxLength: 32 }, { 'tokenizer.json': fs.readFileSync(BERT_TOKENIZER, 'utf8') });
    const model = await loadModel(dir);
    const tokenizer = model.tokenizer();
    expect(tokenizer.kind).toBe('subword');
    const text = 'Remember the meeting tomorrow';
    expect(tokenizer.encodeIds(text)).toEqual(hf.encodeIds(text));
    expect(model.vocabulary()).toEqual(hf.vocabulary());
    const before = tf.memory().numTensors;
    const ig = await integratedGradients(model, { text }, { steps: 128 });
    const ids = hf.encodeIds(text);
    expect(ig.labels).toEqual(ids.map((id) => hf.vocabulary()[id]));
    expect(ig.labels[0]).toBe('[CLS]');
    expect(ig.labels[ig.labels.length - 1]).toBe('[SEP]');
    // Complete: the scores sum to F(x) − F(baseline) within 1% of that span.
    const span = (ig.output as number) - (ig.baselineOutput as number);
    expect(Math.abs(span)).toBeGreaterThan(1e-4);
    expect(Math.abs(ig.delta as number)).toBeLessThan(0.01 * Math.abs(span));
    expect(tf.memory().numTensors).toBe(before);
    model.model.dispose();
  });

  test('bad input: an unknown kind and a missing tokenizer.json are named', async () => {
    const unknown = await savedModel(30, { vocab: Array.from({ length: 30 }, (_, i) => `t${i}`), tokenizer: { kind: 'sentencepiece' } as never });
    await expect(loadModel(unknown)).rejects.toThrow('tslit.json text.tokenizer.kind "sentencepiece" is not one of "word", "character", "huggingface"');
    const missing = await savedModel(30, { vocab: [], tokenizer: { kind: 'huggingface', file: 'nowhere.json' } });
    await expect(loadModel(missing)).rejects.toThrow('nowhere.json');
  });
});
