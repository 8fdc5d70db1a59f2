/**
 * The baseline a tabular salience result was computed against, as the kernel sends it and
 * the salience view shows it: what it is (training medians, a row, a background), where it
 * came from, and its raw values when it is one row.
 */

/** The baselines a person can choose for a tabular model in the salience view. */
export const SALIENCE_BASELINES = ['median', 'row', 'background'] as const;
export type SalienceBaselineKind = (typeof SALIENCE_BASELINES)[number];

export interface SalienceBaselineShown {
  kind: SalienceBaselineKind;
  /** Where it came from, in words: "training medians and modes (tslit.json)", "row '17'", … */
  origin: string;
  /** The baseline row's raw values (medians, row); null for a background. */
  values: Record<string, string | number> | null;
  /** Rows behind it: 1, or the background's size. */
  rows: number;
}

/** "Beak Length (mm) 44.45 · Island Biscoe": the values on one line, in feature order. */
export function baselineValuesText(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => `${k} ${typeof v === 'number' ? String(Number(v.toPrecision(6))) : v}`).join(' · ');
}

/** Checks a baseline sent over the wire; null when it is not one (the view then shows none). */
export function asBaselineShown(v: unknown): SalienceBaselineShown | null {
  if (typeof v !== 'object' || v === null) return null;
  const b = v as Partial<SalienceBaselineShown>;
  if (!SALIENCE_BASELINES.includes(b.kind as SalienceBaselineKind) || typeof b.origin !== 'string' || typeof b.rows !== 'number') return null;
  const values = b.values && typeof b.values === 'object'
    ? Object.fromEntries(Object.entries(b.values).filter(([, x]) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))))
    : null;
  return { kind: b.kind as SalienceBaselineKind, origin: b.origin, values, rows: b.rows };
}
