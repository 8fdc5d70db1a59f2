/** Session: selection, pins, edits, events, example lookup, clear errors. */
import { fromRecords } from '../../src/model/dataset';
import { session, type SessionEvent } from '../../src/widgets/session';
import type { ModelAdapter } from '../../src/model/adapter';

const records = [
  { text: 'hello', score: 1, colour: 'red' },
  { text: 'world', score: 2, colour: 'blue' },
  { text: 'again', score: 3, colour: 'red' },
];

const model: ModelAdapter = {
  name: 'constant',
  inputSpec: () => ({ text: { kind: 'TextSegment' } }),
  outputSpec: () => ({ probas: { kind: 'MulticlassPreds', vocab: ['a', 'b'] } }),
  predict: async (examples) => examples.map(() => ({ probas: [0.25, 0.75] })),
};

function make() {
  const data = fromRecords(records);
  const s = session({ models: { m: model }, datasets: { data } });
  const events: SessionEvent[] = [];
  for (const name of ['selection', 'pins', 'edits', 'data'] as const) s.on(name, (e) => events.push(e));
  return { s, data, events };
}

test('select keeps order, drops repeats, sets the primary and notifies with the source', () => {
  const { s, events } = make();
  const source = {};
  s.select(['2', '0', '2'], { source });
  expect(s.selection).toEqual(['2', '0']);
  expect(s.primary).toBe('2');
  expect(events).toEqual([{ name: 'selection', source }]);
  s.select(['2', '0'], { source }); // unchanged: no event
  expect(events).toHaveLength(1);
  s.select(['1'], { primary: '0' });
  expect(s.selection).toEqual(['0', '1']);
  expect(s.primary).toBe('0');
  s.clearSelection();
  expect(s.selection).toEqual([]);
  expect(s.primary).toBeNull();
  expect(events.map((e) => e.name)).toEqual(['selection', 'selection', 'selection']);
});

test('unknown ids are errors naming the id, and nothing changes', () => {
  const { s, events } = make();
  expect(() => s.select(['0', '99'])).toThrow(/"99"/);
  expect(() => s.select([7 as unknown as string])).toThrow(/selection\[0\]/);
  expect(() => s.pin('nope')).toThrow(/"nope"/);
  expect(() => s.example('x')).toThrow(/no example has id "x"/);
  expect(() => s.model('other')).toThrow(/no model named "other".*"m"/);
  expect(() => s.dataset('other')).toThrow(/no dataset named "other".*"data"/);
  expect(s.selection).toEqual([]);
  expect(events).toEqual([]);
});

test('pins: pin, unpin, setPins', () => {
  const { s, events } = make();
  s.pin('1');
  s.pin('1');
  s.pin('2');
  expect(s.pins).toEqual(['1', '2']);
  s.unpin('1');
  expect(s.pins).toEqual(['2']);
  s.setPins(['0']);
  expect(s.pins).toEqual(['0']);
  expect(events.map((e) => e.name)).toEqual(['pins', 'pins', 'pins', 'pins']);
});

test('edits: new ids edit-<k>, update in place, lookup, discard drops it from selection and pins', () => {
  const { s, data, events } = make();
  const original = data.example('1');
  const id = s.edit('1', { ...original, text: 'changed' });
  expect(id).toBe('edit-0');
  expect(s.edits.get(id)?.text).toBe('changed');
  expect(s.editInfo(id)?.origin).toBe('1');
  expect(s.example(id).text).toBe('changed');
  expect(data.example('1').text).toBe('world'); // the dataset is untouched
  expect(s.edit('1', { ...original, text: 'again' }, { editId: id })).toBe(id);
  expect(s.example(id).text).toBe('again');
  expect(s.edit('0', { ...data.example('0') })).toBe('edit-1');
  // A caller mutating what it got back cannot change the edit.
  (s.edits.get(id) as Record<string, unknown>).text = 'mutated';
  expect(s.example(id).text).toBe('again');
  s.select([id, '0']);
  s.pin(id);
  s.discardEdit(id);
  expect(s.edits.has(id)).toBe(false);
  expect(s.selection).toEqual(['0']);
  expect(s.primary).toBe('0');
  expect(s.pins).toEqual([]);
  expect(() => s.edit('zzz', {})).toThrow(/"zzz"/);
  expect(() => s.edit('0', {}, { editId: 'edit-99' })).toThrow(/edit-99/);
  expect(events.filter((e) => e.name === 'edits')).toHaveLength(4);
});

test('generated rows are examples of the session; data events reach listeners', () => {
  const { s, data, events } = make();
  const [gen] = data.addGenerated([{ text: 'new', score: 4, colour: 'red' }], { source: 'test' });
  s.dataChanged();
  expect(s.example(gen).text).toBe('new');
  s.select([gen]);
  expect(s.primary).toBe(gen);
  expect(events.map((e) => e.name)).toEqual(['data', 'selection']);
});

test('a throwing listener does not stop the others', () => {
  const { s } = make();
  const seen: string[] = [];
  const errors: unknown[] = [];
  s.onListenerError = (e) => errors.push(e);
  s.on('selection', () => { throw new Error('boom'); });
  s.on('selection', () => seen.push('second'));
  s.select(['0']);
  expect(seen).toEqual(['second']);
  expect(String(errors[0])).toContain('boom');
});

test('unsubscribe stops events', () => {
  const { s } = make();
  let n = 0;
  const off = s.on('pins', () => n++);
  s.pin('0');
  off();
  s.pin('1');
  expect(n).toBe(1);
});
