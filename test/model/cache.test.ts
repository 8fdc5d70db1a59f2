import { exampleKey } from '../../src/model/predict/example-key';
import { PredictionCache } from '../../src/model/predict/prediction-cache';
import { runInBatches } from '../../src/model/predict/batches';

describe('exampleKey', () => {
  const fields = ['a', 'b', 't'];
  it('depends on content of the model fields only, not key order or other fields', () => {
    expect(exampleKey({ a: 1, b: 2, t: 'x', id: '1' }, fields)).toBe(exampleKey({ id: '2', t: 'x', b: 2, a: 1 }, fields));
  });
  it('separates values that print alike or differ in type', () => {
    const k = (v: Record<string, number | string | number[] | null | boolean | Float32Array>) => exampleKey(v, ['a']);
    expect(k({ a: 0.1 + 0.2 })).not.toBe(k({ a: 0.3 }));
    expect(k({ a: 1 })).not.toBe(k({ a: '1' }));
    expect(k({ a: null })).not.toBe(k({}));
    expect(k({ a: ['ab', 'c'] as unknown as number[] })).not.toBe(k({ a: ['a', 'bc'] as unknown as number[] }));
    expect(k({ a: true })).not.toBe(k({ a: 'T;' }));
    expect(k({ a: new Float32Array([1, 2]) })).toBe(k({ a: new Float32Array([1, 2]) }));
    expect(k({ a: new Float32Array([1, 2]) })).not.toBe(k({ a: new Float32Array([1, 3]) }));
  });
  it('keeps short scalar content as the key itself and hashes the rest, the two kinds never equal', () => {
    // 1.5 is float64 0x3FF8000000000000: its four 16-bit halves, least significant first.
    expect(exampleKey({ a: 1.5, t: 'hi' }, ['a', 't'])).toBe(`p:k1:ad${String.fromCharCode(0, 0, 0, 0x3ff8)}k1:ts2:hi`);
    expect(exampleKey({ a: -0, t: 'hi' }, ['a', 't'])).toBe(exampleKey({ a: 0, t: 'hi' }, ['a', 't']));
    expect(exampleKey({ a: NaN, t: 'hi' }, ['a', 't'])).toBe(exampleKey({ a: Math.sqrt(-1), t: 'hi' }, ['a', 't']));
    expect(exampleKey({ a: 0.1 + 0.2, t: 'hi' }, ['a', 't'])).not.toBe(exampleKey({ a: 0.3, t: 'hi' }, ['a', 't']));
    const long = exampleKey({ t: 'x'.repeat(300) }, ['t']);
    expect(long).toMatch(/^[0-9a-f]{40}$/);
    expect(long).not.toBe(exampleKey({ t: 'x'.repeat(301) }, ['t']));
    expect(exampleKey({ a: [1, 2] }, ['a'])).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('PredictionCache', () => {
  it('evicts the least recently used entry and counts hits and misses', () => {
    const c = new PredictionCache(2);
    c.set('a', { p: 1 });
    c.set('b', { p: 2 });
    expect(c.get('a')).toEqual({ p: 1 }); // a is now most recent
    c.set('c', { p: 3 }); // evicts b
    expect(c.get('b')).toBeUndefined();
    expect(c.get('c')).toEqual({ p: 3 });
    expect([c.hits, c.misses, c.size]).toEqual([2, 1, 2]);
    expect(() => new PredictionCache(-1)).toThrow('non-negative integer');
  });
  it('when full, drops the least recently used tenth at once (one Map walk, not one per insert)', () => {
    const c = new PredictionCache(100);
    for (let i = 0; i < 100; i++) c.set(`k${i}`, { p: i });
    c.get('k0'); // most recent now
    c.set('k100', { p: 100 });
    expect(c.size).toBe(90);
    expect(c.get('k0')).toEqual({ p: 0 });
    expect(c.get('k1')).toBeUndefined();
    expect(c.get('k11')).toBeUndefined();
    expect(c.get('k12')).toEqual({ p: 12 });
    expect(c.get('k100')).toEqual({ p: 100 });
  });
});

describe('runInBatches', () => {
  it('runs consecutive batches with offsets and rejects bad batch sizes or short results', async () => {
    const offsets: number[] = [];
    const out = await runInBatches({ items: [1, 2, 3, 4, 5], batchSize: 2, run: async (b, o) => { offsets.push(o); return b.map((x) => x * 10); } });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(offsets).toEqual([0, 2, 4]);
    await expect(runInBatches({ items: [1], batchSize: 0, run: async (b) => [...b] })).rejects.toThrow('batchSize must be a positive integer, got 0');
    await expect(runInBatches({ items: [1, 2], batchSize: 2, run: async () => [1] })).rejects.toThrow('a batch of 2 examples returned 1 predictions');
  });
  it('an already aborted signal stops before the first batch', async () => {
    const ctl = new AbortController();
    ctl.abort();
    let ran = false;
    await expect(runInBatches({ items: [1], batchSize: 1, signal: ctl.signal, run: async (b) => { ran = true; return [...b]; } })).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toBe(false);
  });
});
