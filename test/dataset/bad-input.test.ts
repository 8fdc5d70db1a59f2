/**
 * Bad input: every refusal names the row and the field, and a failed change leaves the
 * dataset exactly as it was.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { fromArrow, fromRecords, parseJSON, parseJSONL, DatasetBuilder, DatasetError, type Dataset } from '../../src/model/dataset';

const records = [
  { name: 'a', x: 1, kind: 'cat' },
  { name: 'b', x: 2, kind: 'dog' },
  { name: 'c', kind: 'cat' },
  { name: 'd', x: null, kind: 'dog' },
];

/** Everything observable about a dataset, to compare before and after a failed change. */
function snapshot(data: Dataset): unknown {
  return { size: data.size, spec: data.spec(), rows: data.rows([...Array(data.size).keys()]), ids: data.ids(), generated: data.generated.size };
}

describe('missing values', () => {
  it('treats absent, undefined and null fields as missing', () => {
    const data = fromRecords([...records, { name: 'e', x: undefined, kind: undefined }]);
    expect(data.rows([2, 3, 4]).map((r) => [r['x'], r['kind']])).toEqual([[null, 'cat'], [null, 'dog'], [null, null]]);
    expect(Array.from(data.where('x', (v) => v === null))).toEqual([2, 3, 4]);
  });

  it('refuses a missing value the spec marks required, naming row and field', () => {
    expect(() => fromRecords(records, { spec: { x: { kind: 'Scalar', required: true } } }))
      .toThrow('row 2, field "x": value is missing and the spec says it is required');
  });
});

describe('numbers', () => {
  it('refuses NaN and Infinity, naming row and field', () => {
    expect(() => fromRecords([{ x: 1 }, { x: 2 }, { x: NaN }])).toThrow('row 2, field "x": expected a finite number, got NaN');
    expect(() => fromRecords([{ x: 1 }, { x: -Infinity }])).toThrow('row 1, field "x": expected a finite number, got -Infinity');
  });

  it('refuses a string where the spec wants a number (no silent parsing of JSON strings)', () => {
    expect(() => fromRecords([{ x: 1 }, { x: '2' }], { spec: { x: { kind: 'Scalar' } } })).toThrow('row 1, field "x": expected a number, got "2"');
  });

  it('refuses a mostly numeric column with a stray word', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ hp: i === 17 ? 'abc' : i * 10 }));
    expect(() => fromRecords(rows)).toThrow('row 17, field "hp": expected a number, got "abc"');
  });

  it('refuses values outside a Scalar spec range', () => {
    expect(() => fromRecords([{ p: 0.5 }, { p: 1.5 }], { spec: { p: { kind: 'Scalar', min: 0, max: 1 } } }))
      .toThrow('row 1, field "p": 1.5 is above the spec\'s maximum 1');
  });

  it('refuses NaN in an Arrow float column', () => {
    const bytes = tableToIPC(tableFromArrays({ x: new Float64Array([1, 2, NaN]) }));
    expect(() => fromArrow(bytes)).toThrow('row 2, field "x": expected a finite number, got NaN');
  });
});

describe('categories', () => {
  it('refuses a label outside the vocabulary, naming row and field', () => {
    const spec = { kind: { kind: 'CategoryLabel' as const, vocab: ['cat', 'dog'] } };
    expect(() => fromRecords([...records, { name: 'z', x: 3, kind: 'dodo' }], { spec }))
      .toThrow('row 4, field "kind": "dodo" is not in the vocabulary ["cat", "dog"]');
  });

  it('keeps the vocabulary order of the spec', () => {
    const data = fromRecords(records, { spec: { kind: { kind: 'CategoryLabel', vocab: ['dog', 'cat', 'bird'] } } });
    expect(data.spec()['kind']).toEqual({ kind: 'CategoryLabel', vocab: ['dog', 'cat', 'bird'] });
  });
});

