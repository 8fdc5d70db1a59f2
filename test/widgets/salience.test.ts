/**
 * The salience and predictions widgets, kernel side, on the real example models (models/spam,
 * models/penguins): they follow the session's selection and edits, publish what the explain
 * layer computes for the shown example, drop stale results, and show errors as state.
 */
import { readFileSync } from 'fs';
import * as tf from '@tensorflow/tfjs';
import { integratedGradients, kernelShap } from '../../src/explain/salience';
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { predictions } from '../../src/widgets/prediction/predictions';
import { salience, toRawFeatures } from '../../src/widgets/salience';
import { spreadIndices } from '../../src/widgets/salience/baseline-choice';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';

const MESSAGES = [
  { text: 'win a free prize now, click here to claim your cash', label: 'spam' },
  { text: 'see you at the meeting tomorrow, I will bring the report', label: 'ham' },
  { text: 'cheap meds online order today limited offer', label: 'spam' },
];

let kernel: TestKernel;
let spam: ModelAdapter;
let penguins: ModelAdapter;

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  spam = await loadModel('models/spam', { cacheSize: 0 });
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
});
beforeEach(() => {
  kernel = startTestKernel();
});
afterEach(() => kernel.stop());

/** States the widget published with `key` set, in order. */
function publishedValues(commId: string, key: string): unknown[] {
  return kernel.published
    .filter((p) => p.type === 'comm_msg' && p.content.comm_id === commId)
    .map((p) => (p.content.data as { state?: Record<string, unknown> }).state)
    .filter((s): s is Record<string, unknown> => !!s && key in s)
    .map((s) => s[key]);
}

function spamSession() {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam }, datasets: { data } });
  return { s, data };
}

test('salience shows integrated gradients of the selected example, as the explain layer computes them, with the delta', async () => {
  const { s } = spamSession();
  const w = salience(s);
  expect(w.state.salienceMethod).toBe('integrated_gradients');
  expect(w.state.labels).toEqual([]); // nothing selected yet
  s.select(['0']);
  await w.settled();
  const direct = integratedGradients(spam, { text: MESSAGES[0].text }, { steps: 32 });
  expect(w.state.error).toBeNull();
  expect(w.state.labels).toEqual(direct.labels);
  expect(Array.from(w.state.scores)).toEqual(Array.from(direct.scores));
  expect(w.state.delta).toBe(direct.delta);
  expect(w.state.text).toBe(MESSAGES[0].text);
  expect(w.state.predicted).toBe('spam');
  expect(w.state.computedFor).toContain('integrated_gradients/32');
  w.close();
});

test('an edit of the shown example (as the datapoint editor makes it) re-computes salience; the view text box makes an edit too', async () => {
  const { s } = spamSession();
  const w = salience(s);
  s.select(['1']);
  await w.settled();
  const edited = 'win free cash now at the meeting';
  const editId = s.edit('1', { text: edited, label: 'ham' });
  await w.settled();
  expect(w.state.exampleId).toBe(editId);
  expect(w.state.text).toBe(edited);
  expect(w.state.labels).toEqual(integratedGradients(spam, { text: edited }).labels);

  // The view's own text box: a `text` custom message updates the same session edit.
  await kernel.custom(w.id, { method: 'text', text: 'lunch tomorrow?' });
  await w.settled();
  expect(s.edits.get(editId)?.text).toBe('lunch tomorrow?');
  expect(w.state.text).toBe('lunch tomorrow?');
  expect(w.state.labels).toEqual(integratedGradients(spam, { text: 'lunch tomorrow?' }).labels);
  w.close();
});

test('a newer edit drops the result of the computation still running for the older one (latest wins)', async () => {
  // The real spam model behind a slow predict (as a remote model would be), so the first
  // computation is surely still running when the second edit arrives.
  const slow = Object.create(spam) as ModelAdapter;
  slow.predict = async (examples, options) => {
    await new Promise((r) => setTimeout(r, 60));
    return spam.predict(examples, options);
  };
  const s = session({ models: { spam: slow }, datasets: { data: fromRecords(MESSAGES) } });
  const w = salience(s);
  s.select(['0']);
  await w.settled();
  const first = 'free prize claim now';
  const id = s.edit('0', { text: first, label: 'spam' });
  await new Promise((r) => setTimeout(r, 20));
  expect(w.state.busy).toBe(true);
  expect(w.state.text).toBe(first); // its run started
  const second = 'the quarterly report is attached';
  s.edit('0', { text: second, label: 'spam' }, { editId: id });
  await w.settled();
  await new Promise((r) => setTimeout(r, 100)); // the first run's predict has returned by now
  const stamps = publishedValues(w.id, 'computedFor') as string[];
  expect(stamps.filter((st) => st.startsWith(`${id}:`))).toHaveLength(1); // only the second edit's result was ever shown
  expect(w.state.text).toBe(second);
  expect(w.state.labels).toEqual(integratedGradients(spam, { text: second }).labels);
  // A burst of edits computes only the last one.
  const before = stamps.length;
  for (const t of ['a', 'a b', 'a b c']) s.edit('0', { text: t, label: 'spam' }, { editId: id });
  await w.settled();
  expect((publishedValues(w.id, 'computedFor') as string[]).slice(before)).toHaveLength(1);
  expect(w.state.labels).toEqual(['a', 'b', 'c']);
  w.close();
});

