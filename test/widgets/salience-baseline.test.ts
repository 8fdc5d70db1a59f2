/**
 * The salience widget's tabular baseline, kernel side, on models/penguins: what the view
 * offers, what it sends (`configure` with `baseline` / `baselineRow`), and what the kernel
 * publishes back (`baselineUsed` as JSON the view's checker accepts, the one-hot detail as a
 * binary buffer) — each result equal to the explain layer's for the same baseline.
 */
import { asBaselineShown, baselineValuesText } from '../../src/core/salience-baseline';
import type { Example } from '../../src/core/spec';
import { integratedGradients, gradientTimesInput, kernelShap } from '../../src/explain/salience';
import type { ModelAdapter } from '../../src/model/adapter';
import { TabularModelAdapter } from '../../src/model/adapters/tabular-adapter';
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { MetadataAdapter } from '../../src/model';
import type { TabularFeature } from '../../src/model/metadata';
import { salience } from '../../src/widgets/salience';
import { spreadIndices } from '../../src/widgets/salience/baseline-choice';
import { session } from '../../src/widgets/session';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
let penguins: MetadataAdapter;
let spam: ModelAdapter;

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  penguins = (await loadModel('models/penguins', { cacheSize: 0 })) as MetadataAdapter;
  spam = await loadModel('models/spam', { cacheSize: 0 });
});
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

const FIELDS = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island'];
const inputsOf = (row: Example): Example => Object.fromEntries(FIELDS.map((f) => [f, row[f]]));

function penguinSession(model: ModelAdapter = penguins) {
  const data = fromRecords(loadPenguins().slice(0, 120));
  return { s: session({ models: { penguins: model }, datasets: { data } }), data };
}

/** The last value of `key` the widget published to its views. */
function lastPublished(commId: string, key: string): unknown {
  const states = kernel.published
    .filter((p) => p.type === 'comm_msg' && p.content.comm_id === commId)
    .map((p) => (p.content.data as { state?: Record<string, unknown> }).state)
    .filter((st): st is Record<string, unknown> => !!st && key in st);
  return states[states.length - 1]?.[key];
}

async function configure(w: ReturnType<typeof salience>, params: Record<string, unknown>): Promise<void> {
  await kernel.custom(w.id, { method: 'configure', params });
  await w.settled();
}

test('default: training medians from tslit.json, shown with their values; scores and one-hot columns equal the explain layer', async () => {
  const { s, data } = penguinSession();
  const w = salience(s);
  expect(w.state.baselines).toEqual(['median', 'row', 'background']);
  expect(w.state.baseline).toBe('median');
  s.select([data.id(70)]);
  await w.settled();
  expect(w.state.error).toBeNull();
  const direct = integratedGradients(penguins, inputsOf(data.row(70)), { steps: 32 });
  expect(w.state.labels).toEqual(direct.labels);
  expect(Array.from(w.state.scores)).toEqual(Array.from(direct.scores));
  expect(w.state.columnLabels).toEqual(direct.columns?.labels);
  expect(Array.from(w.state.columnScores)).toEqual(Array.from(direct.columns?.scores ?? []));
  const medians = (penguins as TabularModelAdapter).medianRow() as Record<string, string | number>;
  expect(w.state.baselineUsed).toEqual({ kind: 'median', origin: 'training medians and modes (tslit.json)', values: medians, rows: 1 });
  expect(Math.abs(w.state.delta ?? NaN)).toBeLessThanOrEqual(0.01 * Math.abs(w.state.outputChange ?? NaN));
  // On the wire: the baseline as JSON the view's checker reads back whole; the columns as a buffer.
  const wire = lastPublished(w.id, 'baselineUsed');
  expect(asBaselineShown(JSON.parse(JSON.stringify(wire)))).toEqual(w.state.baselineUsed);
  expect(baselineValuesText(medians)).toBe('Beak Length (mm) 44.45 · Beak Depth (mm) 17.3 · Flipper Length (mm) 197 · Body Mass (g) 3987.5 · Island Biscoe');
  const columns = kernel.published.filter((p) => p.type === 'comm_msg' && p.content.comm_id === w.id && (p.content.data as { buffer_paths?: string[][] }).buffer_paths?.some((bp) => bp[0] === 'columnScores'));
  expect(columns.length).toBeGreaterThan(0);
  expect(w.result.columns.labels).toHaveLength(7);
  expect(w.result.baseline?.kind).toBe('median');
  w.close();
});

