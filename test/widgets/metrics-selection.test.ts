/**
 * The metrics views follow the session's selection (models/penguins on the vega-datasets
 * penguins, models/spam on SpamAssassin messages). Every selection number is checked against
 * the same widget run on a dataset holding only the selected rows, or against a slice made of
 * exactly the selected rows.
 */
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { loadModel } from '../../src/model/load-model';
import type { ModelAdapter } from '../../src/model/adapter';
import { loadPenguins } from '../../scripts/train/data/penguins';
import { loadSpam } from '../../scripts/train/data/spam';
import { confusionMatrixWidget } from '../../src/widgets/metrics/confusion-matrix';
import { curves } from '../../src/widgets/metrics/curves';
import { metricsTable } from '../../src/widgets/metrics/metrics-table';
import { session } from '../../src/widgets/session';
import { thresholdPanel } from '../../src/widgets/metrics/threshold-panel';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
let penguins: ModelAdapter;
let spam: ModelAdapter;
const penguinRows = loadPenguins();
const BY_ID = { ids: { field: 'id' } };

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  penguins = await loadModel('models/penguins', { cacheSize: 0 });
  spam = await loadModel('models/spam', { cacheSize: 0 });
});
beforeEach(() => {
  kernel = startTestKernel();
});
afterEach(() => kernel.stop());

/** Every third penguin from the 10th: a selection across islands and species. */
const picked = penguinRows.filter((_, i) => i % 3 === 0 && i >= 10).map((r) => String(r.id));

