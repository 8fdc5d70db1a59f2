/**
 * A salience method registered from a cell (issue 14 item 3), kernel side: it appears in the
 * salience view's list for the models its `supports` accepts, with its parameters as state the
 * view draws controls from; it runs on the selected example with the values set there (its
 * scores recomputed here independently), on many rows too; its failures (a throw, wrong
 * lengths, a NaN, bad parameter values) show as errors naming it while the view goes on with a
 * built-in; removing it falls back to the default method. Tensors are all disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import type { Example } from '../../src/core/spec';
import { session } from '../../src/widgets/session';
import { salience } from '../../src/widgets/salience';
import type { SaliencePiece } from '../../src/widgets/registry/pieces';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
let spam: ModelAdapter;
let penguins: ModelAdapter;

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  spam = await loadModel('models/spam', { cacheSize: 0 });
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
});
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

const MESSAGES = [
  { id: '0', text: 'you win a free prize claim your cash now', label: 'spam' },
  { id: '1', text: 'see you at the meeting tomorrow morning', label: 'ham' },
];

const probaOf = (p: Record<string, unknown>, c: number): number => (p.probas as number[])[c];
const isText = (model: ModelAdapter) => Object.values(model.inputSpec()).some((s) => s.kind === 'TextSegment');

/**
 * Leave-one-word-out: each word's score is p(target) with the text minus that word, subtracted
 * from p(target) of the whole text, times `scale`; `drop` words are removed at once (a window).
 */
const leaveOneOut: SaliencePiece = {
  name: 'leave_one_out',
  label: 'Leave one word out',
  params: [
    { name: 'scale', kind: 'number', default: 1, min: 0.1, max: 100 },
    { name: 'drop', kind: 'number', default: 1, min: 1, max: 3, integer: true },
  ],
  supports: (model) => isText(model) || 'needs a text model',
  async explain(model, example, { target, params, signal }) {
    const words = String(example.text).split(/\s+/).filter(Boolean);
    const variants: Example[] = [example, ...words.map((_, i) => ({ ...example, text: words.filter((__, j) => j < i || j >= i + Number(params.drop)).join(' ') }))];
    const preds = await model.predict(variants, { signal });
    const probs = preds.map((p) => p.probas as number[]);
    const c = typeof target === 'object' ? 1 : probs[0].indexOf(Math.max(...probs[0]));
    return { labels: words, scores: probs.slice(1).map((p) => (probs[0][c] - p[c]) * Number(params.scale)) };
  },
};

async function selectAndSettle(s: ReturnType<typeof session>, w: ReturnType<typeof salience>, id: string) {
  s.select([id]);
  await new Promise((r) => setTimeout(r, 20));
  await w.settled();
}

test('a registered method joins the list for the models it supports, with its label and parameters, and runs with the values set in the view', async () => {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam, penguins }, datasets: { data } });
  const w = salience(s, { model: 'spam' });
  expect(w.state.methods).not.toContain('leave_one_out');
  s.registry.addSalienceMethod(leaveOneOut);
  expect(w.state.methods.at(-1)).toBe('leave_one_out');
  expect(w.state.methodLabels).toEqual({ leave_one_out: 'Leave one word out' });
  await kernel.custom(w.id, { method: 'configure', params: { salienceMethod: 'leave_one_out' } });
  expect(w.state.methodParams.map((p) => p.name)).toEqual(['scale', 'drop']);
  expect(w.state.methodValues).toEqual({ scale: 1, drop: 1 });
  const before = tf.memory().numTensors;
  await selectAndSettle(s, w, '0');
  expect(w.state.error).toBeNull();
  const words = MESSAGES[0].text.split(' ');
  expect(w.state.labels).toEqual(words);
  // Independently: p(spam) of the text minus each word.
  const whole = await spam.predict([{ text: MESSAGES[0].text }]);
  const spamIndex = (whole[0].probas as number[]).indexOf(Math.max(...(whole[0].probas as number[])));
  expect(w.state.explained).toBe('spam');
  const without = await spam.predict(words.map((_, i) => ({ text: words.filter((__, j) => j !== i).join(' ') })));
  Array.from(w.state.scores).forEach((v, i) => expect(v).toBeCloseTo(probaOf(whole[0], spamIndex) - probaOf(without[i], spamIndex), 5));
  const once = Array.from(w.state.scores);
  // Values from the view's controls: recomputed, the stamp names them.
  await kernel.custom(w.id, { method: 'configure', params: { methodValues: { scale: 10, drop: 1 } } });
  await w.settled();
  expect(w.state.computedFor).toContain('leave_one_out');
  expect(w.state.computedFor).toContain('"scale":10');
  Array.from(w.state.scores).forEach((v, i) => expect(v).toBeCloseTo(once[i] * 10, 4));
  expect(w.result.method).toBe('leave_one_out');
  expect(tf.memory().numTensors).toBe(before);
  // Not offered to a tabular model (its supports says why); switching model falls back to a built-in.
  await kernel.custom(w.id, { method: 'configure', params: { model: 'penguins' } });
  expect(w.state.methods).not.toContain('leave_one_out');
  expect(['integrated_gradients', 'lime']).toContain(w.state.salienceMethod);
  expect(w.state.methodParams).toEqual([]);
  w.close();
});

