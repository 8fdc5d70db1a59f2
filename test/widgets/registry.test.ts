/**
 * Pieces registered from a cell (issue 14 item 3), kernel side: validation on registration,
 * one registry listing built-in and registered pieces, a registered metric as a column of the
 * metrics table per slice (values recomputed here independently), a failing metric isolated
 * (null, its message, the other columns still there), and the threshold panel optimising a
 * registered metric (its threshold found here by brute force).
 */
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { loadSpam } from '../../scripts/train/data/spam';
import { metricsTable } from '../../src/widgets/metrics/metrics-table';
import { session } from '../../src/widgets/session';
import { thresholdPanel } from '../../src/widgets/metrics/threshold-panel';
import { Registry } from '../../src/widgets/registry/registry';
import type { GeneratorPiece, MetricPiece } from '../../src/widgets/registry/pieces';
import { counterfactuals } from '../../src/widgets/counterfactuals';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
let penguins: ModelAdapter;
let spam: ModelAdapter;
const BY_ID = { ids: { field: 'id' } };
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
  spam = await loadModel('models/spam', { cacheSize: 0 });
});
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

/** Mean over classes present of the share of that class's rows predicted right. */
const balancedAccuracy: MetricPiece = {
  name: 'balancedAccuracy',
  label: 'Balanced accuracy',
  compute: (labels, predictions) => {
    const k = predictions.classes.length;
    let sum = 0;
    let present = 0;
    for (let c = 0; c < k; c++) {
      let total = 0;
      let right = 0;
      labels.forEach((l, i) => { if (l === c) { total++; if (predictions.predicted[i] === c) right++; } });
      if (total > 0) { sum += right / total; present++; }
    }
    return present ? sum / present : NaN;
  },
};

describe('registration', () => {
  it('validates each piece and names what is wrong', () => {
    const r = new Registry();
    expect(() => r.addMetric({ name: '', compute: () => 1 })).toThrow(/name must be 1-64 letters/);
    expect(() => r.addMetric({ name: 'x' } as unknown as MetricPiece)).toThrow(/metric 'x': 'compute' must be a function, got nothing/);
    expect(() => r.addMetric({ name: 'accuracy', compute: () => 1 })).toThrow(/'accuracy' is a built-in metric; choose another name/);
    r.addMetric({ name: 'one', compute: () => 1 });
    expect(() => r.addMetric({ name: 'one', compute: () => 2 })).toThrow(/'one' is already registered; pass \{ replace: true \}/);
    r.addMetric({ name: 'one', compute: () => 2 }, { replace: true });
    expect(() => r.addSalienceMethod({ name: 'm', explain: () => ({ labels: [], scores: [] }), params: [{ name: 'k', kind: 'number', default: 5, max: 3 }] })).toThrow(/parameter 0 'k': default must be at most 3, got 5/);
    expect(() => r.addGenerator({ name: 'g', generate: () => [], params: [{ name: 'mode', kind: 'choice', choices: ['a'], default: 'b' }] })).toThrow(/default "b" is not one of the choices/);
    expect(() => r.addView({ name: 'v', esm: 'const x = 1;' })).toThrow(/exports nothing; export a render/);
    expect(() => r.addSalienceMethod({ name: 'lime', explain: () => ({ labels: [], scores: [] }) })).toThrow(/built-in salience/);
  });

  it('lists built-in pieces first, then registered ones, and tells listeners', () => {
    const r = new Registry();
    const seen: string[] = [];
    r.onChange((kind) => seen.push(kind));
    r.addGenerator({ name: 'shout', label: 'Shout', generate: (_m, e) => [e] });
    expect(r.list('generator').map((g) => g.name)).toEqual(['word_replacer', 'scrambler', 'ablation_flip', 'hotflip', 'nearest', 'tabular_minimal', 'shout']);
    expect(r.list('generator').at(-1)).toEqual({ name: 'shout', label: 'Shout', builtIn: false });
    expect(r.list('salience').slice(0, 3).map((m) => m.name)).toEqual(['grad_norm', 'grad_x_input', 'integrated_gradients']);
    expect(r.remove('generator', 'shout')).toBe(true);
    expect(seen).toEqual(['generator', 'generator']);
  });
});

