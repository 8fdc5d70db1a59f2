/**
 * A normalized text that remembers, for each of its UTF-16 units, the characters of the
 * original text it came from: what lets a token found in the lowercased, accent-stripped,
 * NFKC-composed text be given its span in the text the person typed.
 *
 * Notes: `@huggingface/tokenizers` normalizes a whole string and keeps no alignment, so it is
 * rebuilt here the way Hugging Face's Rust `NormalizedString` keeps it: a character's output is
 * aligned to that character (a composed `é` from `e` + U+0301 to the `e`, the mark dropped as
 * Rust's NFC/NFKC transform drops it), prepended text to the first character, stripped
 * characters vanish. Each normalizer step is run on single code points (then on grapheme
 * clusters) and the concatenation checked against the step on the whole text, so the
 * normalized text is the library's, except where JavaScript applies a context rule Rust does not
 * (the final sigma of toLowerCase: Rust's character-wise result is kept, as Python gives it);
 * only when nothing agrees is the alignment approximate, spread evenly over the step's input.
 */

/** A string with, per UTF-16 unit, the original range [from, to) it stands for. */
export interface AlignedText {
  text: string;
  from: number[];
  to: number[];
}

/** The normalizer objects of `@huggingface/tokenizers`, as far as this file reads them. */
export interface NormalizerStep {
  config: { type?: string; prepend?: string; strip_left?: boolean; strip_right?: boolean; content?: string };
  normalize(text: string): string;
  normalizers?: Array<NormalizerStep | null>;
  pattern?: RegExp | null;
}

/** `text[start, end)` of the original, aligned to itself. */
export function identity(text: string, offset = 0): AlignedText {
  const from = Array.from({ length: text.length }, (_, i) => offset + i);
  return { text, from, to: from.map((i) => i + 1) };
}

interface Builder { text: string[]; from: number[]; to: number[] }

function push(b: Builder, out: string, from: number, to: number): void {
  b.text.push(out);
  for (let k = 0; k < out.length; k++) {
    b.from.push(from);
    b.to.push(to);
  }
}

function done(b: Builder): AlignedText {
  return { text: b.text.join(''), from: b.from, to: b.to };
}

/** Code points with their unit offsets in `text`. */
function codePoints(text: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    const n = cp > 0xffff ? 2 : 1;
    out.push([text.slice(i, i + n), i]);
    i += n;
  }
  return out;
}

type Segmenter = { segment(text: string): Iterable<{ segment: string; index: number }> };
const graphemes: Segmenter = new (Intl as unknown as { Segmenter: new (l?: string, o?: object) => Segmenter }).Segmenter(undefined, { granularity: 'grapheme' });

/** Each code point normalized alone, aligned to its own range of `input`. */
function byCodePoint(input: AlignedText, normalize: (s: string) => string, cache: Map<string, string>): AlignedText {
  const b: Builder = { text: [], from: [], to: [] };
  for (const [cp, i] of codePoints(input.text)) {
    let out = cache.get(cp);
    if (out === undefined) cache.set(cp, (out = normalize(cp)));
    push(b, out, input.from[i], input.to[i + cp.length - 1]);
  }
  return done(b);
}

/** Each grapheme cluster normalized alone; its k-th output code point aligned to its k-th input code point (the last for any beyond). */
function byCluster(input: AlignedText, normalize: (s: string) => string): AlignedText {
  const b: Builder = { text: [], from: [], to: [] };
  for (const { segment, index } of graphemes.segment(input.text)) {
    const ins = codePoints(segment);
    const outs = codePoints(normalize(segment));
    outs.forEach(([cp], k) => {
      const [inCp, at] = ins[Math.min(k, ins.length - 1)];
      push(b, cp, input.from[index + at], input.to[index + at + inCp.length - 1]);
    });
  }
  return done(b);
}

/** The last resort: unit j of `whole` aligned to unit ⌊j·n/m⌋ of the input. */
function spread(input: AlignedText, whole: string): AlignedText {
  const n = input.text.length;
  const from: number[] = [];
  const to: number[] = [];
  for (let j = 0; j < whole.length; j++) {
    const i = Math.min(n - 1, Math.floor((j * n) / whole.length));
    from.push(input.from[i]);
    to.push(input.to[i]);
  }
  return { text: whole, from, to };
}

