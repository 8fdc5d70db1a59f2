/**
 * Datasets from CSV text with a header row.
 *
 * Missing values: a cell whose text is one of `missing` (default: only the empty cell) is
 * missing; pass e.g. `missing: ['', 'NA']` for R-style files. Cells are kept verbatim for
 * text and category fields (no trimming); numbers are parsed strictly (see infer.ts) and a
 * non-number in a numeric column is an error naming its row and line.
 */
import { readFileSync } from 'fs';
import { buildColumns } from './build';
import { parseCsvRecords } from './csv-parser';
import { Dataset } from './dataset';
import { DatasetError } from './errors';
import { inferPlan } from './infer';
import { checkNotEmpty, type LoadOptions } from './load-options';
import { planFromSpec } from './plan';

export interface CsvOptions extends LoadOptions {
  delimiter?: string;
  /** Cell texts that mean "missing". Default `['']`. */
  missing?: readonly string[];
}

export function parseCSV(text: string, options: CsvOptions = {}): Dataset {
  const { records, lines } = parseCsvRecords(text, options.delimiter ?? ',');
  if (records.length === 0) throw new DatasetError({}, 'the CSV text is empty (no header row)');
  const header = records[0];
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === '') throw new DatasetError({ line: lines[0] }, `header column ${k + 1} has no name`);
    if (seen.has(name)) throw new DatasetError({ line: lines[0], field: name }, 'this name appears twice in the header');
    seen.add(name);
  });
  const rows = records.slice(1);
  const rowLines = lines.slice(1);
  checkNotEmpty(rows.length, options, 'the CSV text');
  rows.forEach((cells, r) => {
    if (cells.length !== header.length) {
      throw new DatasetError({ row: r, line: rowLines[r] }, `expected ${header.length} fields (as in the header), got ${cells.length}`);
    }
  });
  const missing = new Set(options.missing ?? ['']);
  const cell = (r: number, f: number): string | null => (missing.has(rows[r][f]) ? null : rows[r][f]);
  const spec = options.spec ?? {};
  for (const name of Object.keys(spec)) {
    if (!seen.has(name)) throw new DatasetError({ field: name }, 'the spec names a field the CSV header does not have');
  }
  const plans = header.map((name, f) => (Object.prototype.hasOwnProperty.call(spec, name)
    ? planFromSpec(name, spec[name])
    : inferPlan(name, (function* () { for (let r = 0; r < rows.length; r++) yield cell(r, f); })(), true)));
  const columns = buildColumns(plans, {
    rowCount: rows.length,
    value: cell,
    place: (r) => ({ row: r, line: rowLines[r] }),
  }, { fromText: true });
  return Dataset.fromColumns(columns, options);
}

export function readCSV(path: string, options: CsvOptions = {}): Dataset {
  return parseCSV(readFileSync(path, 'utf8'), { name: path, ...options });
}
