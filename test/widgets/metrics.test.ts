/**
 * The metrics widgets, kernel side, on real models and data: models/penguins on the
 * vega-datasets penguins (multiclass) and models/spam on SpamAssassin messages (binary).
 * Every expected number is recomputed here independently from the model's own predictions
 * (direct counting, the Mann-Whitney form of the ROC AUC, brute-force threshold costs).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { fromRecords, type Dataset } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { loadSpam } from '../../scripts/train/data/spam';
import { confusionMatrixWidget } from '../../src/widgets/metrics/confusion-matrix';
import { curves } from '../../src/widgets/metrics/curves';
import { metricsTable } from '../../src/widgets/metrics/metrics-table';
import { predictDataset } from '../../src/widgets/metrics/metrics-predictions';
import { PROGRESS_INTERVAL_MS } from '../../src/widgets/metrics/metrics-widget';
import { session } from '../../src/widgets/session';
import { thresholdPanel } from '../../src/widgets/metrics/threshold-panel';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
let penguins: ModelAdapter;
let spam: ModelAdapter;
const penguinRows = loadPenguins();
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];
const BY_ID = { ids: { field: 'id' } };

/** The model's probabilities for every row, straight from predict(). */
async function directProbs(model: ModelAdapter, data: Dataset, output = 'probas'): Promise<number[][]> {
  const preds = await model.predict(data.rows(Array.from({ length: data.size }, (_, i) => i)));
  return preds.map((p) => Array.from(p[output] as ArrayLike<number>));
}
const argmax = (p: number[]) => p.indexOf(Math.max(...p));

/** ROC AUC as the probability that a positive outscores a negative (ties count half). */
function mannWhitneyAuc(pos: number[], neg: number[]): number {
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
  spam = await loadModel('models/spam', { cacheSize: 0 });
});
beforeEach(() => {
  kernel = startTestKernel();
});
afterEach(() => kernel.stop());