test('method and parameters from the view; bad parameters and too-long text show as errors in the view', async () => {
  const { s } = spamSession();
  const w = salience(s);
  s.select(['2']);
  await w.settled();
  await kernel.custom(w.id, { method: 'configure', params: { salienceMethod: 'grad_norm' } });
  await w.settled();
  expect(w.state.salienceMethod).toBe('grad_norm');
  expect(w.state.delta).toBeNull();
  expect(Array.from(w.state.scores).every((v) => v >= 0)).toBe(true);
  await kernel.custom(w.id, { method: 'configure', params: { steps: 0 } });
  expect(w.state.error).toMatch(/steps must be an integer/);
  await kernel.custom(w.id, { method: 'configure', params: { target: 'eggs' } });
  expect(w.state.error).toMatch(/target must be 'predicted' or a class \(ham, spam\)/);
  await kernel.custom(w.id, { method: 'configure', params: { salienceMethod: 'kernel_shap' } });
  expect(w.state.error).toMatch(/kernel_shap is not available/);
  await w.configure({ salienceMethod: 'integrated_gradients', target: 'ham' });
  expect(w.state.error).toBeNull();
  expect(w.state.explained).toBe('ham');
  const long = Array.from({ length: 2000 }, (_, i) => `word${i % 50}`).join(' ');
  await kernel.custom(w.id, { method: 'text', text: long });
  await w.settled();
  // Explained as predict() reads it: the first maxLength tokens.
  const maxLength = (JSON.parse(readFileSync('models/spam/tslit.json', 'utf8')) as { text: { maxLength: number } }).text.maxLength;
  expect(w.state.error).toBeNull();
  expect(w.state.labels).toEqual(long.split(' ').slice(0, maxLength));
  w.close();
});

test('no tensor is left behind by salience over several edits and methods', async () => {
  const { s } = spamSession();
  const w = salience(s);
  s.select(['0']);
  await w.settled();
  const baseline = tf.memory().numTensors;
  for (const method of ['integrated_gradients', 'grad_x_input', 'smooth_grad', 'lime', 'occlusion'] as const) {
    await w.configure({ salienceMethod: method, samples: 32 });
    s.edit('0', { text: `${method} free cash`, label: 'spam' });
    await w.settled();
    expect(w.state.error).toBeNull();
  }
  expect(tf.memory().numTensors).toBe(baseline);
  w.close();
});

test('tabular (penguins): Kernel SHAP per raw feature as the explain layer computes it; IG one-hot columns summed per feature', async () => {
  const rows = loadPenguins().slice(0, 60);
  const data = fromRecords(rows);
  const s = session({ models: { penguins }, datasets: { data } });
  const w = salience(s, { salienceMethod: 'kernel_shap', samples: 256 });
  s.select([data.id(5)]);
  await w.settled();
  expect(w.state.inputKind).toBe('tabular');
  const example = data.row(5);
  // The view's background: 50 rows spread over the dataset (compute.ts backgroundRows).
  const background = spreadIndices(data.size, 50).map((i) => data.row(i));
  const direct = await kernelShap(penguins, example, { target: 'predicted', samples: 256, background });
  expect(w.state.labels).toEqual(direct.labels);
  expect(Array.from(w.state.scores)).toEqual(Array.from(direct.scores));
  expect(w.state.delta).toBe(direct.delta);

  await w.configure({ salienceMethod: 'integrated_gradients' });
  const ig = integratedGradients(penguins, example);
  const raw = toRawFeatures(penguins, ig.labels, ig.scores);
  expect(w.state.labels).toEqual(raw.labels);
  expect(w.state.labels).toContain('Island');
  expect(w.state.labels.length).toBeLessThan(ig.columns?.labels.length ?? 0); // Island's one-hot columns became one bar
  expect(Array.from(w.state.scores)).toEqual(Array.from(raw.scores));
  w.close();
});

test('predictions: every model of the session for the current example, following edits', async () => {
  const { s } = spamSession();
  s.addModel('spam-again', spam);
  const w = predictions(s);
  s.select(['1']);
  await w.settled();
  const [p] = await spam.predict([{ text: MESSAGES[1].text }]);
  expect(w.state.results.map((r) => r.model)).toEqual(['spam', 'spam-again']);
  expect(w.state.results[0].probabilities).toEqual(Array.from(p.probas as number[], Number));
  const classes = ['ham', 'spam'];
  const argmax = (q: ArrayLike<number>) => (q[1] > q[0] ? 1 : 0);
  expect(w.state.results[0].predicted).toBe(classes[argmax(p.probas as number[])]);
  const edited = 'win free cash prize now click';
  s.edit('1', { text: edited, label: 'ham' });
  await w.settled();
  const [q] = await spam.predict([{ text: edited }]);
  expect(w.state.results[1].probabilities).toEqual(Array.from(q.probas as number[], Number));
  expect(w.state.results[1].predicted).toBe(classes[argmax(q.probas as number[])]);
  expect(w.state.results[1].probabilities).not.toEqual(w.state.results[0].probabilities.length ? Array.from(p.probas as number[], Number) : []);
  expect(() => predictions(s, { models: ['nope'] })).toThrow(/no model named "nope"/);
  w.close();
});
