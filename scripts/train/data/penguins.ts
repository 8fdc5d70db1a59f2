/**
 * The Palmer penguins (vega-datasets `penguins.json`) as tabular examples.
 *
 * Notes: rows missing a numeric measurement are dropped (2 of 344); rows missing `Sex` are kept
 * (the model does not read it; it stays for slicing, with `null` where unknown or '.').
 * Ids are the row's index in the original file, so they stay stable.
 */
import * as fs from 'fs';
import { vegaDataPath, type Row } from './rows';

export const PENGUIN_NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;

type RawPenguin = Record<string, string | number | null>;

export function loadPenguins(): Row[] {
  const raw = JSON.parse(fs.readFileSync(vegaDataPath('penguins.json'), 'utf8')) as RawPenguin[];
  const rows: Row[] = [];
  raw.forEach((r, i) => {
    if (PENGUIN_NUMERIC.some((f) => typeof r[f] !== 'number' || !Number.isFinite(r[f] as number))) return;
    const sex = r.Sex === 'MALE' || r.Sex === 'FEMALE' ? r.Sex : null;
    rows.push({
      id: String(i),
      Species: String(r.Species),
      Island: String(r.Island),
      'Beak Length (mm)': r['Beak Length (mm)'] as number,
      'Beak Depth (mm)': r['Beak Depth (mm)'] as number,
      'Flipper Length (mm)': r['Flipper Length (mm)'] as number,
      'Body Mass (g)': r['Body Mass (g)'] as number,
      Sex: sex,
    });
  });
  return rows;
}
