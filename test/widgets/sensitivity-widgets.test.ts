/**
 * The sensitivity and TCAV widgets, kernel side, on models/penguins and the vega-datasets
 * penguins: the profile equals `parameterSensitivity` on the same rows and slices, the figure
 * shows a bar group per slice and the selected example's spread, view gestures recompute,
 * Cancel stops a run and leaves the weights as they were, bad settings show as an error (the
 * widget keeps working); TCAV concepts from a field and from the selection.
 */
import * as tf from '@tensorflow/tfjs';
import { parameterSensitivity, readWeights } from '../../src/explain/sensitivity';
import { initBackend } from '../../src/model/backend';
import { readJSON, type Dataset } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { MetadataAdapter } from '../../src/model/adapters/metadata-adapter';
import { vegaDataPath } from '../../src/examples/penguins';
import { sensitivity } from '../../src/widgets/sensitivity/sensitivity-widget';
import { tcavView } from '../../src/widgets/sensitivity/tcav-widget';
import { usableRows } from '../../src/widgets/plots/dataset-fields';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';
import { waitUntil } from './progress-wait';

let kernel: TestKernel;
let penguins: MetadataAdapter;
let data: Dataset;

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
  data = readJSON(vegaDataPath('penguins.json'), { name: 'penguins' });
});
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

type Bar = { type: string; name: string; x: string[]; y: number[] };

test('sensitivity: the profile by slice equals parameterSensitivity, and the selected example gets a spread', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  s.select([data.id(10)]);
  const before = tf.memory().numTensors;
  const w = sensitivity(s, { facet: 'Island', repeats: 3, seed: 4, perturbation: { kind: 'gaussian', scale: 1 } });
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.layers[0]).toBe('(every layer)');
  expect(w.state.metrics).toEqual(['accuracy', 'logLoss', 'meanAbsoluteChange']);
  expect(w.state.rows).toBe(342);

  const rows = usableRows(penguins, data, Array.from({ length: data.size }, (_, i) => i));
  const islands = ['Biscoe', 'Dream', 'Torgersen'];
  const slices: Record<string, Uint32Array> = { All: Uint32Array.from(rows.examples, (_, i) => i) };
  for (const island of islands) slices[`Island=${island}`] = Uint32Array.from(rows.examples.flatMap((e, i) => (e.Island === island ? [i] : [])));
  const direct = await parameterSensitivity(penguins, rows.examples, { perturbation: { kind: 'gaussian', scale: 1 }, repeats: 3, seed: 4, slices, focus: [rows.ids.indexOf(data.id(10))] });
  expect(w.result!.layers).toEqual(direct.layers);

  const bars = (w.state.figure!.data as unknown as Bar[]).filter((t) => t.type === 'bar');
  expect(bars.map((b) => b.name)).toEqual(['All', ...islands.map((i) => `Island=${i}`)]);
  expect(bars[0].x).toEqual(direct.layers.map((l) => l.layer));
  expect(bars[0].y).toEqual(direct.layers.map((l) => l.slices.All.drop));
  const box = (w.state.figure!.data as unknown as Bar[]).find((t) => t.type === 'box')!;
  expect(box.y).toHaveLength(direct.layers.length * 3);
});

test('sensitivity: view gestures recompute, Cancel leaves the weights, a bad unit list is an error the next change clears', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const weights = penguins.model.layers.flatMap((l) => readWeights(l));
  const w = sensitivity(s, { repeats: 2, maxRows: 100 });
  await w.settled();
  const first = w.result;
  await kernel.update(w.id, { perturbation: 'ablate-units', units: '0-2' });
  await w.settled();
  expect(w.result).not.toBe(first);
  expect(w.result!.perturbation).toEqual({ kind: 'ablate-units', units: [0, 1, 2] });

  await kernel.update(w.id, { units: 'two' });
  await w.settled();
  expect(w.state.error).toMatch(/units: 'two' is not a unit index or a range like 4-7/);
  await kernel.update(w.id, { units: '999' });
  await w.settled();
  expect(w.state.error).toMatch(/unit 999 does not exist: the weight's last axis has \d+ units/);
  await kernel.update(w.id, { perturbation: 'zero', fraction: 0.5, repeats: 40, maxRows: 342 });
  await waitUntil(() => (w.state.progress?.done ?? 0) > 1, 'two repeats done');
  await kernel.custom(w.id, { method: 'cancel' });
  await w.settled();
  expect(w.state.jobStatus).toBe('cancelled');
  const after = penguins.model.layers.flatMap((l) => readWeights(l));
  after.forEach((v, i) => expect(Buffer.from(v.buffer).equals(Buffer.from(weights[i].buffer))).toBe(true));
});

test('TCAV: concepts from a field and from the selection, scores per class, and a clear error without any concept', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const before = tf.memory().numTensors;
  const w = tcavView(s, { conceptField: 'Island', runs: 4, conceptSize: 20, maxRows: 200, useSelection: false });
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.layer).toBe(penguins.model.layers.filter((l) => l.weights.length > 0).at(-2)!.name);
  expect(w.state.concepts).toEqual(['Island=Biscoe (20)', 'Island=Dream (20)', 'Island=Torgersen (20)']);
  const result = w.result!;
  expect(result.concepts[0].classes.map((c) => c.className)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  for (const c of result.concepts) for (const k of c.classes) {
    expect(k.scores).toHaveLength(4);
    expect(k.score).toBeGreaterThanOrEqual(0);
    expect(k.score).toBeLessThanOrEqual(1);
  }
  const bars = w.state.figure!.data as unknown as Bar[];
  expect(bars.map((b) => b.name)).toEqual(['class Adelie', 'class Chinstrap', 'class Gentoo']);
  expect(bars[0].x).toEqual(['Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);

  await kernel.update(w.id, { conceptField: '' });
  await w.settled();
  expect(w.state.error).toMatch(/no concept to test/);
  await kernel.update(w.id, { useSelection: true });
  s.select(data.ids().slice(4, 16)); // rows without holes (row 3 has none of the measurements)
  await waitUntil(() => w.state.concepts[0] === 'selected (12)', 'the selection as a concept');
  await w.settled();
  expect(w.state.error).toBeNull();
});
