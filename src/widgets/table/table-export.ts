/**
 * Table export to CSV and JSON: the rows a data table shows (after its filters and sort),
 * as text, for a file written from code or a download from the view's toolbar.
 *
 * Notes: CSV follows RFC 4180 (fields with a comma, quote or line break are quoted, quotes
 * doubled, CRLF line ends). Text cells that start with `=`, `+`, `-`, `@`, tab or CR are
 * prefixed with a single quote so a spreadsheet opening the file does not run them as
 * formulas (CSV injection); numbers are written as numbers. Missing values are empty cells in
 * CSV and null in JSON. Vectors are written as JSON arrays.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { FieldValue } from '../../core/spec';
import { staticTableHtml } from '../../core/static/views';

export type ExportFormat = 'csv' | 'json';

export interface ExportRows {
  fields: readonly string[];
  /** One call per row, in order; each returns the row's values in `fields` order. */
  rowCount: number;
  row(k: number): readonly FieldValue[];
  /** Optional id per row, written as the first column `id`. */
  id?(k: number): string;
}

/** The format a file name asks for, or a clear error. */
export function formatOf(file: string, format?: ExportFormat): ExportFormat {
  if (format !== undefined) {
    if (format !== 'csv' && format !== 'json') throw new Error(`exportTable: format must be 'csv' or 'json', got ${JSON.stringify(format)}`);
    return format;
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new Error(`exportTable: cannot tell the format of ${JSON.stringify(file)}; name it .csv or .json, or pass { format }`);
}

function plain(value: FieldValue): string | number | boolean | null | (string | number)[] {
  if (value instanceof Float32Array) return Array.from(value);
  return value;
}

/** One CSV cell. */
export function csvCell(value: FieldValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(plain(value));
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCSV(rows: ExportRows): string {
  const header = [...(rows.id ? ['id'] : []), ...rows.fields].map((f) => csvCell(f));
  const lines = [header.join(',')];
  for (let k = 0; k < rows.rowCount; k++) {
    const cells = rows.row(k).map(csvCell);
    if (rows.id) cells.unshift(csvCell(rows.id(k)));
    lines.push(cells.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A JSON array of records (with `id` first when ids are given). */
export function toJSON(rows: ExportRows): string {
  const out: string[] = [];
  for (let k = 0; k < rows.rowCount; k++) {
    const record: Record<string, unknown> = {};
    if (rows.id) record.id = rows.id(k);
    const values = rows.row(k);
    rows.fields.forEach((f, j) => {
      const v = plain(values[j]);
      const safe = typeof v === 'number' && !Number.isFinite(v) ? null : v;
      if (f === '__proto__') Object.defineProperty(record, f, { value: safe, enumerable: true });
      else record[f] = safe;
    });
    out.push(JSON.stringify(record));
  }
  return `[${out.join(',\n')}]\n`;
}

/** The first `limit` rows as a static HTML table (the picture beside the table's output). */
export function staticTable(title: string, rows: ExportRows, limit = 10): string {
  const shown = Array.from({ length: Math.min(limit, rows.rowCount) }, (_, k) => [rows.id?.(k) ?? String(k), ...rows.row(k)]);
  return staticTableHtml(title, ['id', ...rows.fields], shown, rows.rowCount);
}

export function renderExport(rows: ExportRows, format: ExportFormat): string {
  return format === 'csv' ? toCSV(rows) : toJSON(rows);
}

/** Writes the rows to `file` (relative to the kernel's cwd, the notebook's folder); returns the absolute path. */
export async function writeExport(file: string, rows: ExportRows, format?: ExportFormat): Promise<string> {
  if (typeof file !== 'string' || file === '') throw new Error('exportTable: give a file name such as "rows.csv"');
  const kind = formatOf(file, format);
  const full = path.resolve(file);
  await fs.promises.writeFile(full, renderExport(rows, kind), 'utf8');
  return full;
}