describe('shapes of input', () => {
  it('refuses rows that are not records', () => {
    expect(() => fromRecords([{ a: 1 }, 5])).toThrow('row 1: expected a record (an object), got 5');
    expect(() => fromRecords([{ a: 1 }, [1, 2]])).toThrow('row 1: expected a record (an object), got an array of length 2');
    expect(() => parseJSON('{"a": 1}')).toThrow('expected a JSON array of records, got object');
    expect(() => parseJSON('[{"a": 1},')).toThrow(/^not valid JSON/);
  });

  it('names the JSONL line of a bad record', () => {
    expect(() => parseJSONL('{"x": 1}\n\n{"x": 2}\n{"x": "b"}\n{"x": 4}\n{"x": 5}\n{"x": 6}'))
      .toThrow('row 2 (line 4), field "x": expected a number, got "b"');
    expect(() => parseJSONL('{"x": 1}\n{"x": ')).toThrow(/^row 1 \(line 2\): not valid JSON/);
  });

  it('refuses empty datasets unless asked', () => {
    expect(() => fromRecords([])).toThrow('the record array has no rows');
    expect(fromRecords([], { allowEmpty: true }).size).toBe(0);
    expect(() => parseJSON('[]')).toThrow(DatasetError);
  });

  it('refuses vectors of the wrong length and non-numeric elements', () => {
    expect(() => fromRecords([{ v: [1, 2] }, { v: [1, 2, 3] }])).toThrow('row 1, field "v": expected a vector of length 2, got length 3');
    expect(() => fromRecords([{ v: [1, 2] }, { v: [1, 'x'] }])).toThrow('row 1, field "v": element 1: expected a finite number, got "x"');
  });

  it('refuses duplicate or missing ids', () => {
    expect(() => fromRecords([{ id: 'a' }, { id: 'b' }, { id: 'a' }], { ids: { field: 'id' } }))
      .toThrow('row 2, field "id": id "a" is already used by row 0');
    expect(() => fromRecords([{ id: 'a', v: 1 }, { v: 2 }], { ids: { field: 'id' } })).toThrow('row 1, field "id": the id field is missing a value');
  });

  it('does not read inherited properties as fields', () => {
    const data = fromRecords([{ a: 1 }, JSON.parse('{"a": 2, "__proto__": "x"}')]);
    expect(data.fields()).toEqual(['a', '__proto__']);
    expect(data.row(0)['__proto__']).toBeNull();
    expect(data.row(1)['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(data.row(1))).toBe(Object.prototype);
  });
});

describe('changes are all or nothing', () => {
  it('a failed append leaves the dataset as it was', () => {
    const data = fromRecords(records);
    const before = snapshot(data);
    expect(() => data.append([{ name: 'e', x: 5, kind: 'bird' }, { name: 'f', x: 'six', kind: 'fish' }]))
      .toThrow('row 5, field "x": expected a number, got "six"');
    expect(() => data.append([{ name: 'e', colour: 'red' }])).toThrow('row 4, field "colour": the dataset has no such field');
    expect(snapshot(data)).toEqual(before);
    data.append([{ name: 'e', x: 5, kind: 'bird' }]);
    expect(data.size).toBe(5);
    expect(data.row(4)).toEqual({ name: 'e', x: 5, kind: 'bird' });
    expect(data.row(0)).toEqual(records[0]);
  });

  it('a failed addGenerated leaves the dataset as it was', () => {
    const data = fromRecords(records, { spec: { kind: { kind: 'CategoryLabel', vocab: ['cat', 'dog'] } } });
    data.addGenerated([{ name: 'a2', x: 1.5, kind: 'dog' }], { source: 'test' });
    const before = snapshot(data);
    expect(() => data.addGenerated([{ name: 'ok', x: 1, kind: 'cat' }, { name: 'bad', x: 2, kind: 'cow' }], { source: 'test' }))
      .toThrow('row 1, field "kind": "cow" is not in the vocabulary ["cat", "dog"]');
    expect(snapshot(data)).toEqual(before);
  });

  it('a failed builder push stores nothing of the bad record', () => {
    const builder = new DatasetBuilder({ a: { kind: 'Scalar' }, b: { kind: 'CategoryLabel' } });
    builder.push({ a: 1, b: 'x' });
    expect(() => builder.push({ a: 2, b: {} })).toThrow('row 1, field "b": expected a category label (a string), got an object');
    expect(() => builder.push({ a: 2, c: 1 })).toThrow('row 1, field "c": the dataset has no such field');
    builder.push({ a: 3, b: 'y' });
    const data = builder.finish();
    expect(data.rows([0, 1])).toEqual([{ a: 1, b: 'x' }, { a: 3, b: 'y' }]);
  });
});
