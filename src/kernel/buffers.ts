/**
 * Moving binary values between widget state and message buffers, as ipywidgets does.
 *
 * Notes: mirrors `_remove_buffers` / `_put_buffers` of ipywidgets (Python) and
 * `remove_buffers` / `put_buffers` of `@jupyter-widgets/base`: a binary value inside an
 * object is removed from the JSON (its key deleted), inside an array it becomes `null`; its
 * path (keys and indices from the top) goes to `buffer_paths` and its bytes to `buffers`.
 * Inputs are never mutated: containers on a path to a buffer are copied.
 */

/** A path of object keys and array indices from the top of a state object. */
export type BufferPath = (string | number)[];

/** Any binary value the kernel knows how to send as a buffer. */
export type BinaryValue = ArrayBuffer | ArrayBufferView;

export interface SeparatedBuffers<T> {
  state: T;
  buffer_paths: BufferPath[];
  buffers: ArrayBufferView[];
}

/** True for ArrayBuffer, typed arrays, DataView and Node Buffers. */
export function isBinary(value: unknown): value is BinaryValue {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function asView(value: BinaryValue): ArrayBufferView {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : value;
}

function separate(value: unknown, path: BufferPath, paths: BufferPath[], buffers: ArrayBufferView[]): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      if (isBinary(item)) {
        copy ??= value.slice();
        copy[i] = null;
        paths.push([...path, i]);
        buffers.push(asView(item));
      } else if (item !== null && typeof item === 'object') {
        const replaced = separate(item, [...path, i], paths, buffers);
        if (replaced !== item) {
          copy ??= value.slice();
          copy[i] = replaced;
        }
      }
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object' && !isBinary(value)) {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(record)) {
      if (isBinary(item)) {
        copy ??= { ...record };
        delete copy[key];
        paths.push([...path, key]);
        buffers.push(asView(item));
      } else if (item !== null && typeof item === 'object') {
        const replaced = separate(item, [...path, key], paths, buffers);
        if (replaced !== item) {
          copy ??= { ...record };
          copy[key] = replaced;
        }
      }
    }
    return copy ?? value;
  }
  return value;
}

/** Splits binary values out of `state` (not mutated) into buffers with their paths. */
export function removeBuffers<T extends object>(state: T): SeparatedBuffers<T> {
  const buffer_paths: BufferPath[] = [];
  const buffers: ArrayBufferView[] = [];
  const separated = separate(state, [], buffer_paths, buffers) as T;
  return { state: separated, buffer_paths, buffers };
}

/** Checks that `paths` is a list of non-empty key/index lists, one per buffer. */
export function validateBufferPaths(paths: unknown, bufferCount: number): BufferPath[] {
  if (paths === undefined) paths = [];
  if (!Array.isArray(paths)) throw new TypeError(`buffer_paths must be an array, got ${typeof paths}`);
  if (paths.length !== bufferCount) {
    throw new TypeError(`buffer_paths has ${paths.length} entries but the message carries ${bufferCount} buffers`);
  }
  paths.forEach((p, i) => {
    if (!Array.isArray(p) || p.length === 0 || !p.every((k) => typeof k === 'string' || typeof k === 'number')) {
      throw new TypeError(`buffer_paths[${i}] must be a non-empty list of keys and indices, got ${JSON.stringify(p)}`);
    }
  });
  return paths as BufferPath[];
}

/**
 * Puts `buffers` (as DataViews) into `state` at `paths`, mutating `state`.
 * Throws a TypeError naming the path when a container on it does not exist.
 */
export function putBuffers(state: Record<string, unknown>, paths: unknown, buffers: readonly ArrayBufferView[]): void {
  const valid = validateBufferPaths(paths, buffers.length);
  valid.forEach((path, i) => {
    let container: unknown = state;
    for (let j = 0; j < path.length - 1; j++) {
      const next = (container as Record<string | number, unknown>)[path[j]];
      if (next === null || typeof next !== 'object') {
        throw new TypeError(`buffer_paths[${i}] ${JSON.stringify(path)} does not resolve: nothing at ${JSON.stringify(path.slice(0, j + 1))}`);
      }
      container = next;
    }
    const buffer = buffers[i];
    (container as Record<string | number, unknown>)[path[path.length - 1]] = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  });
}
