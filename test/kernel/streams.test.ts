/** Coalescing of stdout/stderr writes into stream messages. */
import { StreamBuffer, StreamName } from '../../src/kernel/streams';

function recorder(maxChars?: number) {
  const emitted: [StreamName, string, string][] = [];
  const buffer = new StreamBuffer<string>((name, text, parent) => emitted.push([name, text, parent]), maxChars);
  return { emitted, buffer };
}

describe('StreamBuffer', () => {
  it('joins consecutive writes of one stream and parent, emitting on the next turn', async () => {
    const { emitted, buffer } = recorder();
    buffer.write('stdout', 'a', 'p1');
    buffer.write('stdout', 'b', 'p1');
    expect(emitted).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(emitted).toEqual([['stdout', 'ab', 'p1']]);
  });

  it('keeps order across streams and parents', () => {
    const { emitted, buffer } = recorder();
    buffer.write('stdout', '1', 'p1');
    buffer.write('stderr', '2', 'p1');
    buffer.write('stderr', '3', 'p2');
    buffer.write('stderr', '4', 'p2');
    buffer.flush();
    expect(emitted).toEqual([
      ['stdout', '1', 'p1'],
      ['stderr', '2', 'p1'],
      ['stderr', '34', 'p2'],
    ]);
  });

  it('emits at once past maxChars, and ignores empty writes', () => {
    const { emitted, buffer } = recorder(4);
    buffer.write('stdout', '', 'p');
    buffer.write('stdout', 'abc', 'p');
    expect(emitted).toEqual([]);
    buffer.write('stdout', 'de', 'p');
    expect(emitted).toEqual([['stdout', 'abcde', 'p']]);
  });
});
