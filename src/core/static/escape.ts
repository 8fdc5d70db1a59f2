/**
 * Escaping for the static pictures (src/core/static): they are HTML and SVG strings shown by
 * readers that do not run the live views, so every string that came from data or from the
 * person goes through here, and numbers are formatted, never copied from input.
 */

/** The tooltip every static picture carries. */
export const STATIC_NOTE = 'static picture; run the notebook in JupyterLab for the live view';

/** Escapes text for HTML/XML element content and quoted attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A finite number with `digits` decimals, or an en dash; never text from input. */
export function fmt(value: unknown, digits = 3): string {
  const n = Number(value);
  return typeof value === 'number' || typeof value === 'bigint' ? (Number.isFinite(n) ? n.toFixed(digits) : '–') : '–';
}

/** A value of a data field as escaped text (numbers formatted, null as an en dash). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : fmt(value, 4);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `[${(value as ArrayLike<unknown>).length} values]`;
  return xmlEscape(String(value));
}

/** A fraction 0..1 clamped, for widths and alphas. */
export function unit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
