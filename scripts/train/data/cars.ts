/**
 * The cars data (vega-datasets `cars.json`) as tabular regression examples.
 *
 * Notes: rows without `Miles_per_Gallon` or `Horsepower` are dropped (14 of 406). The file's
 * `Year` is a date string ('1970-01-01'); we add `Model_Year` (1970) as a number the model can
 * read and keep `Year` as it was. Ids are the row's index in the original file.
 */
import * as fs from 'fs';
import { vegaDataPath } from '../../../src/examples/penguins';
import type { Row } from './rows';

export const CARS_NUMERIC = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Model_Year'] as const;

type RawCar = Record<string, string | number | null>;

export function loadCars(): Row[] {
  const raw = JSON.parse(fs.readFileSync(vegaDataPath('cars.json'), 'utf8')) as RawCar[];
  const rows: Row[] = [];
  raw.forEach((r, i) => {
    const year = Number(String(r.Year).slice(0, 4));
    const nums = ['Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'];
    if (nums.some((f) => typeof r[f] !== 'number' || !Number.isFinite(r[f] as number)) || !Number.isFinite(year)) return;
    rows.push({
      id: String(i),
      Name: String(r.Name),
      Miles_per_Gallon: r.Miles_per_Gallon as number,
      Cylinders: r.Cylinders as number,
      Displacement: r.Displacement as number,
      Horsepower: r.Horsepower as number,
      Weight_in_lbs: r.Weight_in_lbs as number,
      Acceleration: r.Acceleration as number,
      Year: String(r.Year),
      Model_Year: year,
      Origin: String(r.Origin),
    });
  });
  return rows;
}
