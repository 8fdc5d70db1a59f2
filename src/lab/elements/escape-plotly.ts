/**
 * The one place where strings become safe for plotly.
 *
 * Why: plotly renders a subset of HTML (`<b>`, `<br>`, `<a href>`, `<span style>`…) in titles,
 * tick labels, legend names, annotations, text and hover labels, and decodes entities. A data
 * string like `<a href="javascript:…">` or `<span style="…">` would become markup. Escaping
 * `&`, `<` and `>` to entities makes plotly draw the characters themselves.
 *
 * Notes: `escapeFigure` escapes every string in the figure except the keys in
 * TEMPLATE_KEYS (`hovertemplate`, `texttemplate`), which are written by tslit's own code and
 * may use `<br>`/`<extra>`; their `%{…}` placeholders substitute values that were escaped
 * here. Enumerations and colours (`'markers'`, `'#1f77b4'`) contain no `&<>` and pass
 * unchanged. `customdata` is escaped too (a template may show it); `unescapePlotlyText`
 * gives back the original ids from a click.
 */

/** Keys whose string values are trusted templates written by code, not data. */
const TEMPLATE_KEYS = new Set(['hovertemplate', 'texttemplate', 'hovertemplatefallback']);

/** `&`, `<`, `>` as entities, so plotly shows the characters as text (plotly decodes only these and numeric entities, not `&quot;`). */
export function escapePlotlyText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The inverse of `escapePlotlyText`. */
export function unescapePlotlyText(text: string): string {
  return text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}

/** A deep copy of `value` with every string escaped (typed arrays are kept as they are). */
export function escapeDeep<T>(value: T, key?: string): T {
  if (typeof value === 'string') return (key !== undefined && TEMPLATE_KEYS.has(key) ? value : escapePlotlyText(value)) as T;
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = escapeDeep(v, k);
  return out as T;
}

/** A figure whose data and layout strings are all escaped (see the module notes). */
export function escapeFigure<F extends { data: unknown[]; layout?: object }>(figure: F): F {
  return { ...figure, data: escapeDeep(figure.data), layout: escapeDeep(figure.layout ?? {}) };
}