test('a registered metric is a column of the metrics table, per slice, and follows registration', async () => {
  const rows = loadPenguins();
  const data = fromRecords(rows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const w = metricsTable(s, { facet: 'Island' });
  await w.settled();
  expect(w.state.columns).not.toContain('balancedAccuracy');
  s.registry.addMetric(balancedAccuracy);
  expect(w.state.columns.at(-1)).toBe('balancedAccuracy');
  const preds = await penguins.predict(data.rows(Array.from({ length: data.size }, (_, i) => i)));
  const predicted = preds.map((p) => { const v = p.probas as number[]; return v.indexOf(Math.max(...v)); });
  for (const row of w.rows) {
    const island = row.slice === 'All' ? null : row.slice.slice('Island='.length);
    const members = rows.map((r, i) => ({ r, i })).filter(({ r }) => island === null || r.Island === island);
    const recalls = SPECIES.map((sp, c) => {
      const of = members.filter(({ r }) => r.Species === sp);
      return of.length ? of.filter(({ i }) => predicted[i] === c).length / of.length : NaN;
    }).filter((x) => !Number.isNaN(x));
    expect(row.values.balancedAccuracy).toBeCloseTo(recalls.reduce((a, b) => a + b, 0) / recalls.length, 10);
  }
  expect(w.state.error).toBeNull();
});

test('a metric that throws or returns a non-number is isolated: null in its column, its message shown, every other column intact', async () => {
  const data = fromRecords(loadPenguins(), BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  s.registry.addMetric({ name: 'broken', compute: () => { throw new Error('division by zero in my metric'); } });
  s.registry.addMetric({ name: 'wordy', compute: () => 'high' as unknown as number });
  const w = metricsTable(s);
  await w.settled();
  expect(w.state.status).toBe('done');
  expect(w.rows[0].values.broken).toBeNull();
  expect(w.rows[0].values.wordy).toBeNull();
  expect(w.rows[0].values.accuracy).toBeGreaterThan(0.9);
  expect(w.state.error).toBe("metric 'broken' failed: division by zero in my metric\nmetric 'wordy' returned string, not a number");
  // The widget keeps working: replacing the metric clears the error.
  s.registry.addMetric({ name: 'broken', compute: () => 0.5 }, { replace: true });
  s.registry.remove('metric', 'wordy');
  expect(w.rows[0].values.broken).toBe(0.5);
  expect(w.state.error).toBeNull();
});

test('the threshold panel optimises a registered metric: the threshold equals a brute-force search', async () => {
  const messages = loadSpam().filter((_, i) => i % 20 === 0).map((m, i) => ({ ...m, id: `m${i}` }));
  const data = fromRecords(messages, BY_ID);
  const s = session({ models: { spam }, datasets: { data } });
  const f1: MetricPiece = {
    name: 'spamF1', label: 'F1 of spam',
    compute: (labels, p) => {
      let tp = 0; let fp = 0; let fn = 0;
      labels.forEach((l, i) => { const q = p.predicted[i]; if (q === 1 && l === 1) tp++; else if (q === 1) fp++; else if (l === 1) fn++; });
      return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    },
  };
  s.registry.addMetric(f1);
  const w = thresholdPanel(s);
  await w.settled();
  const result = w.results.find((r) => r.strategy === 'metric:spamF1')!;
  expect(result.label).toBe('Maximise F1 of spam');
  expect(result.error).toBeNull();
  const preds = await spam.predict(data.rows(Array.from({ length: data.size }, (_, i) => i)));
  const scores = preds.map((p) => (p.probas as number[])[1]);
  const labels = messages.map((m) => ((m as { label?: unknown }).label === 'spam' ? 1 : 0));
  let best = { t: 0, f: -1 };
  for (let k = 0; k <= 100; k++) {
    const t = k / 100;
    let tp = 0; let fp = 0; let fn = 0;
    scores.forEach((sc, i) => { const q = sc >= t ? 1 : 0; if (q && labels[i]) tp++; else if (q) fp++; else if (labels[i]) fn++; });
    const f = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f > best.f + 1e-12) best = { t, f };
  }
  expect(result.groups[0].threshold).toBe(best.t);
});

describe('a registered counterfactual generator', () => {
  const MESSAGES = [
    { id: '0', text: 'Meeting moved to ten tomorrow, see the agenda', label: 'ham' },
    { id: '1', text: 'Thanks for the patch, merged it today', label: 'ham' },
  ];
  const appendPhrase: GeneratorPiece = {
    name: 'append_phrase', label: 'Append a phrase',
    params: [{ name: 'phrase', kind: 'text', default: 'free money click now' }, { name: 'times', kind: 'number', default: 1, min: 1, max: 5, integer: true }],
    supports: (model) => Object.values(model.inputSpec()).some((f) => f.kind === 'TextSegment'),
    // Duplicates and a copy of the original on purpose: tslit drops them.
    generate: (_model, example, { params }) => Array.from({ length: Number(params.times) }, (_, k) => ({ text: `${example.text} ${String(params.phrase).repeat(k + 1)}` })).flatMap((e) => [e, { ...e }, { ...example }]),
  };

  it('appears in the view list with its parameters, runs with the values set there, and its results are predicted and marked', async () => {
    const data = fromRecords(MESSAGES);
    const s = session({ models: { spam }, datasets: { data } });
    const w = counterfactuals(s);
    expect(w.state.generators).not.toContain('append_phrase');
    s.registry.addGenerator(appendPhrase);
    expect(w.state.generators.at(-1)).toBe('append_phrase');
    expect(w.state.generatorLabels).toEqual({ append_phrase: 'Append a phrase' });
    s.select(['0']);
    await new Promise((r) => setTimeout(r, 50));
    await kernel.custom(w.id, { method: 'configure', params: { generator: 'append_phrase' } });
    expect(w.state.generatorParams.map((p) => p.name)).toEqual(['phrase', 'times']);
    expect(w.state.generatorValues).toEqual({ phrase: 'free money click now', times: 1 });
    await kernel.custom(w.id, { method: 'run', params: { generator: 'append_phrase', generatorValues: { phrase: ' win cash prize', times: 3 } } });
    await w.settled();
    expect(w.state.error).toBeNull();
    expect(w.examples.map((e) => e.text)).toEqual([1, 2, 3].map((k) => `${MESSAGES[0].text} ${' win cash prize'.repeat(k)}`));
    const direct = await spam.predict(w.examples);
    w.state.results.forEach((r, i) => {
      expect(r.changedFields).toEqual(['text']);
      expect(r.score).toBeCloseTo(Math.max(...(direct[i].probas as number[])), 6);
    });
    await expect(Promise.resolve().then(() => w.configure({ generatorValues: { times: 9 } }))).rejects.toThrow(/generator 'append_phrase': parameter 'times' must be at most 5, got 9/);
  });

  it('a generator that throws or returns bad candidates shows an error naming it, and the view goes on with a built-in', async () => {
    const data = fromRecords(MESSAGES);
    const s = session({ models: { spam }, datasets: { data } });
    s.registry.addGenerator({ name: 'throws', generate: () => { throw new Error('my generator broke'); } });
    s.registry.addGenerator({ name: 'bad_rows', generate: () => [{ text: 42 }] as unknown as [] });
    const w = counterfactuals(s);
    s.select(['0']);
    await new Promise((r) => setTimeout(r, 50));
    await kernel.custom(w.id, { method: 'run', params: { generator: 'throws' } });
    await w.settled();
    expect(w.state.error).toBe("generator 'throws' failed: my generator broke");
    await kernel.custom(w.id, { method: 'run', params: { generator: 'bad_rows' } });
    await w.settled();
    expect(w.state.error).toMatch(/^generator 'bad_rows' failed: candidate 0: .*text/);
    await kernel.custom(w.id, { method: 'run', params: { generator: 'scrambler' } });
    await w.settled();
    expect(w.state.error).toBeNull();
    s.registry.remove('generator', 'throws');
    expect(w.state.generators).not.toContain('throws');
  });
});
