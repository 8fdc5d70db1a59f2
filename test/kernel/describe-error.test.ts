/** What a thrown value becomes in an `error` message (src/kernel/execution.ts describeError). */
import { describeError } from '../../src/kernel/execution';

describe('describeError', () => {
  it('reads errors and plain values', () => {
    const e = describeError(new RangeError('out'));
    expect([e.ename, e.evalue, e.traceback[0]]).toEqual(['RangeError', 'out', 'RangeError: out']);
    expect(describeError(42)).toEqual({ ename: 'Error', evalue: '42', traceback: ['Uncaught 42'] });
    expect(describeError(undefined)).toEqual({ ename: 'Error', evalue: 'undefined', traceback: ['Uncaught undefined'] });
  });

  it('says so when reading the thrown value throws, instead of reporting that second error as the cell’s', () => {
    const trap = new Proxy({}, { has: () => { throw new Error('has trap'); } });
    expect(describeError(trap).evalue).toBe('The cell threw a value that cannot be read (reading it threw: has trap)');
    const badMessage = { message: { toString: () => { throw new TypeError('no string'); } } };
    expect(describeError(badMessage).evalue).toBe('The cell threw a value that cannot be read (reading it threw: no string)');
    const worse = { message: { toString: () => { throw { get message(): string { throw new Error('again'); } }; } } };
    expect(describeError(worse).evalue).toBe('The cell threw a value that cannot be read (reading it threw: object)');
  });
});
