/**
 * Salience over many rows, kernel side, on the real example models (models/penguins,
 * models/spam, models/mnist): each row's scores are what the explain layer gives for it, the
 * aggregate is the mean |score| recomputed here, progress runs rows done / total, the event
 * loop keeps turning while the job runs, Cancel (from code and as the view's comm message)
 * stops it and leaves the rows shown before, and no tensor outlives a job.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientNorm, integratedGradients } from '../../src/explain/salience';
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { loadMnist } from '../../scripts/train/data/mnist';
import { salience, toRawFeatures } from '../../src/widgets/salience';
import { tokenSpansOf } from '../../src/widgets/salience/token-spans';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';
import { waitUntil } from './progress-wait';

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

function penguinSession(n = 40) {
  const data = fromRecords(loadPenguins().slice(0, n));
  return { s: session({ models: { penguins }, datasets: { data } }), data };
}

test('tabular: each selected row explained as integratedGradients does, summed per raw feature; aggregate = mean |score| per feature', async () => {
  const { s, data } = penguinSession();
  const w = salience(s);
  const ids = [data.id(3), data.id(7), data.id(11), data.id(20)];
  s.select(ids);
  await w.settled();
  const outcome = await w.explainRows('selection');
  expect(outcome.status).toBe('done');
  const st = w.state;
  expect(st.rowsError).toBeNull();
  expect(st.rows.map((r) => r.id)).toEqual(ids);
  expect(st.rowsScope).toBe('selection (4 rows)');
  expect(st.rowsFor).toContain('selection:4|penguins|integrated_gradients/32');
  const direct = ids.map((id) => {
    const ig = integratedGradients(penguins, data.example(id));
    return toRawFeatures(penguins, ig.labels, ig.scores);
  });
  expect(st.rowLabels).toEqual(direct[0].labels);
  expect(st.aggLabels).toEqual(direct[0].labels);
  st.rows.forEach((r, k) => {
    expect(r.error).toBeNull();
    expect(Array.from(st.rowScores.subarray(r.start, r.start + r.length))).toEqual(Array.from(direct[k].scores));
  });
  direct[0].labels.forEach((_, f) => {
    const mean = direct.reduce((sum, d) => sum + Math.abs(d.scores[f]), 0) / direct.length;
    expect(st.aggScores[f]).toBeCloseTo(mean, 5);
  });
  expect(st.aggCounts.every((c) => c === 4)).toBe(true);
  expect(st.jobStatus).toBe('done');
  expect(st.progress).toBeNull();
  w.close();
});

test('text: the aggregate is mean |score| per token over all its occurrences, highest first; a failing row keeps its error and the others go on', async () => {
  const messages = [
    { text: 'win a free prize now click here to claim your free cash', label: 'spam' },
    { text: 'see you at the meeting tomorrow', label: 'ham' },
    { text: '  ,, ', label: 'ham' }, // no tokens: nothing to attribute
  ];
  const data = fromRecords(messages);
  const s = session({ models: { spam }, datasets: { data } });
  const w = salience(s, { salienceMethod: 'grad_norm' });
  const outcome = await w.explainRows('dataset');
  expect(outcome.status).toBe('done');
  const st = w.state;
  expect(st.rows.map((r) => r.id)).toEqual(['0', '1', '2']);
  expect(st.rows[2].error).toMatch(/has no tokens/);
  expect(st.rows[2].length).toBe(0);
  const direct = [0, 1].map((i) => gradientNorm(spam, { text: messages[i].text }));
  expect(st.rowLabels).toEqual([...direct[0].labels, ...direct[1].labels]);
  const sums = new Map<string, number[]>();
  direct.forEach((d) => d.labels.forEach((t, i) => sums.set(t, [...(sums.get(t) ?? []), Math.abs(d.scores[i])])));
  const free = sums.get('free')!;
  expect(free.length).toBe(2);
  const k = st.aggLabels.indexOf('free');
  expect(st.aggCounts[k]).toBe(2);
  expect(st.aggScores[k]).toBeCloseTo((free[0] + free[1]) / 2, 6);
  expect(st.aggLabels.length).toBe(sums.size);
  for (let i = 1; i < st.aggScores.length; i++) expect(st.aggScores[i]).toBeLessThanOrEqual(st.aggScores[i - 1]);
  // Each explained row carries its text and where each token sits in it, as the single-example view places them.
  expect(st.rowSpans.length).toBe(3 * st.rowScores.length);
  [0, 1].forEach((i) => {
    const row = st.rows[i];
    expect(row.text).toBe(messages[i].text);
    const spans = st.rowSpans.subarray(3 * row.start, 3 * (row.start + row.length));
    expect(Array.from(spans)).toEqual(Array.from(tokenSpansOf(spam.tokenizer?.(), messages[i].text, direct[i].labels)));
    direct[i].labels.forEach((label, k) => expect(messages[i].text.slice(spans[3 * k], spans[3 * k + 1]).toLowerCase()).toBe(label));
  });
  expect(st.rows[2].text).toBeUndefined();
  w.close();
});

test('images: per-row heatmaps and their mean |score| heatmap', async () => {
  const mnist = await loadModel('models/mnist', { cacheSize: 0 });
  const rows = loadMnist().filter((_, i) => i % 500 === 0).slice(0, 3);
  const data = fromRecords(rows);
  const s = session({ models: { mnist }, datasets: { data } });
  const w = salience(s, { salienceMethod: 'grad_norm' });
  expect((await w.explainRows([data.id(0), data.id(2)])).status).toBe('done');
  const st = w.state;
  const direct = [0, 2].map((i) => gradientNorm(mnist as never, data.example(data.id(i))));
  expect(st.rowsHeatmapHeight).toBe(direct[0].heatmap!.height);
  expect(st.rowsHeatmapWidth).toBe(direct[0].heatmap!.width);
  expect(st.rowLabels).toEqual([]);
  expect(st.aggScores.length).toBe(st.rowsHeatmapHeight * st.rowsHeatmapWidth);
  for (const p of [0, 300, 400, 783]) expect(st.aggScores[p]).toBeCloseTo((Math.abs(direct[0].scores[p]) + Math.abs(direct[1].scores[p])) / 2, 6);
  w.close();
});

test('progress runs rows done / total while the event loop keeps turning; the view\'s Cancel stops the job, leaves the previous rows, and no tensor is left', async () => {
  const { s, data } = penguinSession(120);
  const w = salience(s, { rowsChunk: 4 });
  s.select([data.id(0), data.id(1)]);
  await w.settled();
  expect((await w.explainRows('selection')).status).toBe('done');
  const before = { rows: w.state.rows, scores: Array.from(w.state.aggScores), rowsFor: w.state.rowsFor };
  expect(before.rowsFor).toMatch(/\|#1$/);
  const baseline = tf.memory().numTensors;

  // A whole run: every published progress is rows done of 120, rising; ticks of the event loop run meanwhile.
  let ticks = 0;
  let ticking = true;
  const tick = (): void => {
    ticks++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const ticksAtStart = ticks;
  const done = await w.explainRows('dataset');
  ticking = false;
  expect(done.status).toBe('done');
  expect(ticks - ticksAtStart).toBeGreaterThanOrEqual(120);
  const progress = kernel.published
    .filter((p) => p.type === 'comm_msg' && p.content.comm_id === w.id)
    .map((p) => (p.content.data as { state?: { progress?: { done: number; total: number } | null } }).state?.progress)
    .filter((p): p is { done: number; total: number } => !!p && p.total === 120);
  expect(progress[0].done).toBe(0);
  expect(progress[progress.length - 1].done).toBe(120);
  for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
  expect(w.state.rows.length).toBe(120);
  expect(tf.memory().numTensors).toBe(baseline);

  // Back to the two-row result, then a dataset run cancelled by the view's message.
  s.select([data.id(0), data.id(1)]);
  await w.explainRows('selection');
  expect(w.state.rows).toEqual(before.rows);
  before.rowsFor = w.state.rowsFor;
  const running = w.explainRows('dataset');
  await waitUntil(() => (w.state.progress?.done ?? 0) >= 1 && w.state.progress?.total === 120, 'the first rows');
  await kernel.custom(w.id, { method: 'cancel' });
  const outcome = await running;
  expect(outcome.status).toBe('cancelled');
  expect(w.state.jobStatus).toBe('cancelled');
  expect(w.state.progress).toBeNull();
  expect(w.state.rows).toEqual(before.rows);
  expect(Array.from(w.state.aggScores)).toEqual(before.scores);
  expect(w.state.rowsFor).toBe(before.rowsFor);
  expect(tf.memory().numTensors).toBe(baseline);
  w.close();
});

test('the view\'s explain_rows message starts a job; bad scopes and unknown ids are errors in rowsError, not the single-example error', async () => {
  const { s, data } = penguinSession();
  const w = salience(s, { salienceMethod: 'grad_norm' });
  s.select([data.id(2), data.id(4), data.id(6)]);
  await w.settled();
  await kernel.custom(w.id, { method: 'explain_rows', scope: 'selection' });
  await w.rowsSettled();
  expect(w.state.rows.map((r) => r.id)).toEqual([data.id(2), data.id(4), data.id(6)]);
  await kernel.custom(w.id, { method: 'explain_rows', scope: 'everything' });
  expect(w.state.rowsError).toMatch(/scope must be 'selection' or 'dataset'/);
  expect(w.state.error).toBeNull();
  expect(() => w.explainRows(['nope'])).toThrow(/no example has id "nope"/);
  s.clearSelection();
  await kernel.custom(w.id, { method: 'explain_rows', scope: 'selection' });
  expect(w.state.rowsError).toMatch(/the selection is empty/);
  expect(w.state.rows.length).toBe(3); // the rows shown before stay
  expect(() => salience(s, { maxRows: 2 }).explainRows('dataset')).toThrow(/more than maxRows \(2\)/);
  w.close();
});