function pointwise(step: NormalizerStep, input: AlignedText, cache: Map<string, string>): AlignedText {
  const normalize = (s: string): string => step.normalize(s);
  const whole = normalize(input.text);
  const cp = byCodePoint(input, normalize, cache);
  if (cp.text === whole) return cp;
  const cluster = byCluster(input, normalize);
  if (cluster.text === whole) return cluster;
  // Same length, other characters: a final sigma, which JavaScript lowercases by context (ς) and
  // Rust's tokenizers character by character (σ), as the model was trained: Rust's is kept.
  if (cp.text.length === whole.length) return cp;
  if (cluster.text.length === whole.length) return { ...cluster, text: whole };
  return input.text.length === 0 ? identity(whole) : spread(input, whole);
}

function prepend(step: NormalizerStep, input: AlignedText): AlignedText {
  const prefix = step.config.prepend ?? '';
  const whole = step.normalize(input.text);
  if (input.text.length === 0 || whole !== prefix + input.text) return pointwise(step, input, new Map());
  const first = (input.text.codePointAt(0) as number) > 0xffff ? 2 : 1; // the first character, astral or not
  return {
    text: whole,
    from: [...new Array<number>(prefix.length).fill(input.from[0]), ...input.from],
    to: [...new Array<number>(prefix.length).fill(input.to[first - 1]), ...input.to],
  };
}

function strip(step: NormalizerStep, input: AlignedText): AlignedText {
  const whole = step.normalize(input.text);
  const left = step.config.strip_left ? input.text.length - input.text.trimStart().length : 0;
  if (input.text.slice(left, left + whole.length) !== whole) return pointwise(step, input, new Map());
  return { text: whole, from: input.from.slice(left, left + whole.length), to: input.to.slice(left, left + whole.length) };
}

/** Replace: the content of each match aligned to the matched characters. */
function replace(step: NormalizerStep, input: AlignedText): AlignedText {
  const whole = step.normalize(input.text);
  const pattern = step.pattern;
  const content = step.config.content ?? '';
  if (!pattern || !pattern.global || content.includes('$')) return pointwise(step, input, new Map());
  const b: Builder = { text: [], from: [], to: [] };
  let last = 0;
  for (const m of input.text.matchAll(pattern)) {
    const at = m.index ?? 0;
    for (let i = last; i < at; i++) push(b, input.text[i], input.from[i], input.to[i]);
    if (m[0].length > 0) push(b, content, input.from[at], input.to[at + m[0].length - 1]);
    last = at + m[0].length;
  }
  for (let i = last; i < input.text.length; i++) push(b, input.text[i], input.from[i], input.to[i]);
  const out = done(b);
  return out.text === whole ? out : pointwise(step, input, new Map());
}

/**
 * Runs `normalizer` (a library normalizer, or null for none) over `input`, keeping the alignment.
 * `caches` holds per-step results for single code points across calls.
 */
export function normalizeAligned(normalizer: NormalizerStep | null, input: AlignedText, caches: WeakMap<NormalizerStep, Map<string, string>>): AlignedText {
  if (normalizer === null) return input;
  switch (normalizer.config.type) {
    case 'Sequence':
      return (normalizer.normalizers ?? []).reduce((t, n) => normalizeAligned(n, t, caches), input);
    case 'Prepend':
      return prepend(normalizer, input);
    case 'Strip':
      return strip(normalizer, input);
    case 'Replace':
      return replace(normalizer, input);
    default: {
      let cache = caches.get(normalizer);
      if (cache === undefined) caches.set(normalizer, (cache = new Map()));
      return pointwise(normalizer, input, cache);
    }
  }
}

/** The original range [start, end) covered by units [a, b) of `t` (empty at `t.from[a]` when a = b). */
export function originalRange(t: AlignedText, a: number, b: number, fallback: number): [number, number] {
  if (a >= b) {
    const at = a < t.from.length ? t.from[a] : a > 0 ? t.to[a - 1] : fallback;
    return [at, at];
  }
  let start = Infinity;
  let end = -Infinity;
  for (let k = a; k < b; k++) {
    start = Math.min(start, t.from[k]);
    end = Math.max(end, t.to[k]);
  }
  return [start, end];
}

/** Units [a, b) of `t` as an aligned text of their own. */
export function slice(t: AlignedText, a: number, b: number): AlignedText {
  return { text: t.text.slice(a, b), from: t.from.slice(a, b), to: t.to.slice(a, b) };
}
