/**
 * Serializers for numeric arrays that travel as binary buffers (ipywidgets hands them to the
 * model as DataView) or, from a kernel that sent JSON, as plain number lists.
 */
export function toFloat32Array(value: unknown): Float32Array {
  if (value == null) return new Float32Array(0);
  if (value instanceof Float32Array) return value;
  if (value instanceof DataView) {
    if (value.byteLength % 4 !== 0) throw new Error(`binary buffer of ${value.byteLength} bytes is not a Float32Array`);
    // Copy when unaligned: a Float32Array view needs a 4-byte aligned offset.
    if (value.byteOffset % 4 !== 0) return new Float32Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    return new Float32Array(value.buffer, value.byteOffset, value.byteLength / 4);
  }
  if (ArrayBuffer.isView(value)) return toFloat32Array(new DataView(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof ArrayBuffer) return toFloat32Array(new DataView(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return Float32Array.from(value);
  throw new Error(`expected a Float32Array buffer or a list of numbers, got ${Object.prototype.toString.call(value)}`);
}

/** Sends a Float32Array back as a DataView (the kernel reads it as a buffer). */
export function fromFloat32Array(value: Float32Array | null): DataView | null {
  return value == null ? null : new DataView(value.buffer, value.byteOffset, value.byteLength);
}
