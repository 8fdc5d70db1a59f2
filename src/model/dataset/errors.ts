/**
 * The one error type of the dataset layer: it names the row and the field that were wrong.
 *
 * Notes: `row` is the 0-based index the record would have had in the dataset (for generated
 * and appended rows: the index within the batch being added); `line` is the 1-based line of
 * the source text (CSV, JSONL) when there is one.
 */
export interface ErrorPlace {
  row?: number;
  field?: string;
  line?: number;
}

export class DatasetError extends Error {
  readonly row?: number;
  readonly field?: string;
  readonly line?: number;

  constructor(place: ErrorPlace, problem: string) {
    super(`${describePlace(place)}${problem}`);
    this.name = 'DatasetError';
    this.row = place.row;
    this.field = place.field;
    this.line = place.line;
  }
}

/** `row 17 (line 19), field "Horsepower": ` — the prefix of every dataset error. */
export function describePlace(place: ErrorPlace): string {
  const parts: string[] = [];
  if (place.row !== undefined) parts.push(`row ${place.row}${place.line !== undefined ? ` (line ${place.line})` : ''}`);
  else if (place.line !== undefined) parts.push(`line ${place.line}`);
  if (place.field !== undefined) parts.push(`field ${JSON.stringify(place.field)}`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

/** A short, unambiguous rendering of an offending value for an error message. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(text);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
