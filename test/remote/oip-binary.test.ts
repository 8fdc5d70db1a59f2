/**
 * The binary tensor extension's layout (the Open Inference Protocol's binary_tensor_data:
 * a JSON header, then each tensor's little-endian bytes; BYTES elements length-prefixed),
 * checked byte by byte on hand-computed values, and its malformed answers refused by name.
 */
import { decodeBinaryInferResponse, encodeBinaryInferRequest } from '../../src/model/remote/oip-binary';

const where = "remote model 'm'";

test('a request: the JSON header names each tensor\'s byte count; the bytes follow in order', () => {
  const { body, headerLength } = encodeBinaryInferRequest(
    [{ a: 1.5, b: 2, t: 'hé' }, { a: -2, b: 3, t: '' }],
    [{ tensor: 'x', datatype: 'FP32', fields: ['a'] }, { tensor: 'n', datatype: 'INT64', fields: ['b'] }, { tensor: 's', datatype: 'BYTES', fields: ['t'] }],
    ['probs'],
  );
  const header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength)));
  expect(header).toEqual({
    inputs: [
      { name: 'x', datatype: 'FP32', shape: [2, 1], parameters: { binary_data_size: 8 } },
      { name: 'n', datatype: 'INT64', shape: [2, 1], parameters: { binary_data_size: 16 } },
      { name: 's', datatype: 'BYTES', shape: [2], parameters: { binary_data_size: 4 + 3 + 4 } },
    ],
    outputs: [{ name: 'probs', parameters: { binary_data: true } }],
    parameters: { binary_data_output: true },
  });
  const raw = Array.from(body.subarray(headerLength));
  expect(raw).toEqual([
    0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, // 1.5f, -2f
    2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, // 2n, 3n
    3, 0, 0, 0, 0x68, 0xc3, 0xa9, 0, 0, 0, 0, // "hé" (3 UTF-8 bytes), ""
  ]);
});

function answer(header: object, ...parts: number[][]): { bytes: Uint8Array; headerLength: number } {
  const h = new TextEncoder().encode(JSON.stringify(header));
  return { bytes: new Uint8Array([...h, ...parts.flat()]), headerLength: h.length };
}

test('an answer: FP64, INT32, FP16 and BYTES outputs read back; JSON outputs left as they are', () => {
  const { bytes, headerLength } = answer({
    outputs: [
      { name: 'p', datatype: 'FP64', shape: [1, 2], parameters: { binary_data_size: 16 } },
      { name: 'j', datatype: 'FP32', shape: [1], data: [0.25] },
      { name: 'k', datatype: 'INT32', shape: [1], parameters: { binary_data_size: 4 } },
      { name: 'h', datatype: 'FP16', shape: [2], parameters: { binary_data_size: 4 } },
      { name: 's', datatype: 'BYTES', shape: [1], parameters: { binary_data_size: 6 } },
    ],
  }, [0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0xd0, 0x3f], [0xfe, 0xff, 0xff, 0xff], [0x00, 0x3c, 0x00, 0xc0], [2, 0, 0, 0, 0x6f, 0x6b]);
  const out = (decodeBinaryInferResponse(bytes, headerLength, where) as { outputs: Array<{ data: unknown }> }).outputs.map((o) => o.data);
  expect(out).toEqual([[0.5, 0.25], [0.25], [-2], [1, -2], ['ok']]);
});

test('malformed answers name the output and what was wrong', () => {
  const short = answer({ outputs: [{ name: 'p', datatype: 'FP64', shape: [1], parameters: { binary_data_size: 8 } }] }, [1, 2, 3]);
  expect(() => decodeBinaryInferResponse(short.bytes, short.headerLength, where)).toThrow("remote model 'm': binary output 'p' says 8 bytes, but 3 remain in the answer");
  const ragged = answer({ outputs: [{ name: 'p', datatype: 'FP32', shape: [1], parameters: { binary_data_size: 3 } }] }, [1, 2, 3]);
  expect(() => decodeBinaryInferResponse(ragged.bytes, ragged.headerLength, where)).toThrow("binary output 'p' has 3 bytes, not a whole number of FP32 values");
  expect(() => decodeBinaryInferResponse(new Uint8Array([1, 2]), 5, where)).toThrow('inference-header-content-length is 5, but the answer has 2 bytes');
  expect(() => decodeBinaryInferResponse(new Uint8Array([0x7b, 0x7b]), 2, where)).toThrow("the answer's JSON header (2 bytes) is not JSON");
});