test('bad values, a throw, wrong lengths and NaN scores show as errors naming the method; a built-in goes on working', async () => {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam }, datasets: { data } });
  s.registry.addSalienceMethod(leaveOneOut);
  s.registry.addSalienceMethod({ name: 'throws', explain: () => { throw new Error('my method broke'); } });
  s.registry.addSalienceMethod({ name: 'short', explain: () => ({ labels: ['a', 'b'], scores: [1] }) });
  s.registry.addSalienceMethod({ name: 'nan', explain: () => ({ labels: ['a', 'b'], scores: [1, NaN] }) });
  const w = salience(s, { salienceMethod: 'leave_one_out', methodValues: { scale: 2 } });
  expect(w.state.methodValues).toEqual({ scale: 2, drop: 1 });
  await selectAndSettle(s, w, '1');
  expect(w.state.error).toBeNull();
  await kernel.custom(w.id, { method: 'configure', params: { methodValues: { scale: 1000 } } });
  expect(w.state.error).toBe("salience method 'leave_one_out': parameter 'scale' must be at most 100, got 1000");
  expect(w.state.methodValues).toEqual({ scale: 2, drop: 1 });
  await kernel.custom(w.id, { method: 'configure', params: { methodValues: { width: 3 } } });
  expect(w.state.error).toMatch(/unknown parameter 'width' \(parameters: scale, drop\)/);
  for (const [name, message] of [
    ['throws', "salience method 'throws' failed: my method broke"],
    ['short', "salience method 'short' failed: 1 scores for 2 labels"],
    ['nan', `salience method 'nan' failed: score 1 ("b") is NaN, not a finite number`],
  ]) {
    await kernel.custom(w.id, { method: 'configure', params: { salienceMethod: name } });
    await w.settled();
    expect(w.state.error).toBe(message);
    expect(w.state.labels).toEqual([]);
  }
  await kernel.custom(w.id, { method: 'configure', params: { salienceMethod: 'grad_norm' } });
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(w.state.labels.length).toBeGreaterThan(0);
  expect(() => salience(s, { salienceMethod: 'no_such' })).toThrow(/method must be one of .*leave_one_out.*; got "no_such"/);
  w.close();
});

test('removing or replacing the chosen method: the list follows, the view recomputes or falls back to the default', async () => {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam }, datasets: { data } });
  s.registry.addSalienceMethod({ name: 'ones', explain: (_m, e) => ({ labels: String(e.text).split(' '), scores: String(e.text).split(' ').map(() => 1) }) });
  const w = salience(s, { salienceMethod: 'ones' });
  await selectAndSettle(s, w, '0');
  expect(Array.from(w.state.scores).every((v) => v === 1)).toBe(true);
  s.registry.addSalienceMethod({ name: 'ones', explain: (_m, e) => ({ labels: String(e.text).split(' '), scores: String(e.text).split(' ').map(() => 2) }) }, { replace: true });
  await w.settled();
  expect(Array.from(w.state.scores).every((v) => v === 2)).toBe(true);
  s.registry.remove('salience', 'ones');
  await w.settled();
  expect(w.state.methods).not.toContain('ones');
  expect(w.state.salienceMethod).toBe('integrated_gradients');
  expect(w.state.error).toBeNull();
  w.close();
});

test('many rows with a registered method: each row explained as alone, the aggregate over them', async () => {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam }, datasets: { data } });
  s.registry.addSalienceMethod(leaveOneOut);
  const w = salience(s, { salienceMethod: 'leave_one_out' });
  s.select(['0', '1']);
  const outcome = await w.explainRows('selection');
  expect(outcome.status).toBe('done');
  expect(w.state.rowsError).toBeNull();
  expect(w.state.rows.map((r) => [r.id, r.error, r.length])).toEqual([['0', null, 9], ['1', null, 7]]);
  await selectAndSettle(s, w, '1');
  const row = w.state.rows[1];
  expect(Array.from(w.state.rowScores.slice(row.start, row.start + row.length))).toEqual(Array.from(w.state.scores));
  w.close();
});
