/**
 * Datasets from JSON (an array of records) and JSONL (one record per line; blank lines are
 * skipped). Row numbers in errors count records from 0; JSONL errors also give the line.
 */
import { readFileSync } from 'fs';
import { buildColumns } from './build';
import { Dataset } from './dataset';
import { DatasetError } from './errors';
import { checkNotEmpty, type LoadOptions } from './load-options';
import { planRecords, recordFields, recordSource, type PlainRecord } from './record-source';
import { fromRecords } from './load-records';

export function parseJSON(text: string, options: LoadOptions = {}): Dataset {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new DatasetError({}, `not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new DatasetError({}, `expected a JSON array of records, got ${data === null ? 'null' : typeof data}`);
  return fromRecords(data, options);
}

export function parseJSONL(text: string, options: LoadOptions = {}): Dataset {
  const records: unknown[] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line));
    } catch (e) {
      throw new DatasetError({ row: records.length, line: k + 1 }, `not valid JSON: ${(e as Error).message}`);
    }
    lines.push(k + 1);
  });
  checkNotEmpty(records.length, options, 'the JSONL text');
  const placeOf = (row: number) => ({ row, line: lines[row] });
  const fields = recordFields(records, placeOf);
  const plans = planRecords(records as PlainRecord[], fields, options.spec);
  return Dataset.fromColumns(buildColumns(plans, recordSource(records, plans, false, placeOf)), options);
}

export function readJSON(path: string, options: LoadOptions = {}): Dataset {
  return parseJSON(readFileSync(path, 'utf8'), { name: path, ...options });
}

export function readJSONL(path: string, options: LoadOptions = {}): Dataset {
  return parseJSONL(readFileSync(path, 'utf8'), { name: path, ...options });
}
