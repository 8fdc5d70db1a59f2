/** The workspace: children as IPY_MODEL references of real widgets, panels that do not apply left out. */
import { fromRecords } from '../../src/model/dataset';
import { session } from '../../src/widgets/session';
import { workspace, registerWorkspacePanel } from '../../src/widgets/workspace';
import { dataTable } from '../../src/widgets/table/data-table';
import type { ModelAdapter } from '../../src/model/adapter';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

const data = () => fromRecords([{ x: 1, label: 'a' }, { x: 2, label: 'b' }, { x: 3, label: 'a' }]);
const model: ModelAdapter = {
  name: 'm',
  inputSpec: () => ({ x: { kind: 'Scalar' } }),
  outputSpec: () => ({ probas: { kind: 'MulticlassPreds', vocab: ['a', 'b'], parent: 'label' } }),
  predict: async (ex) => ex.map((e) => ({ probas: [Number(e.x) > 1.5 ? 0.2 : 0.8, Number(e.x) > 1.5 ? 0.8 : 0.2] })),
};

test('without a model: a table and an editor, referenced as IPY_MODEL ids in state', () => {
  const ws = workspace(session({ datasets: { d: data() } }));
  expect(ws.state.titles).toEqual(['Data', 'Datapoint editor']);
  expect(ws.state.children).toEqual([`IPY_MODEL_${ws.get('Data').id}`, `IPY_MODEL_${ws.get('Datapoint editor').id}`]);
  expect(ws.state.areas).toEqual(['main', 'side']);
  expect(() => ws.get('Nope')).toThrow(/no panel titled "Nope"/);
  // The comm_open of the workspace carries the references (what ipywidgets unpacks).
  const open = kernel.published.filter((p) => p.type === 'comm_open').pop()!;
  expect((open.content.data as { state: { children: string[] } }).state.children).toEqual(ws.state.children);
});

test('the saved picture of a workspace is its panels\' pictures: the table\'s first rows and the editor', () => {
  const ws = workspace(session({ datasets: { d: data() } }));
  const html = ws.displayData()['text/html'] as string;
  const table = ws.get('Data').displayData()['text/html'] as string;
  expect(table).toMatch(/<th[^>]*>id<\/th>/);
  expect(table).toMatch(/(first \d+ of \d+|\d+) rows/);
  expect(html).toContain(table);
  expect(html).toContain('Datapoint editor');
});

test('with a model: the model views join through their factories; ones that do not apply are skipped with a reason', () => {
  const ws = workspace(session({ models: { m: model }, datasets: { d: data() } }), { without: ['Counterfactuals'] });
  const titles = ws.state.titles;
  expect(titles.slice(0, 2)).toEqual(['Data', 'Datapoint editor']);
  expect(titles).not.toContain('Counterfactuals');
  for (const [name, reason] of ws.skipped) expect([name, typeof reason, reason.length > 0]).toEqual([name, 'string', true]);
  expect(titles.length + ws.skipped.size).toBe(2 + 4);
});

test('registered panels and extra widgets are laid out; closing the workspace closes its children', () => {
  const s = session({ datasets: { d: data() } });
  registerWorkspacePanel('Second table', (sess) => dataTable(sess, { height: 100 }) as never, 'bottom');
  const extra = dataTable(s);
  const ws = workspace(s, { extra: [{ title: 'Extra', widget: extra as never }] });
  expect(ws.state.titles).toEqual(['Data', 'Datapoint editor', 'Second table', 'Extra']);
  ws.close();
  expect(extra.closed).toBe(true);
  expect(ws.get('Data').closed).toBe(true);
});
