/**
 * @jest-environment ./test/onnx/ort-environment.js
 */
/**
 * Bad models and bad options give errors naming the model (or file), the input or output, and
 * what was expected; nothing is left half-loaded.
 */
import { readFileSync } from 'fs';
import { onnxModel, onnxSettingsOptions } from '../../src/model/onnx';
import { wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { MODEL_DIR, MODEL_PATH, references } from './spam-onnx';

const text = () => onnxSettingsOptions(MODEL_DIR);

test('a missing file and corrupt bytes name what did not load', async () => {
  await expect(onnxModel('/nonexistent/model.onnx', text())).rejects.toThrow(/ONNX model 'spam-onnx' \(\/nonexistent\/model\.onnx\) does not load: .*doesn't exist/);
  await expect(onnxModel('/nonexistent/model.onnx')).rejects.toThrow(/ONNX model in \/nonexistent: no options given and no tslit\.json/);
  const bytes = new Uint8Array(readFileSync(MODEL_PATH)).slice(0, 5000);
  await expect(onnxModel(bytes, { ...text(), name: 'cut' })).rejects.toThrow(/ONNX model 'cut' \(5000 bytes\) does not load: .*protobuf parsing failed/);
  await expect(onnxModel(bytes)).rejects.toThrow(/ONNX bytes need options/);
});

test('options that do not fit the session name the input or output and what it is', async () => {
  await expect(onnxModel(MODEL_PATH, { ...text(), input: 'ids' })).rejects.toThrow(/ONNX model 'spam-onnx' has no input 'ids' \(it has 'input_ids' \(int64 \[batch, sequence\]\)\)/);
  await expect(onnxModel(MODEL_PATH, { ...text(), output: 'logits' })).rejects.toThrow(/has no output 'logits' \(it has 'probabilities' \(float32 \[batch, 2\]\)\)/);
  await expect(onnxModel(MODEL_PATH, { ...text(), classes: ['a', 'b', 'c'] })).rejects.toThrow(/output 'probabilities' \(float32 \[batch, 2\]\) should be \[batch, 3\] \(one probability per class: a, b, c\)/);
  await expect(onnxModel(MODEL_PATH, { kind: 'tabular', features: ['x', 'y'], classes: ['ham', 'spam'] })).rejects.toThrow(/input 'input_ids' \(int64 \[batch, sequence\]\) should be float32 or float64/);
  await expect(onnxModel(MODEL_PATH, { ...text(), maskInput: 'attention_mask' })).rejects.toThrow(/has no input 'attention_mask'/);
});

test('tokenizer ids beyond the embedding: refused up front when its size is known, else named at prediction', async () => {
  const vocabulary = text().tokenizer.vocabulary();
  // The model's 5,000 words and 1,000 more it has no embedding rows for.
  const big = wordTokenizer({ vocabulary: Array.from({ length: 6000 }, (_, i) => vocabulary[i] ?? `extra${i}`), lowercase: true, unknownId: 1 });
  await expect(onnxModel(MODEL_PATH, { ...text(), tokenizer: big, embeddingRows: 5000 }))
    .rejects.toThrow(/ONNX model 'spam-onnx': its tokenizer has 6000 ids but the embedding has 5000 rows/);
  const m = await onnxModel(MODEL_PATH, { ...text(), tokenizer: big, embeddingRows: undefined });
  const good = { text: references()[3].text };
  await expect(m.predict([good, { text: 'hello extra5500' }])).rejects.toThrow(/ONNX model 'spam-onnx', rows 0\.\.1: onnxruntime failed: .*idx=5500 must be within the inclusive range \[-5000,4999\]/);
  expect((await m.predict([good]))[0].probas).toHaveLength(2); // the rows that fit still run
  await m.release();
});

test('a tokenizer that gives ids its vocabulary does not have is caught per row, naming the row and the id', async () => {
  const base = text().tokenizer;
  const odd = Object.create(base, { encodeIds: { value: (t: string, n?: number) => (t.includes('odd') ? [5, 70000] : base.encodeIds(t, n)) } });
  const m = await onnxModel(MODEL_PATH, { ...text(), tokenizer: odd });
  await expect(m.predict([{ text: 'fine' }, { text: 'an odd one' }])).rejects.toThrow(/ONNX model 'spam-onnx', row 1, field 'text': token id 70000 is beyond the embedding's 5000 rows/);
  await m.release();
});

test('a text field that is not text names the row and field', async () => {
  const m = await onnxModel(MODEL_PATH);
  await expect(m.predict([{ text: 'ok' }, { text: 3 }])).rejects.toThrow(/row 1.*'text'/);
  await m.release();
});
