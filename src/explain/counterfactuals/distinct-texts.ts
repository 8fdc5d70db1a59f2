/**
 * Duplicate counterfactuals dropped: different edits can leave the same text (two rules with
 * one replacement, two removals of the same letter, a scramble drawn twice, an edit that writes
 * back what was there), and a text equal to the input is no counterfactual at all.
 */
import type { Example } from '../../core/spec';

/** The values of `fields` as one key (JSON, so field boundaries cannot blur). */
function textKey(example: Example, fields: readonly string[]): string {
  return JSON.stringify(fields.map((f) => example[f] ?? null));
}

/**
 * The first of each distinct edited text, in order, without those equal to `original` (on the
 * text `fields` the generator edits).
 */
export function distinctTexts<T extends { example: Example }>(items: readonly T[], original: Example, fields: readonly string[]): T[] {
  const seen = new Set<string>([textKey(original, fields)]);
  return items.filter((item) => {
    const key = textKey(item.example, fields);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