test('the view chooses a row, then a background (also for gradient×input); each equals the explain layer with that baseline', async () => {
  const { s, data } = penguinSession();
  const w = salience(s, { backgroundRows: 8 });
  s.select([data.id(10)]);
  await w.settled();
  const x = inputsOf(data.row(10));

  await configure(w, { baseline: 'row', baselineRow: data.id(100) });
  expect(w.state.error).toBeNull();
  const row = integratedGradients(penguins, x, { steps: 32, baseline: { row: data.row(100) } });
  expect(Array.from(w.state.scores)).toEqual(Array.from(row.scores));
  expect(w.state.baselineUsed).toEqual({ kind: 'row', origin: `row '${data.id(100)}'`, values: inputsOf(data.row(100)), rows: 1 });
  expect(w.state.computedFor).toContain(`baseline=row:${data.id(100)}`);

  await configure(w, { baseline: 'background' });
  const rows = spreadIndices(data.size, 8).map((i) => inputsOf(data.row(i)));
  const bg = integratedGradients(penguins, x, { steps: 32, baseline: { background: rows, samples: 8 } });
  expect(Array.from(w.state.scores)).toEqual(Array.from(bg.scores));
  expect(w.state.baselineUsed).toEqual({ kind: 'background', origin: `8 rows of dataset '${data.name}'`, values: null, rows: 8 });
  expect(Math.abs(w.state.delta ?? NaN)).toBeLessThanOrEqual(0.01 * Math.abs(w.state.outputChange ?? NaN));

  // Gradient×input takes the same baseline.
  await configure(w, { salienceMethod: 'grad_x_input' });
  const gx = gradientTimesInput(penguins, x, { baseline: { background: rows, samples: 8 } });
  expect(Array.from(w.state.scores)).toEqual(Array.from(gx.scores));
  expect(w.state.baselineUsed?.kind).toBe('background');
  // Methods without a baseline show none.
  await configure(w, { salienceMethod: 'occlusion' });
  expect(w.state.baselineUsed).toBeNull();
  expect(lastPublished(w.id, 'baselineUsed')).toBeNull();
  w.close();
});

test('bad choices from the view: an unknown baseline, a row baseline without a row or with an unknown id', async () => {
  const { s, data } = penguinSession();
  const w = salience(s);
  s.select([data.id(3)]);
  await w.settled();
  await configure(w, { baseline: 'mean' });
  expect(w.state.error).toBe('salience: baseline must be one of median, row, background; got "mean"');
  await configure(w, { baselineRow: 7 });
  expect(w.state.error).toBe('salience: baselineRow must be an example id (a string); got 7');
  await configure(w, { baseline: 'row' });
  expect(w.state.error).toMatch(/^salience: baseline "row" needs a row: give baselineRow/);
  expect(w.state.baselineUsed).toBeNull();
  await configure(w, { baselineRow: 'no-such-row' });
  expect(w.state.error).toMatch(/^salience: baseline row: session: no example has id "no-such-row"/);
  await configure(w, { baseline: 'median' });
  expect(w.state.error).toBeNull();
  w.close();
});

test('a tslit.json without medians: the view takes the medians of the dataset and says so', async () => {
  const features = (penguins.metadata.tabular?.features ?? []).map((f) => {
    const { median: _m, mode: _o, ...rest } = f as TabularFeature & { median?: number; mode?: string };
    return rest as TabularFeature;
  });
  const older = new TabularModelAdapter(penguins.model, { ...penguins.metadata, tabular: { features } }, { cacheSize: 0 });
  const { s, data } = penguinSession(older);
  const w = salience(s);
  s.select([data.id(50)]);
  await w.settled();
  expect(w.state.error).toBeNull();
  const all = Array.from({ length: data.size }, (_, i) => inputsOf(data.row(i)));
  const direct = integratedGradients(older, inputsOf(data.row(50)), { steps: 32, baseline: { median: all } });
  expect(Array.from(w.state.scores)).toEqual(Array.from(direct.scores));
  expect(w.state.baselineUsed?.origin).toBe(`medians and modes of dataset '${data.name}' (120 rows; tslit.json records none)`);
  expect(w.state.baselineUsed?.values).toEqual(direct.baseline?.values);
  w.close();
});

test('many rows use the chosen baseline too', async () => {
  const { s, data } = penguinSession();
  const w = salience(s, { baseline: 'row', baselineRow: data.id(0) });
  s.select([data.id(30), data.id(90)]);
  await w.settled();
  const outcome = await w.explainRows('selection');
  expect(outcome.status).toBe('done');
  const first = integratedGradients(penguins, inputsOf(data.row(30)), { steps: 32, baseline: { row: data.row(0) } });
  expect(Array.from(w.state.rowScores.slice(0, first.scores.length))).toEqual(Array.from(first.scores));
  w.close();
});

test('text models offer no tabular baseline', async () => {
  const data = fromRecords([{ text: 'win a free prize now', label: 'spam' }]);
  const s = session({ models: { spam }, datasets: { data } });
  const w = salience(s);
  s.select([data.id(0)]);
  await w.settled();
  expect(w.state.baselines).toEqual([]);
  expect(w.state.baselineUsed).toBeNull();
  expect(w.state.columnLabels).toEqual([]);
  w.close();
});

test('Kernel SHAP in the view takes its background spread over the dataset (penguins is sorted by species), not its first rows', async () => {
  const data = fromRecords(loadPenguins());
  const s = session({ models: { penguins }, datasets: { data } });
  const w = salience(s, { backgroundRows: 8, salienceMethod: 'kernel_shap' });
  s.select([data.id(10)]);
  await w.settled();
  await configure(w, { samples: 64 });
  expect(w.state.error).toBeNull();
  const spread = spreadIndices(data.size, 8).map((i) => inputsOf(data.row(i)));
  expect(new Set(spreadIndices(data.size, 8).map((i) => data.row(i).Species)).size).toBeGreaterThan(1);
  const x = inputsOf(data.row(10));
  const want = kernelShap(penguins, x, { samples: 64, background: spread });
  expect(Array.from(w.state.scores)).toEqual(Array.from(want.scores));
  const first = kernelShap(penguins, x, { samples: 64, background: Array.from({ length: 8 }, (_, i) => inputsOf(data.row(i))) });
  expect(Array.from(w.state.scores)).not.toEqual(Array.from(first.scores));
  w.close();
});
