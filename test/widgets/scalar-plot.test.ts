/**
 * The scalar plot widget, kernel side, on models/penguins and the vega-datasets penguins:
 * one point per usable row with the model's score (checked against the model's own
 * predictions), coloured by the label, selection by click, redraw without re-predicting,
 * Cancel of the whole-dataset prediction, tensors disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { readJSON, type Dataset } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { vegaDataPath } from '../../src/examples/penguins';
import { scalarPlot } from '../../src/widgets/plots/scalar-plot';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';
import { waitUntil } from './progress-wait';

let kernel: TestKernel;
let penguins: ModelAdapter;
let data: Dataset;

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
  data = readJSON(vegaDataPath('penguins.json'), { name: 'penguins' });
});
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

test('score against a feature, coloured by Species, scores equal the model\'s predictions', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const before = tf.memory().numTensors;
  const w = scalarPlot(s, { feature: 'Body Mass (g)', target: 'Gentoo' });
  await w.settled();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.error).toBeNull();
  expect(w.state.colorBy).toBe('Species');
  expect(w.state.notes).toEqual(['2 row(s) with missing model inputs left out']);
  const traces = w.state.figure!.data;
  expect(traces.map((t) => t.name)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  const { ids, x, y } = w.points();
  expect(ids.length).toBe(342);
  const rows = ids.map((id) => data.example(id));
  const preds = await penguins.predict(rows);
  expect(y).toEqual(preds.map((p) => (p.probas as number[])[2]));
  expect(x).toEqual(rows.map((r) => r['Body Mass (g)']));
  // Gentoo points score high for Gentoo.
  const gentoo = traces[2].y as number[];
  expect(gentoo.reduce((a, b) => a + b, 0) / gentoo.length).toBeGreaterThan(0.8);
});

test('click selects (session), selection shows as rings, colour change redraws only', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const w = scalarPlot(s);
  await w.settled();
  await kernel.custom(w.id, { method: 'select', ids: ['12', '200'] });
  expect(s.selection).toEqual(['12', '200']);
  const ring = w.state.figure!.data.find((t) => t.name === 'selected')!;
  expect(ring.customdata).toEqual(['12', '200']);
  const jobsBefore = w.state.jobStatus;
  await kernel.update(w.id, { colorBy: 'Island' });
  expect(w.state.figure!.data.filter((t) => t.name !== 'selected').map((t) => t.name)).toEqual(['Biscoe', 'Dream', 'Torgersen']);
  expect(w.state.jobStatus).toBe(jobsBefore);
  expect(() => scalarPlot(s, { feature: 'Island' })).toThrow(/'Island' is not a numeric field/);
});

test('Cancel stops the whole-dataset prediction: status cancelled, no figure', async () => {
  const big = readJSON(vegaDataPath('penguins.json'), { name: 'penguins' });
  const rows = Array.from({ length: big.size }, (_, i) => big.row(i));
  for (let k = 0; k < 30; k++) big.append(rows); // ~10 000 rows
  const s = session({ models: { penguins }, datasets: { big } });
  const w = scalarPlot(s);
  await waitUntil(() => (w.state.progress?.done ?? 0) > 0 || w.state.jobStatus !== 'running', 'progress');
  expect(w.state.jobStatus).toBe('running');
  await kernel.custom(w.id, { method: 'cancel' });
  await w.settled();
  expect(w.state.jobStatus).toBe('cancelled');
  expect(w.state.progress).toBeNull();
  expect(w.state.figure).toBeNull();
});
