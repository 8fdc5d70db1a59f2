/**
 * The partial dependence widget, kernel side, on models/penguins and the vega-datasets
 * penguins loaded with src/model/dataset: the curves are those of `partialDependence` on the
 * same usable rows, the figure has thin ICE lines carrying example ids and a thick PDP line,
 * a view's feature change recomputes while a target change only redraws, a click selects in
 * the session (and highlights), Cancel stops a running sweep, and every tensor is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { partialDependence } from '../../src/explain/partial-dependence';
import { initBackend } from '../../src/model/backend';
import { readJSON, type Dataset } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { vegaDataPath } from '../../src/examples/penguins';
import { partialDependencePlot } from '../../src/widgets/plots/partial-dependence';
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

type Trace = { name: string; x: unknown[]; y: unknown[]; customdata?: unknown[]; line: { width: number } };

test('PDP/ICE of the penguins model: same numbers as partialDependence, ICE thin with ids, PDP thick, rows with holes left out', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const before = tf.memory().numTensors;
  const w = partialDependencePlot(s, { feature: 'Flipper Length (mm)', target: 'Gentoo', maxRows: 400, gridResolution: 10 });
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.jobStatus).toBe('done');
  expect(w.state.features).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Island']);
  expect(w.state.targets).toEqual(['P(Adelie)', 'P(Chinstrap)', 'P(Gentoo)']);
  expect(w.state.target).toBe('P(Gentoo)');
  expect(w.state.rows).toBe(342);
  expect(w.state.notes[0]).toMatch(/^2 row\(s\) with missing inputs left out \(ids 3, 339\)/);

  const usable = Array.from({ length: data.size }, (_, i) => i).filter((i) => data.id(i) !== '3' && data.id(i) !== '339');
  const direct = await partialDependence(penguins, data.rows(usable), { feature: 'Flipper Length (mm)', resolution: 10 });
  expect(w.result!.grid).toEqual(direct.grid);
  expect(Array.from(w.result!.average[2])).toEqual(Array.from(direct.average[2]));
  // Long flippers are Gentoo's: the PDP ends higher than it starts.
  const pdp = direct.average[2];
  expect(pdp[pdp.length - 1]).toBeGreaterThan(pdp[0] + 0.1);

  const traces = w.state.figure!.data as unknown as Trace[];
  const [ice, mean] = [traces[0], traces[traces.length - 1]];
  expect(ice.line.width).toBeLessThan(mean.line.width);
  expect(ice.x.length).toBe(342 * 11); // 10 grid points and a gap per curve
  expect(ice.customdata!.slice(0, 10)).toEqual(Array(10).fill(data.id(0)));
  expect(mean.y).toEqual(Array.from(direct.average[2]));
  expect(String((w.state.figure!.layout!.title as { text: string }).text)).toBe('Partial dependence of P(Gentoo) on Flipper Length (mm)');
});

test('view gestures: feature change recomputes, target change redraws only, click selects and highlights', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const w = partialDependencePlot(s, { maxRows: 60, gridResolution: 8 });
  await w.settled();
  const first = w.result;
  await kernel.update(w.id, { target: 'P(Chinstrap)' });
  await w.settled();
  expect(w.result).toBe(first);
  expect((w.state.figure!.data as unknown as Trace[]).at(-1)!.y).toEqual(Array.from(first!.average[1]));

  await kernel.update(w.id, { feature: 'Island' });
  await w.settled();
  expect(w.result).not.toBe(first);
  expect(w.result!.grid).toEqual(['Biscoe', 'Dream', 'Torgersen']);
  expect((w.state.figure!.layout!.xaxis as { type: string }).type).toBe('category');

  const id = w.iceIds[7];
  expect(w.iceIds.length).toBe(60);
  await kernel.custom(w.id, { method: 'select', ids: [id] });
  expect(s.selection).toEqual([id]);
  const selected = (w.state.figure!.data as unknown as Trace[]).find((t) => t.name === 'selected')!;
  expect(selected.customdata!.filter((c) => c !== null)).toEqual(Array(3).fill(id));
});

test('Cancel from the view stops a running sweep: progress stops, status cancelled, the kernel kept serving timers', async () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  const w = partialDependencePlot(s, { maxRows: 60, gridResolution: 5 });
  await w.settled();
  const first = w.result;
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const dones: number[] = [];
  w.onChange('progress', (p) => { if (p) dones.push(p.done); });
  await kernel.update(w.id, { maxRows: 344, gridResolution: 100 }); // 55 distinct flipper lengths × 342 rows
  await waitUntil(() => dones.some((d) => d > 0) || w.state.jobStatus !== 'running', 'progress');
  expect(w.state.jobStatus).toBe('running');
  await kernel.custom(w.id, { method: 'cancel' });
  await w.settled();
  clearInterval(timer);
  expect(w.state.jobStatus).toBe('cancelled');
  expect(w.state.progress).toBeNull();
  expect(w.result).toBe(first);
  expect(Math.max(...dones)).toBeLessThan(55 * 342);
  expect(ticks).toBeGreaterThan(0);
  const count = dones.length;
  await new Promise((r) => setTimeout(r, 100));
  expect(dones.length).toBe(count);
});

test('bad options fail with clear errors', () => {
  const s = session({ models: { penguins }, datasets: { penguins: data } });
  expect(() => partialDependencePlot(s, { feature: 'Sex' })).toThrow(/'Sex' is not a feature of model 'penguins'/);
  expect(() => partialDependencePlot(s, { target: 'Emperor' })).toThrow(/target 'Emperor' is not one of P\(Adelie\)/);
});

test('a model that fails mid-sweep becomes the error state (status error), not a wrong curve', async () => {
  let calls = 0;
  const flaky: ModelAdapter = {
    name: 'flaky', inputSpec: () => penguins.inputSpec(), outputSpec: () => penguins.outputSpec(),
    predict: async (examples, options) => {
      if (++calls > 2) throw new Error('model server went away');
      return penguins.predict(examples, options);
    },
  };
  const s = session({ models: { flaky }, datasets: { penguins: data } });
  const w = partialDependencePlot(s, { maxRows: 40, gridResolution: 6 });
  await w.settled();
  expect(w.state.jobStatus).toBe('error');
  expect(w.state.error).toMatch(/model server went away/);
  expect(w.state.figure).toBeNull();
  expect(w.result).toBeNull();
});
