/**
 * Serializers for numeric arrays that travel as binary buffers (ipywidgets hands them to the
 * model as DataView) or, from a kernel that sent JSON, as plain number lists.
 */
type Typed = Float32Array | Int32Array;
interface TypedConstructor<T extends Typed> {
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  from(values: ArrayLike<number>): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
}

function toTyped<T extends Typed>(value: unknown, Type: TypedConstructor<T>): T {
  if (value == null) return new Type(new ArrayBuffer(0));
  if (value instanceof Type) return value;
  const size = Type.BYTES_PER_ELEMENT;
  if (value instanceof DataView) {
    if (value.byteLength % size !== 0) throw new Error(`binary buffer of ${value.byteLength} bytes is not a ${Type.name}`);
    // Copy when unaligned: a typed array view needs an offset aligned to its element size.
    if (value.byteOffset % size !== 0) return new Type(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    return new Type(value.buffer, value.byteOffset, value.byteLength / size);
  }
  if (ArrayBuffer.isView(value)) return toTyped(new DataView(value.buffer, value.byteOffset, value.byteLength), Type);
  if (value instanceof ArrayBuffer) return toTyped(new DataView(value), Type);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return Type.from(value);
  throw new Error(`expected a ${Type.name} buffer or a list of numbers, got ${Object.prototype.toString.call(value)}`);
}

export function toFloat32Array(value: unknown): Float32Array {
  return toTyped(value, Float32Array);
}

/** Integer arrays (token spans): a buffer of int32, or a list of numbers. */
export function toInt32Array(value: unknown): Int32Array {
  return toTyped(value, Int32Array);
}

/** Sends a typed array back as a DataView (the kernel reads it as a buffer). */
export function fromFloat32Array(value: Typed | null): DataView | null {
  return value == null ? null : new DataView(value.buffer, value.byteOffset, value.byteLength);
}
