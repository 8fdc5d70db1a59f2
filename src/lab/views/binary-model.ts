/**
 * A widget model whose binary values (typed arrays, DataView, ArrayBuffer) are compared by
 * identity, not element by element, when set.
 *
 * Notes: ipywidgets' `set` (its patched Backbone `set`) decides whether an attribute changed
 * with lodash `isEqual`, twice per attribute (against the current and the previous values).
 * For a typed array that walks every element when the contents are equal: two passes over
 * 10 million floats cost ~100–150 ms in Chromium (bench/roundtrip-stages --profile), as much
 * as the transfer itself. Every buffer from the kernel is a new object, and the kernel counts
 * every `set` of a binary value as a change, so identity is the right test here too: a new
 * buffer fires `change:<key>` even when its bytes equal the old ones. `previous(key)` still
 * returns the old value.
 */
import { DOMWidgetModel } from '@jupyter-widgets/base';

type Attributes = Record<string, unknown>;

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** Backbone's bookkeeping that `set` reads (private in its typings). */
interface BackboneInternals {
  attributes: Attributes;
  _previousAttributes?: Attributes;
  _changing?: boolean;
}

interface Displaced {
  key: string;
  /** The binary value in `attributes`, taken out for the comparison (or undefined). */
  current?: unknown;
  /** The binary value in the outer set's previous attributes, when nested. */
  previous?: unknown;
}

export class BinaryStateModel extends DOMWidgetModel {
  /** Puts displaced values back into the previous attributes; runs before the first event of a set. */
  private restorePrevious?: () => void;

  override set(key: unknown, val?: unknown, options?: unknown): unknown {
    if (key === null || key === undefined) return super.set(key, val, options);
    const attrs = (typeof key === 'object' ? key : { [String(key)]: val }) as Attributes;
    const self = this as unknown as BackboneInternals;
    // Inside a change handler Backbone compares against the outer set's previous attributes;
    // otherwise against a copy of the current ones it makes at the start of this set.
    const nested = self._changing === true;
    const displaced: Displaced[] = [];
    for (const k of Object.keys(attrs)) {
      const next = attrs[k];
      const d: Displaced = { key: k };
      const current = self.attributes[k];
      if (current !== next && isBinary(current)) d.current = current;
      const previous = nested ? self._previousAttributes?.[k] : undefined;
      if (previous !== next && isBinary(previous)) d.previous = previous;
      if (d.current === undefined && d.previous === undefined) continue;
      // Taken out, the comparisons see `undefined` and stop at once.
      if (d.current !== undefined) delete self.attributes[k];
      if (d.previous !== undefined) delete self._previousAttributes![k];
      displaced.push(d);
    }
    if (displaced.length === 0) return super.set(key, val, options);
    // Change handlers run after the comparisons: by then `previous(key)` must answer the value
    // before this set (before the outer set, when nested).
    const restore = () => {
      const prev = self._previousAttributes;
      if (!prev) return;
      for (const d of displaced) {
        if (d.previous !== undefined) prev[d.key] = d.previous;
        else if (!nested && d.current !== undefined && !(d.key in prev)) prev[d.key] = d.current;
      }
    };
    this.restorePrevious = restore;
    let result: unknown = false;
    try {
      result = super.set(key, val, options);
    } finally {
      if (this.restorePrevious === restore) {
        this.restorePrevious = undefined;
        if (result !== false || nested) restore();
      }
      // Validation refused the set: nothing was stored; put the old values back.
      if (result === false) {
        for (const d of displaced) if (d.current !== undefined && !(d.key in self.attributes)) self.attributes[d.key] = d.current;
      }
    }
    return result;
  }

  override trigger(eventName: string, ...args: unknown[]): this {
    const restore = this.restorePrevious;
    if (restore && eventName.startsWith('change')) {
      this.restorePrevious = undefined;
      restore();
    }
    return super.trigger(eventName, ...args);
  }
}
