/**
 * hfTokenizer against Python's `tokenizers` 0.23.3: ids, tokens, offsets, word ids, ids with
 * special tokens and truncated ids of ~30 hostile texts, for three tokenizers trained by
 * scripts/reference/hf_tokenizers_reference.py (WordPiece with BertNormalizer, byte-level BPE,
 * Unigram with Metaspace) and the project's models/tiny-bert-spam and models/spam-transformer.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Tokenizer as LibraryTokenizer } from '@huggingface/tokenizers';
import { hfTokenizer } from '../../src/model/tokenizers/hf-tokenizer';
import type { Tokenizer } from '../../src/model/tokenizer';
import reference from '../fixtures/tokenizers/reference.json';

const ROOT = join(__dirname, '..', '..');

interface Case { text: string; ids: number[]; tokens: string[]; offsets: number[][]; wordIds: number[]; idsWithSpecial: number[]; truncatedIds: number[] }
const sets = reference.sets as unknown as Record<string, { tokenizer: string; cases: Case[] }>;

const tokenizers = new Map<string, Tokenizer>(Object.entries(sets).map(([name, set]) => [name, hfTokenizer(join(ROOT, set.tokenizer))]));

describe.each(Object.keys(sets))('%s tokenizer.json against Python tokenizers', (name) => {
  const tok = tokenizers.get(name) as Tokenizer;
  const cases = sets[name].cases;

  it('gives Python\'s ids, tokens, offsets and word ids on every text', () => {
    for (const c of cases) {
      const got = tok.tokenize(c.text);
      const label = JSON.stringify(c.text.slice(0, 60));
      expect([label, got.map((t) => t.id)]).toEqual([label, c.ids]);
      // Python's Unigram names an unknown piece by its text; the contract's token is the vocabulary entry.
      const pythonTokens = c.tokens.map((t, i) => (c.ids[i] === tok.unknownId ? tok.vocabulary()[c.ids[i]] : t));
      expect([label, got.map((t) => t.token)]).toEqual([label, pythonTokens]);
      expect([label, got.map((t) => [t.start, t.end])]).toEqual([label, c.offsets]);
      expect([label, got.map((t) => t.word)]).toEqual([label, c.wordIds]);
    }
  });

  it('adds the special tokens of the post-processor and truncates keeping the final one', () => {
    for (const c of cases) {
      expect([c.text.slice(0, 40), tok.encodeIds(c.text)]).toEqual([c.text.slice(0, 40), c.idsWithSpecial]);
      expect([c.text.slice(0, 40), tok.encodeIds(c.text, reference.maxLength)]).toEqual([c.text.slice(0, 40), c.truncatedIds]);
    }
  });
});
