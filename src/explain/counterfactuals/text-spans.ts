/**
 * Word spans of a text and edits on them that keep the rest of the text as it was.
 */
import type { Example, Spec } from '../../core/spec';
import type { TextToken, Tokenizer } from '../../model/tokenizer';

export interface Span { start: number; end: number; text: string }

/** Letters and digits, with inner apostrophes ("don't"): what most text models call a token. */
export const DEFAULT_TOKEN_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** `text` as a pattern that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The spans of every match of `pattern` (its global flag is implied). */
export function wordSpans(text: string, pattern: RegExp = DEFAULT_TOKEN_PATTERN): Span[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g';
  const re = new RegExp(pattern.source, flags);
  const spans: Span[] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, text: m[0] });
  }
  return spans;
}

/**
 * The spans of `text` as a model's tokenizer splits it: one span per word (the pieces of a word
 * split into subwords joined), per character for a character tokenizer; without a tokenizer (or
 * with an explicit `pattern`), the matches of the pattern.
 */
export function modelWordSpans(tokenizer: Tokenizer | undefined, text: string, pattern?: RegExp): Span[] {
  if (tokenizer === undefined || pattern !== undefined) return wordSpans(text, pattern);
  const spans: Span[] = [];
  let word = -1;
  for (const t of tokenizer.tokenize(text)) {
    const last = spans[spans.length - 1];
    if (last !== undefined && t.word === word) {
      last.end = t.end;
      last.text = text.slice(last.start, t.end);
    } else spans.push({ start: t.start, end: t.end, text: text.slice(t.start, t.end) });
    word = t.word;
  }
  return spans;
}

/**
 * The tokenizer's token behind each id the model read: `ids` matched in order to the tokens of
 * `text`; an id matching no token must be special ([CLS], padding) and gets `undefined`.
 * `undefined` as a whole when the ids are not the text's tokens (another tokenizer, truncation
 * in the middle).
 */
export function alignTokenIds(tokenizer: Tokenizer, text: string, ids: readonly number[]): Array<TextToken | undefined> | undefined {
  const tokens = tokenizer.tokenize(text);
  let j = 0;
  const out: Array<TextToken | undefined> = [];
  for (const id of ids) {
    if (j < tokens.length && tokens[j].id === id) out.push(tokens[j++]);
    else if (tokenizer.specialIds.has(id)) out.push(undefined);
    else return undefined;
  }
  return j > 0 ? out : undefined;
}

/**
 * Replaces the spans at the given indices (`''` removes the word and, with `tidySpaces` (the
 * default), one neighbouring run of spaces, so no double spaces are left behind; a character
 * model's edits pass false, since there a space is a token of its own).
 */
export function editSpans(text: string, spans: readonly Span[], edits: ReadonlyMap<number, string>, tidySpaces = true): string {
  // Right to left in the text, so earlier offsets stay valid whatever order `spans` is in.
  const order = [...edits.keys()].sort((a, b) => spans[b].start - spans[a].start);
  let out = text;
  for (const i of order) {
    const s = spans[i];
    const to = edits.get(i) ?? '';
    let start = s.start;
    let end = s.end;
    if (to === '' && tidySpaces) {
      const after = /^\s+/.exec(out.slice(end));
      if (after) end += after[0].length;
      else {
        const before = /\s+$/.exec(out.slice(0, start));
        if (before) start -= before[0].length;
      }
    }
    out = out.slice(0, start) + to + out.slice(end);
  }
  return out;
}

/**
 * Finds, left to right, where each model token label sits in the text (whole word,
 * case-insensitive). Labels that cannot be found (padding, `<unk>`) map to `undefined`.
 */
export function locateTokens(text: string, labels: readonly string[]): Array<Span | undefined> {
  let cursor = 0;
  return labels.map((label) => {
    if (label.length === 0) return undefined;
    const escaped = escapeRegExp(label);
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu');
    re.lastIndex = cursor;
    const m = re.exec(text);
    if (!m) return undefined;
    cursor = m.index + m[0].length;
    return { start: m.index, end: cursor, text: m[0] };
  });
}

/** The text fields to work on: the ones named, else every TextSegment of the input spec. */
export function textFields(spec: Spec, example: Example, fields?: readonly string[]): readonly string[] {
  const chosen = fields ?? Object.keys(spec).filter((f) => spec[f].kind === 'TextSegment');
  if (chosen.length === 0) throw new Error('the model reads no TextSegment field; name the text fields to use');
  for (const f of chosen) {
    if (typeof example[f] !== 'string') throw new Error(`field "${f}" of the example is not text (got ${typeof example[f]})`);
  }
  return chosen;
}

/**
 * The text up to the end of its `max`-th match of `pattern`: what a fixed-length text model
 * reads anyway, short enough for methods that need gradients at every token (HotFlip).
 */
export function cutAfterTokens(text: string, pattern: RegExp, max: number): string {
  const spans = wordSpans(text, pattern);
  return spans.length <= max ? text : text.slice(0, spans[max - 1].end);
}
