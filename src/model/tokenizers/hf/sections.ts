/**
 * A text cut at its added tokens ([CLS], <mask>, … written in the text), each section with its
 * offset, the way `@huggingface/tokenizers` cuts it before normalizing (and again after, for
 * added tokens that are matched normalized), including the whitespace an added token with
 * `lstrip` / `rstrip` takes from its neighbours.
 */

/** An added token as the library holds it. */
export interface AddedTokenInfo { content: string; id: number; lstrip: boolean; rstrip: boolean; special: boolean }

export interface Section { text: string; start: number }

/** Cuts `text` with the library's splitter (contiguous pieces) and gives each its offset. */
export function sections(text: string, splitter: { split(text: string): string[] }, added: ReadonlyMap<string, AddedTokenInfo>): Section[] {
  let at = 0;
  const out: Section[] = splitter.split(text).map((part) => {
    const s = { text: part, start: at };
    at += part.length;
    return s;
  });
  out.forEach((s, i) => {
    const token = added.get(s.text);
    if (token === undefined) return;
    if (token.lstrip && i > 0) out[i - 1].text = out[i - 1].text.trimEnd();
    if (token.rstrip && i < out.length - 1) {
      const next = out[i + 1];
      const trimmed = next.text.trimStart();
      next.start += next.text.length - trimmed.length;
      next.text = trimmed;
    }
  });
  return out;
}
