/**
 * GPT-2's byte-level alphabet: each byte 0..255 written as one printable character (`Ġ` is the
 * space, `Ċ` the newline), the table every byte-level BPE tokenizer.json (GPT-2, RoBERTa,
 * Llama 3 …) is written in.
 */

function buildTable(): string[] {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = bytes.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  const table = new Array<string>(256);
  bytes.forEach((b, i) => (table[b] = String.fromCharCode(chars[i])));
  return table;
}

/** Byte → its character. */
export const BYTE_TO_CHAR: readonly string[] = buildTable();
/** Character → its byte. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/** The bytes a byte-level string stands for; undefined if a character is not of the alphabet. */
export function bytesOf(chars: string): number[] | undefined {
  const out: number[] = [];
  for (const c of chars) {
    const b = CHAR_TO_BYTE.get(c);
    if (b === undefined) return undefined;
    out.push(b);
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a byte-level string; undefined when its bytes are not whole UTF-8 characters. */
export function decodeByteLevel(chars: string): string | undefined {
  const bytes = bytesOf(chars);
  if (bytes === undefined) return undefined;
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}