test('metrics table: a Selection row with the metrics of the selected rows, equal to the All row of a table over just those rows; it follows selections made elsewhere and leaves with an empty selection', async () => {
  const data = fromRecords(penguinRows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const table = metricsTable(s, { facet: 'Island' });
  await table.settled();
  expect(table.rows.some((r) => r.selection)).toBe(false);
  s.select([...picked].reverse()); // order of selection does not matter
  const row = table.rows[table.rows.length - 1];
  expect(row.selection).toBe(true);
  expect(row.slice).toBe('Selection');
  expect(table.state.selectionCount).toBe(picked.length);

  const subset = fromRecords(penguinRows.filter((r) => picked.includes(String(r.id))), BY_ID);
  const alone = metricsTable(session({ models: { penguins }, datasets: { subset } }));
  await alone.settled();
  for (const [k, v] of Object.entries(alone.rows[0].values)) expect(row.values[k as keyof typeof row.values]).toBeCloseTo(v as number, 6);

  // A selection equal to a slice gives that slice's row.
  const dream = data.ids().filter((id) => data.example(id).Island === 'Dream');
  s.select(dream);
  const dreamRow = table.rows.find((r) => r.slice === 'Island=Dream')!;
  expect(table.rows[table.rows.length - 1].values).toEqual(dreamRow.values);

  // Ids that are not rows of the dataset (an edit) are counted apart, not evaluated.
  const edit = s.edit(dream[0], data.example(dream[0]));
  s.select([edit, dream[1]]);
  expect(table.state.selectionCount).toBe(1);
  expect(table.state.selectionOutside).toBe(1);
  s.clearSelection();
  expect(table.rows.some((r) => r.selection)).toBe(false);
  expect(table.rows.map((r) => r.slice)).toEqual(['All', 'Island=Biscoe', 'Island=Dream', 'Island=Torgersen']);
  table.close();
  alone.close();
});

test('confusion matrix: selected rows counted per cell (equal to the matrix of the selected rows alone); a clicked cell marks only itself in another view', async () => {
  const data = fromRecords(penguinRows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const cm = confusionMatrixWidget(s);
  const other = confusionMatrixWidget(s);
  await Promise.all([cm.settled(), other.settled()]);
  expect(cm.state.selectedCounts.flat().every((n) => n === 0)).toBe(true);
  s.select(picked);
  const subset = fromRecords(penguinRows.filter((r) => picked.includes(String(r.id))), BY_ID);
  const alone = confusionMatrixWidget(session({ models: { penguins }, datasets: { subset } }));
  await alone.settled();
  expect(cm.state.selectedCounts).toEqual(alone.state.counts);
  const outlines = (cm.state.figure!.layout as { shapes: { x0: number; y0: number }[] }).shapes;
  expect(outlines.length).toBe(alone.state.counts.flat().filter((n) => n > 0).length);

  const ids = cm.selectCell('Chinstrap', 'Chinstrap');
  const expected = [[0, 0, 0], [0, ids.length, 0], [0, 0, 0]];
  expect(other.state.selectedCounts).toEqual(expected);
  expect((other.state.figure!.data[0] as { text: string[][] }).text[1][1]).toBe(`${ids.length} (${ids.length} selected)`);
  // Within a slice: only the selected rows of that slice.
  await kernel.update(other.id, { facet: 'Island' });
  await other.settled();
  await kernel.update(other.id, { slice: 'Island=Dream' });
  const inDream = ids.filter((id) => data.example(id).Island === 'Dream').length;
  expect(other.state.selectedCounts[1][1]).toBe(inDream);
  for (const w of [cm, other, alone]) w.close();
});

test('ROC / PR curves: the selection\'s curve beside the dataset\'s, with the AUC of the selected rows alone', async () => {
  const data = fromRecords(penguinRows, BY_ID);
  const s = session({ models: { penguins }, datasets: { data } });
  const roc = curves(s, { kind: 'roc' });
  const pr = curves(s, { kind: 'pr', by: 'slice', facet: 'Island', positive: 'Gentoo' });
  await Promise.all([roc.settled(), pr.settled()]);
  s.select(picked);
  const subset = fromRecords(penguinRows.filter((r) => picked.includes(String(r.id))), BY_ID);
  const aloneRoc = curves(session({ models: { penguins }, datasets: { subset } }), { kind: 'roc' });
  const alonePr = curves(session({ models: { penguins }, datasets: { subset } }), { kind: 'pr', by: 'slice', positive: 'Gentoo' });
  await Promise.all([aloneRoc.settled(), alonePr.settled()]);
  for (const c of ['Adelie', 'Chinstrap', 'Gentoo']) {
    expect(roc.state.areas[c]).toBeGreaterThan(0.5);
    expect(roc.state.areas[`${c} · Selection`]).toBeCloseTo(aloneRoc.state.areas[c], 10);
  }
  const dashed = roc.state.figure!.data.filter((t) => (t.line as { dash?: string } | undefined)?.dash === 'dash');
  expect(dashed.map((t) => String(t.name).split(' (')[0])).toEqual(['Adelie · Selection', 'Chinstrap · Selection', 'Gentoo · Selection']);
  // Each class's selection curve in its class's colour; the classes in three different ones.
  const colourOf = (figure: typeof roc.state.figure, name: string) => (figure!.data.find((t) => String(t.name).startsWith(`${name} (`))!.line as { color: string }).color;
  for (const c of ['Adelie', 'Chinstrap', 'Gentoo']) expect(colourOf(roc.state.figure, `${c} · Selection`)).toBe(colourOf(roc.state.figure, c));
  expect(new Set(['Adelie', 'Chinstrap', 'Gentoo'].map((c) => colourOf(roc.state.figure, c))).size).toBe(3);
  // Per slice, the selection is not one of the slices: a colour none of them has.
  expect(['All', 'Island=Biscoe'].map((n) => colourOf(pr.state.figure, n))).not.toContain(colourOf(pr.state.figure, 'Selection'));
  expect(pr.state.areas.Selection).toBeCloseTo(alonePr.state.areas.All, 10);
  expect(Object.keys(pr.state.areas)).toEqual(['All', 'Island=Biscoe', 'Selection']); // only Biscoe has Gentoos

  // A selection of one species only: the per-class ROC of the selection is undefined, and says so.
  s.select(data.ids().filter((id) => data.example(id).Species === 'Gentoo').slice(0, 5));
  expect(roc.state.notes.some((n) => n.startsWith('Gentoo · Selection: undefined on the 5 selected rows'))).toBe(true);
  s.clearSelection();
  expect(Object.keys(roc.state.areas)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  for (const w of [roc, pr, aloneRoc, alonePr]) w.close();
});

test('threshold panel: the selected rows at the custom threshold, as the panel counts them on those rows alone', async () => {
  const messages = loadSpam().filter((_, i) => i % 25 === 0).map((m, i) => ({ ...m, id: `m${i}` }));
  const mail = fromRecords(messages, BY_ID);
  const s = session({ models: { spam }, datasets: { mail } });
  const th = thresholdPanel(s, { costRatio: 2, threshold: 0.4 });
  await th.settled();
  expect(th.state.selection).toBeNull();
  const chosen = mail.ids().filter((_, i) => i % 4 === 1);
  s.select(chosen);
  const alone = thresholdPanel(session({ models: { spam }, datasets: { subset: fromRecords(messages.filter((m) => chosen.includes(m.id)), BY_ID) } }), { costRatio: 2, threshold: 0.4 });
  await alone.settled();
  const custom = alone.results.find((r) => r.strategy === 'custom')!.groups[0];
  expect(th.state.selection).toEqual({ count: chosen.length, threshold: 0.4, tp: custom.tp, fp: custom.fp, tn: custom.tn, fn: custom.fn, cost: custom.cost });
  expect(custom.tp + custom.fp + custom.tn + custom.fn).toBe(chosen.length);
  await kernel.update(th.id, { threshold: 0.9 });
  expect(th.state.selection!.threshold).toBe(0.9);
  th.close();
  alone.close();
});
