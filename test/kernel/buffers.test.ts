/** Splitting binary values out of widget state and putting them back, as ipywidgets does. */
import { putBuffers, removeBuffers } from '../../src/kernel/buffers';

function bytesOf(view: ArrayBufferView): number[] {
  return [...new Uint8Array(view.buffer, view.byteOffset, view.byteLength)];
}

describe('removeBuffers', () => {
  const f32 = new Float32Array([1, 2, 3, 4]).subarray(1, 3);
  const raw = new Uint8Array([5, 6]).buffer;
  const dv = new DataView(new Uint8Array([7, 8, 9]).buffer, 1, 2);
  const state = { a: 1, data: f32, nested: { list: [0, raw, { deep: dv }], text: 'x' }, untouched: { k: [1, 2] } };

  it('deletes binary keys in objects, nulls them in arrays, and records paths in order', () => {
    const { state: json, buffer_paths, buffers } = removeBuffers(state);
    expect(json).toEqual({ a: 1, nested: { list: [0, null, {}], text: 'x' }, untouched: { k: [1, 2] } });
    expect(buffer_paths).toEqual([['data'], ['nested', 'list', 1], ['nested', 'list', 2, 'deep']]);
    expect(buffers.map(bytesOf)).toEqual([bytesOf(f32), [5, 6], [8, 9]]);
  });

  it('does not mutate the input and shares untouched containers', () => {
    const { state: json } = removeBuffers(state);
    expect(state.data).toBe(f32);
    expect(state.nested.list[1]).toBe(raw);
    expect(json.untouched).toBe(state.untouched);
  });

  it('returns the same object when there is nothing binary', () => {
    const plain = { a: [1, { b: 'c' }] };
    expect(removeBuffers(plain)).toEqual({ state: plain, buffer_paths: [], buffers: [] });
  });
});

describe('putBuffers', () => {
  it('restores what removeBuffers took out, as DataViews with the same bytes', () => {
    const original = { img: new Uint8Array([1, 2, 3]), rows: [{ v: new Float64Array([0.5]) }] };
    const { state, buffer_paths, buffers } = removeBuffers(original);
    const received = JSON.parse(JSON.stringify(state));
    putBuffers(received, buffer_paths, buffers);
    expect(received.img).toBeInstanceOf(DataView);
    expect(bytesOf(received.img)).toEqual([1, 2, 3]);
    expect(received.rows[0].v.getFloat64(0, true)).toBe(0.5);
  });

  it('names the path that does not resolve, and checks counts and shapes', () => {
    const buf = [new Uint8Array([1])];
    expect(() => putBuffers({ a: {} }, [['a', 'b', 'c']], buf)).toThrow('buffer_paths[0] ["a","b","c"] does not resolve: nothing at ["a","b"]');
    expect(() => putBuffers({}, [['a'], ['b']], buf)).toThrow('buffer_paths has 2 entries but the message carries 1 buffers');
    expect(() => putBuffers({}, [[]], buf)).toThrow('buffer_paths[0] must be a non-empty list');
    expect(() => putBuffers({}, 'a', buf)).toThrow('buffer_paths must be an array, got string');
    const ok: Record<string, unknown> = {};
    putBuffers(ok, undefined, []);
    expect(ok).toEqual({});
  });
});
