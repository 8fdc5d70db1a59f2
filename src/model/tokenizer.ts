/**
 * The one tokenizer of a text model: the contract prediction, gradient and black-box salience,
 * every text counterfactual generator and the views use to split a text as the model does.
 *
 * Notes: a token carries its character span in the original text, so scores map back to the
 * text and edits replace exactly the characters a token covers (the rest of the text stays as
 * it was). Subword tokenizers group pieces into words (`word`), so a word split into several
 * pieces can be read, scored and edited as one word. Implementations live in
 * `model/tokenizers/` (character, word with the model's vocabulary, Hugging Face
 * `tokenizer.json`); a person can give any object that fulfils this interface.
 */

/** One token of a text as the model reads it. */
export interface TextToken {
  /** The vocabulary entry the model reads (after lowercasing, with subword markers such as `##`). */
  token: string;
  /** Its id in the model's vocabulary (the unknown token's id when the piece is not in it). */
  id: number;
  /** Character offsets in the original text, `text.slice(start, end)` being what it covers. */
  start: number;
  end: number;
  /** Index of the word this token belongs to (tokens of one word share it); equals the token index for word and character tokenizers. */
  word: number;
}

export type TokenizerKind = 'character' | 'word' | 'subword';

export interface Tokenizer {
  readonly kind: TokenizerKind;
  /**
   * The tokens of `text` in order, without special tokens ([CLS], [SEP], <s>) and without
   * truncation or padding. Spans are in increasing order; pieces of one character (byte-level
   * BPE) share its span, as Python tokenizers' offsets do.
   */
  tokenize(text: string): TextToken[];
  /**
   * Ids the model reads for `text`: special tokens added as the model was trained, truncated
   * to `maxLength` when given. Not padded.
   */
  encodeIds(text: string, maxLength?: number): number[];
  /** Index = id. */
  vocabulary(): readonly string[];
  /** Id of the padding token. */
  readonly padId: number;
  /** Id of the unknown token, if the vocabulary has one. */
  readonly unknownId?: number;
  /** Ids that are special (padding, [CLS], [SEP], <unk>, <mask>…): never offered as substitutions. */
  readonly specialIds: ReadonlySet<number>;
  /**
   * The text a vocabulary entry stands for when it replaces a token inside a word or starts a
   * word (`##ing` → `ing` inside a word; `Ġthe` → ` the`…); `undefined` when the entry cannot
   * stand in running text (special tokens, byte fallbacks).
   */
  surface(id: number, position: 'word-start' | 'inside-word'): string | undefined;
}
