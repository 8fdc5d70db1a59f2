/**
 * Word replacer: rules such as `great -> terrible, awful`, applied whole-word, one output per
 * applied substitution (each occurrence of each source word, with each replacement).
 *
 * Notes: "whole word" is the model's: with a tokenizer, a rule's source matches where it starts
 * at the start of one of the model's words and ends at the end of one (words as the tokenizer
 * groups subword pieces; for a character model every character is a word, so `o -> 0` edits
 * characters and `great` also matches inside `greatest`). Without a tokenizer (or with an
 * explicit `tokenPattern`) the words are the pattern's matches; without either, letters, digits
 * and `_` must not touch the match. An edit replaces exactly the characters matched; texts
 * that come out equal to another output or to the input are dropped.
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { CountingPredictor } from './counting-predictor';
import { distinctTexts } from './distinct-texts';
import { escapeRegExp, modelWordSpans, textFields, type Span } from './text-spans';
import type { CounterfactualResult, PredictionBudget } from './types';

export interface ReplacementRule { from: string; to: string[] }

/**
 * Parses one rule per line (`from -> to1, to2`); blank lines and lines starting with `#` are
 * skipped. A line that does not parse throws an error quoting it.
 */
export function parseReplacementRules(rules: string | readonly string[]): ReplacementRule[] {
  const lines = typeof rules === 'string' ? rules.split(/\r?\n/) : rules.flatMap((r) => r.split(/\r?\n/));
  const parsed: ReplacementRule[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split('->');
    const from = parts[0]?.trim() ?? '';
    const to = parts.length === 2 ? parts[1].split(',').map((t) => t.trim()).filter((t) => t !== '') : [];
    if (parts.length !== 2 || from === '' || to.length === 0) {
      throw new Error(`replacement rule on line ${i + 1} does not parse: "${line}" (expected "word -> replacement, replacement")`);
    }
    parsed.push({ from, to });
  });
  if (parsed.length === 0) throw new Error('no replacement rules given (expected lines like "great -> terrible, awful")');
  return parsed;
}

export interface WordReplacerOptions extends PredictionBudget {
  /** Rules as text (one per line) or already parsed. */
  rules: string | readonly string[] | readonly ReplacementRule[];
  /** Text fields to edit; default every TextSegment of the model's input spec. */
  fields?: readonly string[];
  /** Match regardless of case (default false). */
  ignoreCase?: boolean;
  /** Cap on the number of outputs (default 1000). */
  maxOutputs?: number;
  /** What one word is, instead of the model's tokenizer (its matches' boundaries are where a rule may match). */
  tokenPattern?: RegExp;
}

function wholeWord(from: string, ignoreCase: boolean): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(from)}(?![\\p{L}\\p{N}_])`, ignoreCase ? 'giu' : 'gu');
}

/**
 * Where `from` occurs in `text` with both ends on word boundaries: the spans' starts and ends,
 * or (no spans) no letter, digit or `_` touching it. Overlapping occurrences are all found.
 */
export function ruleMatches(text: string, from: string, ignoreCase: boolean, spans?: readonly Span[]): Array<{ start: number; end: number; text: string }> {
  if (spans === undefined) {
    return [...text.matchAll(wholeWord(from, ignoreCase))].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, text: m[0] }));
  }
  const starts = new Set(spans.map((s) => s.start));
  const ends = new Set(spans.map((s) => s.end));
  const re = new RegExp(escapeRegExp(from), ignoreCase ? 'giu' : 'gu');
  const out: Array<{ start: number; end: number; text: string }> = [];
  for (let at = 0; at <= text.length; at++) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0].length === 0) break;
    at = m.index;
    const end = m.index + m[0].length;
    if (starts.has(m.index) && ends.has(end)) out.push({ start: m.index, end, text: m[0] });
  }
  return out;
}

function isParsed(rules: WordReplacerOptions['rules']): rules is readonly ReplacementRule[] {
  return Array.isArray(rules) && rules.length > 0 && typeof rules[0] === 'object';
}

export async function wordReplacer(model: ModelAdapter, example: Example, options: WordReplacerOptions): Promise<CounterfactualResult> {
  const rules = isParsed(options.rules) ? options.rules : parseReplacementRules(options.rules as string | readonly string[]);
  const fields = textFields(model.inputSpec(), example, options.fields);
  const max = options.maxOutputs ?? 1000;
  const tokenizer = model.tokenizer?.();
  const made: Array<{ example: Example; field: string; index: number; from: string; to: string }> = [];
  for (const field of fields) {
    const text = example[field] as string;
    const spans = modelWordSpans(tokenizer, text, options.tokenPattern);
    const boundaries = tokenizer === undefined && options.tokenPattern === undefined ? undefined : spans;
    for (const rule of rules) {
      for (const m of ruleMatches(text, rule.from, options.ignoreCase ?? false, boundaries)) {
        const index = spans.filter((s) => s.start < m.start).length;
        for (const to of rule.to) {
          const edited = text.slice(0, m.start) + to + text.slice(m.end);
          made.push({ example: { ...example, [field]: edited }, field, index, from: m.text, to });
        }
      }
    }
  }
  const distinct = distinctTexts(made, example, fields);
  const outputs = distinct.slice(0, max);
  const predictor = new CountingPredictor(model, options);
  if (outputs.length === 0) {
    const why = made.length > 0 ? 'every substitution leaves the text as it was' : 'no rule source word occurs';
    return { examples: [], calls: 0, predicted: 0, reason: `${why} in field(s) ${fields.map((f) => `"${f}"`).join(', ')}` };
  }
  const preds = await predictor.predictAll(outputs.map((o) => o.example));
  return {
    examples: outputs.map((o, i) => ({
      example: o.example,
      prediction: preds[i],
      changed: { fields: [o.field], tokens: [{ index: o.index, from: o.from, to: o.to, field: o.field }] },
      distance: 1,
    })),
    calls: predictor.calls,
    predicted: predictor.predicted,
    reason: distinct.length > max ? `stopped at maxOutputs = ${max}` : undefined,
  };
}
