/** CSV: RFC 4180 quoting, hostile strings kept verbatim, and errors that name row, line and field. */
import { readFileSync } from 'fs';
import { parseCSV, parseCsvRecords, DatasetError } from '../../src/model/dataset';
import { CARS_JSON, toCsv } from './helpers';

const HOSTILE = [
  'plain',
  'a,b',
  'say "hi"',
  '"',
  '""',
  'line one\nline two',
  'crlf\r\ninside',
  '  padded  ',
  '=cmd|\' /C calc\'!A0',
  '<script>alert(1)</script>',
  'nul\u0000byte',
  'emoji 🐧 and accents éß',
  '__proto__',
  'NA',
  ',',
];

describe('CSV records (RFC 4180)', () => {
  it('reads quoted delimiters, doubled quotes and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n"x,y","say ""hi""","two\r\nlines"\r\n1,,3';
    const { records, lines } = parseCsvRecords(text);
    expect(records).toEqual([['a', 'b', 'c'], ['x,y', 'say "hi"', 'two\r\nlines'], ['1', '', '3']]);
    expect(lines).toEqual([1, 2, 4]);
  });

  it('drops a byte-order mark, skips empty lines, keeps a trailing empty field', () => {
    expect(parseCsvRecords('\ufeffa,b\n\n1,\n').records).toEqual([['a', 'b'], ['1', '']]);
    expect(parseCsvRecords('a,b\r1,2\r').records).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsvRecords('').records).toEqual([]);
    expect(parseCsvRecords('"",""').records).toEqual([['', '']]);
  });

  it('reads other delimiters', () => {
    expect(parseCsvRecords('a\tb\n"x\ty"\t2', '\t').records).toEqual([['a', 'b'], ['x\ty', '2']]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsvRecords('a,b\n1,2\n3,"open\nstill open')).toThrow('line 3: a quoted field is never closed');
    expect(() => parseCsvRecords('a,b\n"x"y,2')).toThrow(/^line 2: unexpected "y" after a closing quote/);
  });

  it('keeps hostile strings verbatim through a write/read round trip', () => {
    const records = HOSTILE.map((s, i) => ({ id: i, text: s }));
    const data = parseCSV(toCsv(['id', 'text'], records, '\r\n'));
    expect(data.size).toBe(HOSTILE.length);
    expect(data.spec()['text']).toEqual({ kind: 'TextSegment' });
    expect(data.rows([...HOSTILE.keys()]).map((r) => r['text'])).toEqual(HOSTILE);
  });

  it('keeps category labels verbatim (no trimming), "NA" included unless declared missing', () => {
    const text = 'k\n a\n a\n a\n"a "\n"a "\nNA\nNA\nNA\n';
    expect(parseCSV(text).spec()['k']).toEqual({ kind: 'CategoryLabel', vocab: [' a', 'NA', 'a '] });
    const declared = parseCSV(text, { missing: ['NA'] });
    expect(declared.facet('k').get(null)?.length).toBe(3);
  });
});

describe('CSV datasets from cars', () => {
  const cars = JSON.parse(readFileSync(CARS_JSON, 'utf8')) as Record<string, unknown>[];
  const fields = Object.keys(cars[0]);

  it('load like the JSON original (missing horsepower as empty cells)', () => {
    const data = parseCSV(toCsv(fields, cars));
    expect(data.size).toBe(cars.length);
    cars.forEach((car, i) => {
      expect(data.row(i)['Horsepower']).toBe(car['Horsepower'] ?? null);
      expect(data.row(i)['Name']).toBe(car['Name']);
    });
  });

  it('fail on "abc" in a numeric column, naming row 17, its line and the field', () => {
    const bad = cars.map((c, i) => (i === 17 ? { ...c, Horsepower: 'abc' } : c));
    const run = (): unknown => parseCSV(toCsv(fields, bad));
    expect(run).toThrow(DatasetError);
    expect(run).toThrow('row 17 (line 19), field "Horsepower": expected a number, got "abc"');
  });

  it('fail on a ragged row, naming it', () => {
    const lines = toCsv(fields, cars.slice(0, 5)).split('\n');
    lines[3] = lines[3].split(',').slice(0, -1).join(',');
    expect(() => parseCSV(lines.join('\n'))).toThrow(`row 2 (line 4): expected ${fields.length} fields (as in the header), got ${fields.length - 1}`);
  });

  it('refuse Infinity and NaN in numeric cells', () => {
    const text = 'x,y\n1,a\n2,b\n3,c\n4,d\nInfinity,e\n';
    expect(() => parseCSV(text)).toThrow('row 4 (line 6), field "x": expected a finite number, got "Infinity"');
    expect(() => parseCSV('x\n1\nNaN\n3\n4\n5\n')).toThrow('row 1 (line 3), field "x": expected a finite number, got "NaN"');
  });

  it('refuse empty input, a nameless or repeated header column', () => {
    expect(() => parseCSV('')).toThrow('the CSV text is empty (no header row)');
    expect(() => parseCSV('a,b\n')).toThrow('the CSV text has no rows');
    expect(parseCSV('a,b\n', { allowEmpty: true }).size).toBe(0);
    expect(() => parseCSV('a,,c\n1,2,3')).toThrow('line 1: header column 2 has no name');
    expect(() => parseCSV('a,b,a\n1,2,3')).toThrow('line 1, field "a": this name appears twice in the header');
  });
});
