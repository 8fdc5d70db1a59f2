/**
 * The tokenizer a tslit.json text section describes (`text.tokenizer`): the model's word
 * vocabulary matched by `tokenPattern` (the default), one token per character, or a Hugging
 * Face tokenizer.json. The text adapter reads its ids through it, and every generator, black-box
 * method and view gets the same object from `tokenizer()`.
 *
 * Notes: a `huggingface` file is resolved against the model folder by `readMetadata`; given a
 * metadata object made by hand, a relative path is taken from the working directory.
 */
import * as path from 'node:path';
import type { TextPreprocessing } from '../metadata';
import type { Tokenizer } from '../tokenizer';
import { hfTokenizer } from './hf-tokenizer';
import { characterTokenizer, wordTokenizer } from './vocabulary-tokenizer';

export function tokenizerFromMetadata(pre: TextPreprocessing): Tokenizer {
  const kind = pre.tokenizer?.kind ?? 'word';
  const vocabulary = { vocabulary: pre.vocab, padId: pre.padId, unknownId: pre.oovId, lowercase: pre.lowercase };
  switch (pre.tokenizer?.kind) {
    case undefined:
    case 'word':
      return wordTokenizer({ ...vocabulary, pattern: pre.tokenPattern });
    case 'character':
      return characterTokenizer(vocabulary);
    case 'huggingface':
      if (typeof pre.tokenizer.file !== 'string' || pre.tokenizer.file === '') throw new Error('tslit.json text.tokenizer: kind "huggingface" needs file (a tokenizer.json beside tslit.json)');
      return hfTokenizer(path.resolve(pre.tokenizer.file));
    default:
      throw new Error(`tslit.json text.tokenizer.kind ${JSON.stringify(kind)} is not one of "word", "character", "huggingface"`);
  }
}
