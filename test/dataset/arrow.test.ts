/** Arrow column types: each maps to the documented column kind, nulls to missing values. */
import {
  Bool, Dictionary, Field, FixedSizeList, Float32, Float64, Int16, Int32, Int64, Table, TimestampMillisecond, Utf8,
  tableFromArrays, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { fromArrow, fromArrowTable, isPresent } from '../../src/model/dataset';

describe('Arrow types', () => {
  const n = 8;
  const labels = ['x', 'y', null, 'x', 'z', 'y', 'x', 'x'];
  const table = new Table({
    small: vectorFromArray([1, -2, null, 4, 5, 6, 7, 32767], new Int16()),
    wide: vectorFromArray([1, 2, 3, 4, 5, 6, 7, 2 ** 31 - 1], new Int32()),
    single: vectorFromArray([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], new Float32()),
    double: vectorFromArray([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, null], new Float64()),
    big: vectorFromArray([1n, 2n, 3n, 4n, 5n, 6n, 7n, 2n ** 53n - 1n], new Int64()),
    flag: vectorFromArray([true, false, null, true, true, false, true, false], new Bool()),
    dict: vectorFromArray(labels, new Dictionary(new Utf8(), new Int32())),
    plain: vectorFromArray(labels, new Utf8()),
    when: vectorFromArray([0, 1, 2, 3, 4, 5, 6, Date.UTC(2020, 0, 1)], new TimestampMillisecond()),
    vec: vectorFromArray(Array.from({ length: n }, (_, i) => [i, i + 0.5]), new FixedSizeList(2, new Field('v', new Float32()))),
  });
  const data = fromArrow(tableToIPC(table));

  it('maps numbers to Float32Array when float32 is exact, else Float64Array', () => {
    const kinds = Object.fromEntries(['small', 'wide', 'single', 'double', 'big', 'when'].map((f) => {
      const c = data.column(f);
      return [f, c.kind === 'numeric' ? c.values.constructor.name : c.kind];
    }));
    expect(kinds).toEqual({ small: 'Float32Array', wide: 'Float64Array', single: 'Float32Array', double: 'Float64Array', big: 'Float64Array', when: 'Float64Array' });
    expect(data.row(7)).toMatchObject({ small: 32767, wide: 2 ** 31 - 1, big: 2 ** 53 - 1, when: Date.UTC(2020, 0, 1), double: null });
    expect(data.row(0)['single']).toBe(Math.fround(0.1));
  });

  it('keeps nulls as missing values', () => {
    const small = data.column('small');
    expect(isPresent(small.validity, 2)).toBe(false);
    expect(data.row(2)).toMatchObject({ small: null, flag: null, dict: null, plain: null });
  });

  it('keeps dictionaries as categories and infers plain strings', () => {
    const dict = data.column('dict');
    expect(dict.kind).toBe('categorical');
    expect(data.rows([0, 1, 4]).map((r) => r['dict'])).toEqual(['x', 'y', 'z']);
    expect(data.spec()['plain']).toEqual({ kind: 'CategoryLabel', vocab: ['x', 'y', 'z'] });
    expect(data.spec()['flag']).toEqual({ kind: 'CategoryLabel', vocab: ['false', 'true'] });
  });

  it('reads fixed-size lists as vectors', () => {
    expect(data.spec()['vec']).toEqual({ kind: 'Embeddings' });
    expect(Array.from(data.row(3)['vec'] as Float32Array)).toEqual([3, 3.5]);
  });

  it('reads tables with several record batches', () => {
    const part = tableFromArrays({ a: new Float64Array([1, 2, 3]) });
    const joined = new Table([...part.batches, ...part.batches]);
    expect(fromArrowTable(joined).rows([0, 3, 5]).map((r) => r['a'])).toEqual([1, 1, 3]);
  });

  it('refuses 64-bit integers beyond exact doubles, and unreadable bytes', () => {
    const big = new Table({ b: vectorFromArray([1n, 2n ** 60n], new Int64()) });
    expect(() => fromArrowTable(big)).toThrow('row 1, field "b": 1152921504606846976 cannot be held exactly as a number');
    expect(() => fromArrow(new Uint8Array([1, 2, 3]))).toThrow(/^not a readable Arrow IPC file/);
  });
});
