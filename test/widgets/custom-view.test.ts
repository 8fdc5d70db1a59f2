/**
 * A custom view registered from a cell (issue 14 item 3), kernel side, driven by the frontend
 * messages its module's `model.set(...); model.save_changes()` sends: it is one more view of
 * the session (a selection made in it reaches the session and every other widget; the
 * session's changes reach it, with the selected examples' plain values), an update naming an
 * unknown id or a kernel-owned key is refused with the session's values sent back, and
 * replacing or removing the registered piece reaches the view.
 */
import { fromRecords } from '../../src/model/dataset';
import { session } from '../../src/widgets/session';
import { customView } from '../../src/widgets/registry/custom-view';
import { startTestKernel, type TestKernel } from './session-test-kernel';

let kernel: TestKernel;
beforeEach(() => { kernel = startTestKernel(); });
afterEach(() => kernel.stop());

const ROWS = [
  { id: 'a', text: '<img src=x onerror=alert(1)>', amount: 3, flag: true },
  { id: 'b', text: 'plain', amount: 5, flag: false },
  { id: 'c', text: 'third', amount: 7, flag: true },
];
const ESM = 'export function render({ model, el }) { el.textContent = String(model.get("selection").length); }';

function makeSession() {
  const data = fromRecords(ROWS, { ids: { field: 'id' } });
  const s = session({ datasets: { data } });
  s.registry.addView({ name: 'count', esm: ESM });
  return s;
}

test('a registered view needs its name; its state follows the session, with the selected examples\' plain values', () => {
  const s = makeSession();
  expect(() => customView(s, 'nope')).toThrow(/no view named "nope" is registered \(registered: count\)/);
  expect(() => customView(s, 'count', { data: [] as unknown as Record<string, unknown> })).toThrow(/data must be an object/);
  const v = customView(s, 'count', { data: { field: 'amount' } });
  expect(v.state).toMatchObject({ viewName: 'count', esm: ESM, selection: [], primary: '', pins: [], data: { field: 'amount' }, error: null });
  s.select(['b', 'a'], { primary: 'a' });
  s.setPins(['c']);
  expect(v.state.selection).toEqual(['b', 'a']);
  expect(v.state.primary).toBe('a');
  expect(v.state.pins).toEqual(['c']);
  // Strings stay the data's own text (the module decides how to show them); the dataset keeps booleans as categories.
  expect(v.state.examples).toEqual([
    { id: 'b', values: { id: 'b', text: 'plain', amount: 5, flag: 'false' } },
    { id: 'a', values: { id: 'a', text: '<img src=x onerror=alert(1)>', amount: 3, flag: 'true' } },
  ]);
  v.close();
});

test('a selection, primary or pins set by the module reach the session; bad ids and kernel keys are refused with the session\'s values sent back', async () => {
  const s = makeSession();
  const v = customView(s, 'count');
  const heard: string[][] = [];
  s.on('selection', () => heard.push([...s.selection]));
  await kernel.update(v.id, { selection: ['c', 'a'] });
  expect(s.selection).toEqual(['c', 'a']);
  expect(s.primary).toBe('c');
  await kernel.update(v.id, { primary: 'a' });
  expect(s.primary).toBe('a');
  expect(s.selection).toEqual(['c', 'a']);
  await kernel.update(v.id, { pins: ['b'] });
  expect(s.pins).toEqual(['b']);
  expect(heard).toEqual([['c', 'a'], ['c', 'a']]);
  await kernel.update(v.id, { selection: ['c', 'zzz'] });
  expect(s.selection).toEqual(['c', 'a']);
  expect(String(kernel.errors.at(-1))).toMatch(/selection\[1\]: no example has id "zzz"/);
  const last = kernel.published.filter((p) => p.type === 'comm_msg' && p.content.comm_id === v.id).at(-1)!;
  expect((last.content.data as { method: string; state: Record<string, unknown> })).toMatchObject({ method: 'update', state: { selection: ['c', 'a'] } });
  await kernel.update(v.id, { esm: 'export const render = () => {}' });
  expect(v.state.esm).toBe(ESM);
  expect(String(kernel.errors.at(-1))).toMatch(/esm is set by the kernel, not by the view/);
  await kernel.update(v.id, { data: { bins: 12 } });
  expect(v.state.data).toEqual({ bins: 12 });
  v.close();
});

test('replacing the registered view sends the new module; removing it says so in the view', () => {
  const s = makeSession();
  const v = customView(s, 'count');
  const next = 'export default { render({ el }) { el.textContent = "v2"; } }';
  s.registry.addView({ name: 'count', esm: next }, { replace: true });
  expect(v.state.esm).toBe(next);
  s.registry.remove('view', 'count');
  expect(v.state.error).toBe("view 'count' is no longer registered");
  expect(() => s.registry.addView({ name: 'x', esm: 'function render() {}' })).toThrow(/exports nothing/);
  v.close();
});
