/**
 * Wire format: frames written by the kernel are accepted by jupyter_client's Session (the
 * Python client JupyterLab's server uses), and frames it writes are accepted by the kernel,
 * with binary buffers in both directions.
 */
import { execFileSync } from 'child_process';
import { createHmac, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deserialize, DELIMITER, makeHeader, OutgoingMessage, serialize, sign, WireError } from '../../src/kernel/wire';

const python = path.join(__dirname, '..', '..', '.venv', 'bin', 'python');
const KEY = 'a0436f6c-1916-498b-8eb9-e81ab9368e84';

/** Runs `script` in the venv's Python with frames (hex) on stdin; returns its stdout. */
function runPython(script: string, input: string): string {
  return execFileSync(python, ['-c', script], { input, encoding: 'utf8' });
}

function message(buffers: Buffer[]): OutgoingMessage {
  return {
    header: makeHeader('comm_msg', 'kernel-session'),
    parent_header: makeHeader('comm_msg', 'client-session'),
    metadata: { m: 1 },
    content: { comm_id: 'c1', data: { text: 'é ✓' } },
    buffers,
  };
}

describe('sign', () => {
  it('is HMAC-SHA256 over the given frames in order', () => {
    const frames = ['{"a":1}', '{}', '{}', '{"b":2}'];
    const expected = createHmac('sha256', KEY).update(frames.join('')).digest('hex');
    expect(sign(KEY, frames)).toBe(expected);
    expect(sign(KEY, [...frames].reverse())).not.toBe(expected);
    expect(sign('', frames)).toBe('');
  });
});

describe('serialize', () => {
  it('signs only header, parent, metadata and content; buffers are raw frames', () => {
    const buffers = [randomBytes(17), Buffer.alloc(0)];
    const frames = serialize(message(buffers), KEY, [Buffer.from('topic')]);
    expect(frames[0].toString()).toBe('topic');
    expect(frames[1].equals(DELIMITER)).toBe(true);
    expect(frames[2].toString()).toBe(sign(KEY, frames.slice(3, 7)));
    expect(frames.slice(7)).toEqual(buffers);
  });

  it('writes typed-array views without their neighbours in the underlying buffer', () => {
    const backing = new Float32Array([1, 2, 3, 4]);
    const frames = serialize({ ...message([]), buffers: [backing.subarray(1, 3)] }, KEY);
    expect([...new Float32Array(new Uint8Array(frames[6]).buffer)]).toEqual([2, 3]);
  });

  it('is accepted by jupyter_client Session.deserialize, buffers byte for byte', () => {
    if (!fs.existsSync(python)) throw new Error(`${python} is missing: run the setup first`);
    const buffers = [randomBytes(1000), Buffer.from([0, 255, 1])];
    const frames = serialize(message(buffers), KEY, [Buffer.from('ident')]);
    const script = [
      'import sys, json, hashlib',
      'from jupyter_client.session import Session',
      `s = Session(key=${JSON.stringify(KEY)}.encode())`,
      'frames = [bytes.fromhex(line) for line in sys.stdin.read().split()]',
      'idents, rest = s.feed_identities(frames)',
      'msg = s.deserialize(rest)',
      'print(json.dumps({"idents": [i.decode() for i in idents], "content": msg["content"], "buffers": [bytes(b).hex() for b in msg["buffers"]]}))',
    ].join('\n');
    const out = JSON.parse(runPython(script, frames.map((f) => f.toString('hex')).join('\n')));
    expect(out.idents).toEqual(['ident']);
    expect(out.content).toEqual({ comm_id: 'c1', data: { text: 'é ✓' } });
    expect(out.buffers).toEqual(buffers.map((b) => b.toString('hex')));
  });
});

describe('deserialize', () => {
  it('accepts jupyter_client Session.serialize output with buffers', () => {
    const payload = randomBytes(300);
    const script = [
      'import sys',
      'from jupyter_client.session import Session',
      `s = Session(key=${JSON.stringify(KEY)}.encode())`,
      'msg = s.msg("comm_msg", {"comm_id": "x", "data": {"n": 1}})',
      `frames = s.serialize(msg, ident=[b"id1", b"id2"])`,
      `frames += [bytes.fromhex("${payload.toString('hex')}"), b""]`,
      'print("\\n".join("x" + f.hex() for f in frames))',
    ].join('\n');
    const frames = runPython(script, '').trim().split('\n').map((h) => Buffer.from(h.slice(1), 'hex'));
    const { identities, message: m } = deserialize(frames, KEY);
    expect(identities.map(String)).toEqual(['id1', 'id2']);
    expect(m.header.msg_type).toBe('comm_msg');
    expect(m.content).toEqual({ comm_id: 'x', data: { n: 1 } });
    expect(m.buffers.map((b) => b.toString('hex'))).toEqual([payload.toString('hex'), '']);
  });

  it('rejects a wrong signature, tampered content, a missing delimiter and bad JSON', () => {
    const frames = serialize(message([]), KEY);
    expect(deserialize(frames, KEY).message.content).toEqual(message([]).content);
    expect(() => deserialize(frames, 'other-key')).toThrow(/invalid HMAC signature/);
    const tampered = [...frames];
    tampered[5] = Buffer.from('{"m":2}');
    expect(() => deserialize(tampered, KEY)).toThrow(WireError);
    expect(() => deserialize(frames.slice(1), KEY)).toThrow(/no <IDS\|MSG> delimiter/);
    expect(() => deserialize(frames.slice(0, 4), KEY)).toThrow(/expected at least 5/);
    const notJson = [Buffer.from('{'), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')];
    expect(() => deserialize([DELIMITER, Buffer.from(sign(KEY, notJson)), ...notJson], KEY)).toThrow(/header frame is not valid JSON/);
  });
});
