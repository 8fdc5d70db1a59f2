/**
 * A small RFC 4180 CSV parser: quoted fields may hold delimiters, quotes (doubled) and line
 * breaks; records end at CRLF, LF or CR. Beyond the RFC: a leading byte-order mark is
 * dropped, empty lines are skipped, and a quote inside an unquoted field is kept as a literal
 * character (as Python's csv module does). Text after a closing quote, and a quoted field
 * that never closes, are errors naming the line.
 */
import { DatasetError } from './errors';

export interface CsvRecords {
  records: string[][];
  /** 1-based line on which each record starts. */
  lines: number[];
}

export function parseCsvRecords(text: string, delimiter = ','): CsvRecords {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DatasetError({}, `the CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let record: string[] = [];
  let recordLine = 1;
  const n = text.length;
  const endRecord = (): void => {
    if (!(record.length === 1 && record[0] === '')) {
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
  };
  const lineBreakAt = (k: number): number => (text[k] === '\r' && text[k + 1] === '\n' ? 2 : text[k] === '\n' || text[k] === '\r' ? 1 : 0);

  while (i <= n) {
    if (record.length === 0) recordLine = line;
    if (text[i] === '"') {
      const startLine = line;
      let value = '';
      let k = i + 1;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) throw new DatasetError({ line: startLine }, 'a quoted field is never closed');
        const chunk = text.slice(k, q);
        for (let c = 0; c < chunk.length; c++) {
          if (chunk[c] === '\n' || (chunk[c] === '\r' && chunk[c + 1] !== '\n')) line++;
        }
        value += chunk;
        if (text[q + 1] === '"') { value += '"'; k = q + 2; continue; }
        i = q + 1;
        break;
      }
      record.push(value);
      const br = lineBreakAt(i);
      if (i >= n) { endRecord(); break; }
      if (text[i] === delimiter) { i++; if (i >= n) { record.push(''); endRecord(); break; } continue; }
      if (br) { i += br; line++; endRecord(); continue; }
      throw new DatasetError({ line }, `unexpected ${JSON.stringify(text[i])} after a closing quote (a quote inside a quoted field is written "")`);
    }
    let k = i;
    while (k < n && text[k] !== delimiter && text[k] !== '\n' && text[k] !== '\r') k++;
    record.push(text.slice(i, k));
    if (k >= n) { endRecord(); break; }
    if (text[k] === delimiter) {
      i = k + 1;
      if (i >= n) { record.push(''); endRecord(); break; }
      continue;
    }
    i = k + lineBreakAt(k);
    line++;
    endRecord();
  }
  return { records, lines };
}
