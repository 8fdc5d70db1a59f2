/**
 * The spam-sized text model the salience benchmarks use (the test fixture's architecture at
 * realistic size), its weights as JSON for the Python side, and a median helper.
 */
import { TextFixture } from '../test/salience/fixtures/models';

export const SPAM_TEXT =
  'Congratulations you have been selected to win a free prize click now to claim your money offer expires tomorrow so reply now with your details and the report';

export function spamSizedModel(): TextFixture {
  const words = SPAM_TEXT.toLowerCase().match(/\w+/g) ?? [];
  const vocab = ['<pad>', '<unk>', ...Array.from(new Set(words))];
  for (let i = vocab.length; i < 5000; i++) vocab.push(`w${i}`);
  return new TextFixture({ vocab, maxLength: 128, dim: 64, hidden: 64, classes: ['ham', 'spam'], seed: 42 });
}

/** Weights in the JSON layout scripts/reference/salience_model.py reads. */
export function exportTextWeights(m: TextFixture): { text: object } {
  const dense = (l: TextFixture['dense1']): { kernel: number[][]; bias: number[] } => {
    const [k, b] = l.getWeights();
    return { kernel: k.arraySync() as number[][], bias: b.arraySync() as number[] };
  };
  return { text: { maxLength: m.opts.maxLength, embedding: m.embeddingTable().arraySync(), dense1: dense(m.dense1), dense2: dense(m.dense2) } };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
