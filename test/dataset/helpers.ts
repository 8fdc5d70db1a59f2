/** Paths of the real data sets the dataset tests read (shipped in npm packages). */
import { join } from 'path';

export const VEGA = join(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data');
export const PENGUINS_JSON = join(VEGA, 'penguins.json');
export const CARS_JSON = join(VEGA, 'cars.json');
export const FLIGHTS_ARROW = join(VEGA, 'flights-200k.arrow');
export const FLIGHTS_JSON = join(VEGA, 'flights-200k.json');
export const SEATTLE_CSV = join(VEGA, 'seattle-weather.csv');

/** Quotes one CSV cell the RFC 4180 way (independent of the parser under test). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(fields: readonly string[], records: readonly Record<string, unknown>[], eol = '\n'): string {
  return [fields.map(csvCell).join(','), ...records.map((r) => fields.map((f) => csvCell(r[f])).join(','))].join(eol) + eol;
}
