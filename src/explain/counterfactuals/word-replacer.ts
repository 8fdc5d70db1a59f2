/**
 * Word replacer: rules such as `great -> terrible, awful`, applied whole-word, one output per
 * applied substitution (each occurrence of each source word, with each replacement).
 */
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { CountingPredictor } from './counting-predictor';
import { textFields, wordSpans } from './text-spans';
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
}

function wholeWord(from: string, ignoreCase: boolean): RegExp {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, ignoreCase ? 'giu' : 'gu');
}

function isParsed(rules: WordReplacerOptions['rules']): rules is readonly ReplacementRule[] {
  return Array.isArray(rules) && rules.length > 0 && typeof rules[0] === 'object';
}

export async function wordReplacer(model: ModelAdapter, example: Example, options: WordReplacerOptions): Promise<CounterfactualResult> {
  const rules = isParsed(options.rules) ? options.rules : parseReplacementRules(options.rules as string | readonly string[]);
  const fields = textFields(model.inputSpec(), example, options.fields);
  const max = options.maxOutputs ?? 1000;
  const outputs: Array<{ example: Example; field: string; index: number; from: string; to: string }> = [];
  for (const field of fields) {
    const text = example[field] as string;
    const spans = wordSpans(text);
    for (const rule of rules) {
      for (const m of text.matchAll(wholeWord(rule.from, options.ignoreCase ?? false))) {
        const at = m.index ?? 0;
        const index = spans.filter((s) => s.start < at).length;
        for (const to of rule.to) {
          if (outputs.length >= max) break;
          const edited = text.slice(0, at) + to + text.slice(at + m[0].length);
          outputs.push({ example: { ...example, [field]: edited }, field, index, from: m[0], to });
        }
      }
    }
  }
  const predictor = new CountingPredictor(model, options);
  if (outputs.length === 0) {
    return { examples: [], calls: 0, predicted: 0, reason: `no rule source word occurs in field(s) ${fields.map((f) => `"${f}"`).join(', ')}` };
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
    reason: outputs.length >= max ? `stopped at maxOutputs = ${max}` : undefined,
  };
}
