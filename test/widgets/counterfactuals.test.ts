/**
 * The counterfactuals widget, kernel side, on the real spam and penguins models: runs a
 * generator on the session's current example, lists results with changed words/fields, and
 * adds them to the dataset as generated examples (pinned and selected).
 */
import * as tf from '@tensorflow/tfjs';
import { hotflip, minimalTabularCounterfactual } from '../../src/explain/counterfactuals';
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { counterfactuals, diffWords } from '../../src/widgets/counterfactuals';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';

const MESSAGES = [
  { text: 'win a free prize now click here to claim your cash', label: 'spam' },
  { text: 'see you at the meeting tomorrow I will bring the report', label: 'ham' },
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

test('diffWords marks substituted, inserted and removed words and keeps the spacing', () => {
  expect(diffWords('a b c', 'a x c')).toEqual([
    { text: 'a', kind: 'same' }, { text: ' ', kind: 'same' }, { text: 'b', kind: 'removed' }, { text: ' ', kind: 'removed' },
    { text: 'x', kind: 'added' }, { text: ' ', kind: 'same' }, { text: 'c', kind: 'same' },
  ]);
  const removed = diffWords('free  cash now', 'free  now');
  expect(removed.filter((s) => s.kind === 'removed').map((s) => s.text)).toEqual(['cash', ' ']);
  expect(removed.filter((s) => s.kind !== 'removed').map((s) => s.text).join('')).toBe('free  now');
  expect(diffWords('', 'new words').filter((s) => s.kind === 'added').map((s) => s.text)).toEqual(['new', 'words']);
  expect(diffWords('same text', 'same text').every((s) => s.kind === 'same')).toBe(true);
});

test('HotFlip on the spam model: the list is what the generator returns; "add" puts one into the dataset marked as generated, pinned and selected', async () => {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam }, datasets: { data } });
  const w = counterfactuals(s, { generator: 'hotflip', count: 3 });
  s.select(['0']);
  await new Promise((r) => setTimeout(r, 50)); // the original's prediction is done
  const before = tf.memory().numTensors;
  await kernel.custom(w.id, { method: 'run' });
  await w.settled();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.error).toBeNull();
  const direct = await hotflip(spam, { text: MESSAGES[0].text, label: 'spam' }, { maxResults: 3 });
  expect(w.examples.map((e) => e.text)).toEqual(direct.examples.slice(0, 3).map((c) => c.example.text));
  expect(w.state.results.length).toBeGreaterThan(0);
  const original = w.state.original!;
  expect(original.values.text).toBe(MESSAGES[0].text);
  for (const [i, r] of w.state.results.entries()) {
    expect(r.predicted).not.toBe(original.predicted);
    expect(r.distance).toBe(direct.examples[i].distance);
    const added = r.segments.filter((g) => g.kind === 'added').length;
    expect(added).toBe(direct.examples[i].changed.tokens!.length);
    expect(r.changedFields).toEqual(['text']);
  }

  await kernel.custom(w.id, { method: 'add', index: 0 });
  const id = w.state.results[0].addedId;
  expect(id).toMatch(/^gen-/);
  expect(data.generated.size).toBe(1);
  expect(data.generatedSource(0)).toBe('counterfactual:hotflip');
  expect(data.example(id).text).toBe(w.examples[0].text);
  expect(s.pins).toContain(id);
  expect(s.selection).toEqual(['0', id]);
  expect(s.primary).toBe('0'); // the list stays on the original
  expect(w.state.results.length).toBeGreaterThan(0);
  // Adding it again adds nothing new.
  expect(w.add([0])).toEqual([id]);
  expect(data.generated.size).toBe(1);
  expect(() => w.add([99])).toThrow(/no result #99/);
  w.close();
});

test('word replacer with rules from the view; a bad rule is an error in the view; selecting another example clears the list', async () => {
  const data = fromRecords(MESSAGES);
  const s = session({ models: { spam }, datasets: { data } });
  const w = counterfactuals(s, { generator: 'word_replacer' });
  s.select(['0']);
  await kernel.custom(w.id, { method: 'run', params: { rules: 'free -> costly\ncash -> coupons' } });
  await w.settled();
  expect(w.examples.map((e) => e.text)).toEqual([
    'win a costly prize now click here to claim your cash',
    'win a free prize now click here to claim your coupons',
  ]);
  expect(w.state.results[0].segments.filter((g) => g.kind !== 'same').map((g) => `${g.kind}:${g.text}`)).toEqual(['removed:free', 'removed: ', 'added:costly']);
  await kernel.custom(w.id, { method: 'run', params: { rules: 'no arrow here' } });
  await w.settled();
  expect(w.state.error).toMatch(/rule|->/);
  await kernel.custom(w.id, { method: 'add', index: 'all' });
  s.select(['1']);
  expect(w.state.results).toEqual([]);
  expect(w.state.exampleId).toBe('1');
  w.close();
});

test('minimal tabular counterfactual on penguins with the features allowed to vary; add all', async () => {
  const rows = loadPenguins().slice(0, 120);
  const data = fromRecords(rows);
  const s = session({ models: { penguins }, datasets: { data } });
  const vary = ['Flipper Length (mm)', 'Body Mass (g)'];
  const w = counterfactuals(s, { generator: 'tabular_minimal', vary, count: 2 });
  expect(() => w.configure({ vary: ['Wings'] })).toThrow(/'Wings', which is not a feature/);
  expect(() => w.configure({ ranges: { 'Body Mass (g)': [5000, 3000] } })).toThrow(/low <= high/);
  // Island is a category: it may change or not, but takes no range (the view shows no min/max for it).
  expect(w.state.numericFeatures).toEqual(w.state.features.filter((f) => f !== 'Island'));
  expect(() => w.configure({ ranges: { Island: [0, 1] } })).toThrow("counterfactuals: 'Island' is not numeric, so it takes no range");
  expect(() => counterfactuals(s, { generator: 'tabular_minimal', ranges: { Island: [0, 1] } })).toThrow(/'Island' is not numeric/);
  const id = data.id(0);
  s.select([id]);
  await w.run();
  const example = data.example(id);
  const direct = await minimalTabularCounterfactual(penguins, example, { length: data.size, row: (i) => data.row(i) }, { vary, count: 2 });
  expect(w.examples).toEqual(direct.examples.slice(0, 2).map((c) => c.example));
  for (const r of w.state.results) {
    for (const f of r.changedFields) expect(vary).toContain(f);
    expect(r.predicted).not.toBe(w.state.original!.predicted);
  }
  const ids = w.add();
  expect(ids).toHaveLength(w.state.results.length);
  expect(data.generated.size).toBe(ids.length);
  for (const gid of ids) expect(s.pins).toContain(gid);
  w.close();
});
