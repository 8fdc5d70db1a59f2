/**
 * The embeddings projector, kernel side, on the vega-datasets penguins: PCA of the
 * standardised numeric features equals `pca` directly (explained variance in the axis
 * titles), UMAP is seeded (same settings → same layout) and cancellable, a model's
 * Embeddings output is a source, clicks select, colour changes only redraw.
 */
import { pca, standardize } from '../../src/explain/projection';
import { predictFnAdapter } from '../../src/model';
import { fromRecords, readJSON, type Dataset } from '../../src/model/dataset';
import type { Example } from '../../src/core/spec';
import { vegaDataPath } from '../../src/examples/penguins';
import { embeddingsProjector } from '../../src/widgets/plots/embeddings';
import { session } from '../../src/widgets/session';
import { startTestKernel, type TestKernel } from './session-test-kernel';
import { waitUntil } from './progress-wait';

const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
let kernel: TestKernel;
let data: Dataset;
beforeAll(() => { data = readJSON(vegaDataPath('penguins.json'), { name: 'penguins' }); });
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

function usableMatrix(): { x: Float64Array; n: number; ids: string[] } {
  const ids: string[] = [];
  const values: number[] = [];
  for (let i = 0; i < data.size; i++) {
    const r = data.row(i);
    if (NUMERIC.some((f) => typeof r[f] !== 'number')) continue;
    ids.push(data.id(i));
    values.push(...NUMERIC.map((f) => r[f] as number));
  }
  return { x: standardize(values, ids.length, 4), n: ids.length, ids };
}

test('PCA of the standardised features: same layout as pca(), variance in the axis titles, coloured by Species', async () => {
  const s = session({ datasets: { penguins: data } });
  const w = embeddingsProjector(s);
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(w.state.sources).toEqual(['features']);
  expect(w.state.notes).toEqual([`2 row(s) with a missing value in ${NUMERIC.join(', ')} left out`]);
  const { x, n, ids } = usableMatrix();
  const direct = pca(x, n, 4, 2);
  expect(w.layout!.ids).toEqual(ids);
  expect(Array.from(w.layout!.coords)).toEqual(Array.from(direct.projected));
  expect(w.state.explainedVarianceRatio).toEqual(Array.from(direct.explainedVarianceRatio));
  const layout = w.state.figure!.layout as { xaxis: { title: { text: string } } };
  expect(layout.xaxis.title.text).toBe(`PC1 (${(100 * direct.explainedVarianceRatio[0]).toFixed(1)}% of variance)`);
  expect(w.state.figure!.data.map((t) => t.name)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);

  await kernel.custom(w.id, { method: 'select', ids: [ids[5]] });
  expect(s.selection).toEqual([ids[5]]);
  expect(w.state.figure!.data.at(-1)!.customdata).toEqual([ids[5]]);
  await kernel.update(w.id, { colorBy: 'Sex' });
  expect(w.state.figure!.data.filter((t) => t.name !== 'selected').map((t) => t.name)).toEqual(['(missing)', '.', 'FEMALE', 'MALE']); // the raw data has one '.'
});

test('UMAP from the view: seeded and repeatable, progress labelled, cancellable', async () => {
  const s = session({ datasets: { penguins: data } });
  const w = embeddingsProjector(s, { maxRows: 120 });
  await w.settled();
  const labels: string[] = [];
  w.onChange('progress', (p) => { if (p) labels.push(p.label); });
  await kernel.update(w.id, { method: 'umap' });
  await w.settled();
  expect(w.state.jobStatus).toBe('done');
  expect(labels).toContain('UMAP epochs');
  const first = Array.from(w.layout!.coords);
  await kernel.update(w.id, { seed: 43 });
  await w.settled();
  expect(Array.from(w.layout!.coords)).not.toEqual(first);
  await kernel.update(w.id, { seed: 42 });
  await w.settled();
  expect(Array.from(w.layout!.coords)).toEqual(first);

  await kernel.update(w.id, { maxRows: 344 });
  await waitUntil(() => (w.state.progress?.label === 'UMAP epochs' && w.state.progress.done > 0) || w.state.jobStatus !== 'running', 'UMAP progress');
  expect(w.state.jobStatus).toBe('running');
  await kernel.custom(w.id, { method: 'cancel' });
  await w.settled();
  expect(w.state.jobStatus).toBe('cancelled');
  expect(w.layout!.ids.length).toBe(120); // the last finished layout stays
}, 60000);

test("a model's Embeddings output is a source", async () => {
  // A model whose embedding is the standardised measurements themselves: its PCA layout equals the features'.
  const { x, ids } = usableMatrix();
  const byId = new Map(ids.map((id, k) => [id, Array.from(x.subarray(4 * k, 4 * k + 4))]));
  const model = predictFnAdapter(async (batch: readonly Example[]) => batch.map((e) => ({ emb: byId.get(String(e.key))! })),
    { inputSpec: { key: { kind: 'CategoryLabel' } }, outputSpec: { emb: { kind: 'Embeddings' } }, cacheSize: 0 });
  const keyed = readJSON(vegaDataPath('penguins.json'), { name: 'penguins' });
  const withKey = Array.from({ length: keyed.size }, (_, i) => ({ ...keyed.row(i), key: keyed.id(i) })).filter((r) => byId.has(r.key));
  const ds = fromRecords(withKey, { name: 'keyed' });
  const s = session({ models: { m: model }, datasets: { ds } });
  const w = embeddingsProjector(s);
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(w.state.sources).toEqual(['features', 'm:emb']);
  expect(w.state.source).toBe('m:emb');
  const direct = pca(x, ids.length, 4, 2);
  expect(Array.from(w.layout!.coords)).toEqual(Array.from(direct.projected));
});
