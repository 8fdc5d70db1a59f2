/**
 * A batch of texts as the model's three int64 inputs (input_ids, attention_mask,
 * token_type_ids), right-padded to the batch's longest text.
 *
 * Notes: transformers.js 4.3.1's tokenizer, asked to truncate, cuts the sequence after the
 * special tokens were added, so a long text loses its final [SEP] and the model reads
 * something it was never trained on (3e-4 off PyTorch on the tiny BERT). Here the text's own
 * pieces are cut to leave room for the special tokens, which are then put around them exactly
 * as the tokenizer's template does for a short text: what Python's tokenizers do.
 */
import type { PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { paddedIds } from '../encode/padded-ids';

type TensorClass = typeof Tensor;

/** The special tokens the tokenizer puts before and after a single text. */
export interface Frame { before: number[]; after: number[] }

/** Finds the frame by encoding a one-piece text with and without special tokens. */
export function frameOf(tokenizer: PreTrainedTokenizer): Frame {
  const bare = tokenizer.encode('a', { add_special_tokens: false });
  const full = tokenizer.encode('a', { add_special_tokens: true });
  const at = full.findIndex((_, i) => bare.every((id, j) => full[i + j] === id));
  if (bare.length === 0 || at < 0) throw new Error(`tokenizer: cannot find the text inside its special tokens (${JSON.stringify(full)})`);
  return { before: full.slice(0, at), after: full.slice(at + bare.length) };
}

/** Ids of one text with its special tokens, at most `maxLength` in all. */
export function encodeFramed(tokenizer: PreTrainedTokenizer, frame: Frame, text: string, maxLength: number): number[] {
  const room = maxLength - frame.before.length - frame.after.length;
  if (room < 1) throw new Error(`maxLength ${maxLength} leaves no room for text between the ${frame.before.length + frame.after.length} special tokens`);
  const pieces = tokenizer.encode(text, { add_special_tokens: false });
  return [...frame.before, ...pieces.slice(0, room), ...frame.after];
}

export interface Feeds { input_ids: Tensor; attention_mask: Tensor; token_type_ids: Tensor }

/** Pads the rows with `padId` to the longest; mask 1 on real tokens; token types 0 (one segment). */
export function batchFeeds(TensorCtor: TensorClass, rows: readonly number[][], padId: number): Feeds {
  const { ids, mask, dims } = paddedIds(rows, padId, 'int64');
  return {
    input_ids: new TensorCtor('int64', ids, dims),
    attention_mask: new TensorCtor('int64', mask, dims),
    token_type_ids: new TensorCtor('int64', new BigInt64Array(ids.length), dims),
  };
}
