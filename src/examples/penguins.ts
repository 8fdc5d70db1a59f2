/**
 * The Palmer penguins (vega-datasets `penguins.json`) as tabular records, as `models/penguins`
 * was trained (scripts/train/data/penguins.ts).
 *
 * Notes: rows missing a measurement are dropped (2 of 344); a missing `Sex` stays `null` (the
 * model does not read it; it is there for slicing). Ids are the row's index in the file.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ExampleRecord } from './record';

export const PENGUIN_NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;

/** Path of a file in vega-datasets' `data/` folder (the package exports no subpaths). */
export function vegaDataPath(file: string): string {
  return path.resolve(path.dirname(require.resolve('vega-datasets')), '..', 'data', file);
}

export function penguinRecords(): ExampleRecord[] {
  const raw = JSON.parse(fs.readFileSync(vegaDataPath('penguins.json'), 'utf8')) as Record<string, string | number | null>[];
  const rows: ExampleRecord[] = [];
  raw.forEach((r, i) => {
    if (PENGUIN_NUMERIC.some((f) => typeof r[f] !== 'number' || !Number.isFinite(r[f] as number))) return;
    rows.push({
      id: String(i),
      Species: String(r.Species),
      Island: String(r.Island),
      'Beak Length (mm)': r['Beak Length (mm)'] as number,
      'Beak Depth (mm)': r['Beak Depth (mm)'] as number,
      'Flipper Length (mm)': r['Flipper Length (mm)'] as number,
      'Body Mass (g)': r['Body Mass (g)'] as number,
      Sex: r.Sex === 'MALE' || r.Sex === 'FEMALE' ? r.Sex : null,
    });
  });
  return rows;
}