test('metrics table by Island on penguins: counts and accuracy as counted from the model\'s own predictions; CSV/JSON export', async () => {
  const data = fromRecords(penguinRows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const before = tf.memory().numTensors;
  const w = metricsTable(s, { facet: 'Island' });
  await w.settled();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.error).toBeNull();
  expect(w.state.status).toBe('done');
  expect(w.state.progress).toBeNull();
  expect(w.state.classes).toEqual(SPECIES);

  const probs = await directProbs(penguins, data);
  const islands = [...new Set(penguinRows.map((r) => String(r.Island)))].sort();
  expect(w.rows.map((r) => r.slice)).toEqual(['All', ...islands.map((i) => `Island=${i}`)]);
  for (const row of w.rows) {
    const island = row.slice === 'All' ? null : row.slice.slice('Island='.length);
    const members = penguinRows.map((r, i) => ({ r, i })).filter(({ r }) => island === null || r.Island === island);
    const correct = members.filter(({ r, i }) => SPECIES[argmax(probs[i])] === r.Species).length;
    expect(row.values.count).toBe(members.length);
    expect(row.values.accuracy).toBeCloseTo(correct / members.length, 10);
    const logLoss = members.reduce((sum, { r, i }) => sum - Math.log(Math.max(probs[i][SPECIES.indexOf(String(r.Species))], 1e-15)), 0) / members.length;
    expect(row.values.logLoss).toBeCloseTo(logLoss, 4);
  }
  expect(w.rows[0].values.count).toBe(data.size);

  // Re-facet by numeric bins from the "view" (a state update).
  await kernel.update(w.id, { facet: 'Body Mass (g)', bins: 3 });
  await w.settled();
  expect(w.rows).toHaveLength(4);
  expect(w.rows.slice(1).reduce((n, r) => n + (r.values.count ?? 0), 0)).toBe(data.size);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-metrics-'));
  const csvPath = await w.exportTable(path.join(dir, 'metrics.csv'));
  const csv = fs.readFileSync(csvPath, 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('slice,count,accuracy,precision,recall,f1,rocAuc,prAuc,logLoss');
  expect(csv).toHaveLength(5);
  expect(Number(csv[1].split(',')[2])).toBeCloseTo(w.rows[0].values.accuracy!, 12);
  const json = JSON.parse(fs.readFileSync(await w.exportTable(path.join(dir, 'metrics.json')), 'utf8')) as Record<string, unknown>[];
  expect(json.map((r) => r.slice)).toEqual(w.rows.map((r) => r.slice));
  w.close();
});

test('confusion matrix: counts match direct counting; a clicked cell selects exactly its examples in the session', async () => {
  const data = fromRecords(penguinRows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const w = confusionMatrixWidget(s);
  await w.settled();
  expect(w.state.error).toBeNull();
  const probs = await directProbs(penguins, data);
  const expected = SPECIES.map(() => SPECIES.map(() => 0));
  penguinRows.forEach((r, i) => expected[SPECIES.indexOf(String(r.Species))][argmax(probs[i])]++);
  expect(w.state.counts).toEqual(expected);
  const trace = w.state.figure!.data[0];
  expect(trace.type).toBe('heatmap');
  expect(trace.z).toEqual(expected);

  // Pick the largest off-diagonal cell (a real mistake), else the largest cell.
  let cell = { t: 0, p: 0, n: -1 };
  expected.forEach((row, t) => row.forEach((n, p) => { if (t !== p && n > cell.n) cell = { t, p, n }; }));
  if (cell.n <= 0) cell = { t: 0, p: 0, n: expected[0][0] };
  await kernel.custom(w.id, { method: 'select_cell', actual: cell.t, predicted: cell.p });
  const wantIds = penguinRows.filter((r, i) => SPECIES.indexOf(String(r.Species)) === cell.t && argmax(probs[i]) === cell.p).map((r) => r.id);
  expect([...s.selection]).toEqual(wantIds);
  expect(s.selection).toHaveLength(cell.n);
  expect(w.cellIds(SPECIES[cell.t], SPECIES[cell.p])).toEqual(wantIds);
  expect(() => w.cellIds('Emperor', 'Adelie')).toThrow(/'Emperor'|"Emperor".*not a class/);
  w.close();
});

test('ROC curves per class on penguins: one curve per species, AUCs equal the Mann-Whitney statistic; PR per slice', async () => {
  const data = fromRecords(penguinRows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const w = curves(s, { kind: 'roc', by: 'class' });
  await w.settled();
  expect(w.state.error).toBeNull();
  const probs = await directProbs(penguins, data);
  expect(Object.keys(w.state.areas)).toEqual(SPECIES);
  SPECIES.forEach((name, c) => {
    const pos = penguinRows.flatMap((r, i) => (r.Species === name ? [probs[i][c]] : []));
    const neg = penguinRows.flatMap((r, i) => (r.Species !== name ? [probs[i][c]] : []));
    expect(w.state.areas[name]).toBeCloseTo(mannWhitneyAuc(pos, neg), 5);
  });
  expect(w.state.figure!.data).toHaveLength(4); // three classes and the chance line

  await kernel.update(w.id, { kind: 'pr', by: 'slice', facet: 'Island', positive: 'Gentoo' });
  await w.settled();
  expect(w.state.positive).toBe('Gentoo');
  // Gentoo live only on Biscoe: PR is undefined where there are no positives, and says so.
  expect(Object.keys(w.state.areas)).toEqual(['All', 'Island=Biscoe']);
  expect(w.state.notes.join('\n')).toMatch(/Island=Dream: undefined for 'Gentoo'/);
  w.close();
});

function spamSample(): Dataset {
  const rows = loadSpam().filter((_, i) => i % 30 === 0).map((r) => ({ ...r, length: String(r.text).length, long: String(r.text).length > 800 ? 'long' : 'short' }));
  return fromRecords(rows, BY_ID);
}

test('threshold panel on models/spam: custom threshold counts, single optimum by brute force, per-group strategies over a facet', async () => {
  const data = spamSample();
  const s = session({ models: { spam }, datasets: { data } });
  const before = tf.memory().numTensors;
  const w = thresholdPanel(s, { facet: 'long', costRatio: 2, threshold: 0.3 });
  await w.settled();
  expect(tf.memory().numTensors).toBe(before);
  expect(w.state.error).toBeNull();
  const out = Object.entries(spam.outputSpec()).find(([, f]) => f.kind === 'MulticlassPreds')!;
  const vocab = (out[1] as { vocab: string[] }).vocab;
  expect(w.state.positive).toBe(vocab[1]);
  const probs = await directProbs(spam, data, out[0]);
  const rows = Array.from({ length: data.size }, (_, i) => ({ score: probs[i][1], positive: data.row(i).label === vocab[1], long: data.row(i).long }));

  const custom = w.results.find((r) => r.strategy === 'custom')!;
  for (const g of custom.groups) {
    const members = rows.filter((r) => `long=${r.long}` === g.group);
    expect(g.tp).toBe(members.filter((r) => r.positive && r.score >= 0.3).length);
    expect(g.fp).toBe(members.filter((r) => !r.positive && r.score >= 0.3).length);
    expect(g.cost).toBe(2 * g.fp + g.fn);
  }
  // Single: brute force over LIT's grid k/100 for the least 2*FP+FN over all rows (lowest on ties).
  let best = { t: 0, cost: Infinity };
  for (let k = 0; k <= 100; k++) {
    const t = k / 100;
    const cost = rows.reduce((c, r) => c + (r.score >= t ? (r.positive ? 0 : 2) : r.positive ? 1 : 0), 0);
    if (cost < best.cost - 1e-9) best = { t, cost };
  }
  const single = w.results.find((r) => r.strategy === 'single')!;
  expect(single.error).toBeNull();
  for (const g of single.groups) expect(g.threshold).toBeCloseTo(best.t, 12);
  expect(single.totalCost).toBe(best.cost);
  const names = w.results.map((r) => r.strategy);
  expect(names).toEqual(['custom', 'single', 'individual', 'demographicParity', 'equalOpportunity', 'equalAccuracy']);
  for (const r of w.results) if (r.error === null) expect(r.groups.map((g) => g.group).sort()).toEqual(['long=long', 'long=short']);

  // The cost-ratio slider: a new ratio re-tunes without predicting again.
  await kernel.update(w.id, { costRatio: 0.5 });
  expect(w.results.find((r) => r.strategy === 'custom')!.groups.every((g) => g.cost === 0.5 * g.fp + g.fn)).toBe(true);
  // Without a facet the fairness strategies say why they cannot run.
  await kernel.update(w.id, { facet: '' });
  await w.settled();
  expect(w.results.find((r) => r.strategy === 'demographicParity')!.error).toMatch(/at least two groups/);
  w.close();
});

test('the threshold panel refuses a multiclass model with a clear error in its state', async () => {
  const s = session({ models: { penguins }, datasets: { data: fromRecords(penguinRows, BY_ID) } });
  const w = thresholdPanel(s);
  await w.settled();
  expect(w.state.status).toBe('failed');
  expect(w.state.error).toMatch(/3 classes .*binary classifier/);
  w.close();
});

test('predicting a dataset reports throttled progress and a cancel from the view aborts it', async () => {
  // A fresh dataset (nothing cached) of 20 copies of the penguins, predicted 4 rows a call.
  const rows = Array.from({ length: 20 }, (_, k) => penguinRows.map((r) => ({ ...r, id: `${k}-${r.id}` }))).flat();
  const data = fromRecords(rows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const w = metricsTable(s, { batchSize: 4 });
  const seen: { done: number; at: number }[] = [];
  const totals = new Set<number>();
  w.onChange('progress', (p) => {
    if (p) {
      seen.push({ done: p.done, at: Date.now() });
      totals.add(p.total);
    }
  });
  // Let one progress update arrive, then press Cancel.
  while (!seen.some((p) => p.done > 0)) await new Promise((r) => setImmediate(r));
  await kernel.custom(w.id, { method: 'cancel' });
  await w.settled();
  expect(w.state.status).toBe('cancelled');
  expect(w.state.progress).toBeNull();
  expect(w.rows).toEqual([]);
  expect([...totals]).toEqual([data.size]);
  expect(seen.every((p) => p.done % 4 === 0 && p.done < data.size)).toBe(true);
  for (let k = 1; k < seen.length; k++) expect(seen[k].at - seen[k - 1].at).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS - 5);
  w.close();
});

test('a true class outside the model\'s classes is an error naming the row and value', async () => {
  const rows = penguinRows.slice(0, 20).map((r, i) => (i === 7 ? { ...r, Species: 'Emperor' } : r));
  const data = fromRecords(rows, BY_ID);
  await expect(predictDataset(penguins, data)).rejects.toThrow(`row '${rows[7].id}' field 'Species' is "Emperor"`);
  const s = session({ models: { penguins }, datasets: { data } });
  const w = metricsTable(s);
  await w.settled();
  expect(w.state.error).toMatch(/Emperor/);
  w.close();
});
