/**
 * Models that supply their own gradients (issue 16, item 4): a tfjs text model hidden behind an
 * opaque predict function and a gradients callback gives every gradient method and HotFlip the
 * results of the native tfjs path; answers that come as promises (here the same callback made
 * asynchronous) give the same results through runWithTokenGradients; bad answers are named.
 */
import './helpers/env-backend';
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../src/core/spec';
import type { ModelAdapter } from '../../src/model/adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import type { LayersTextAdapter } from '../../src/model/adapters/layers-text-adapter';
import { runWithTokenGradients, withTokenGradients, type TokenGradientModel, type TokenGradientSupply } from '../../src/model/adapters/token-gradients';
import { characterTokenizer, wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { gradientNorm, gradientTimesInput, integratedGradients, smoothGrad } from '../../src/explain/salience';
import { hotflip } from '../../src/explain/counterfactuals';
import { attentionBlock, CHARS, maskedBiGru, WORDS } from './helpers/any-text-models';
import { opaque, supplierFor } from './helpers/token-gradient-supplier';

jest.setTimeout(180_000);

const inputSpec: Spec = { text: { kind: 'TextSegment' } };
const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const examples: Example[] = [{ text: 'the film was good' }, { text: 'awful plot' }, { text: 'very bad' }];

const asynchronous = (s: TokenGradientSupply): TokenGradientSupply => ({
  ...s,
  embed: async (ex) => s.embed(ex),
  gradients: async (b, t, ex) => s.gradients(b, t, ex),
});

const closeAll = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));
};

type Method = (m: ModelAdapter, ex: Example) => { scores: Float32Array; delta?: number; steps?: number; output?: number };
const methods: Array<[string, Method]> = [
  ['grad norm', (m, ex) => gradientNorm(m, ex)],
  ['grad x input', (m, ex) => gradientTimesInput(m, ex, { target: { classIndex: 0 } })],
  ['IG', (m, ex) => integratedGradients(m, ex, { target: { classIndex: 1 } })],
  ['IG predicted, fixed steps', (m, ex) => integratedGradients(m, ex, { steps: 16, tolerance: 'off', chunkSize: 5 })],
  ['SmoothGrad', (m, ex) => smoothGrad(m, ex, { samples: 8, seed: 3, chunkSize: 3 })],
  ['SmoothGrad x input', (m, ex) => smoothGrad(m, ex, { samples: 8, seed: 5, over: 'grad_x_input' })],
];

async function sameAsNative(native: LayersTextAdapter, vocab: readonly string[], exs: readonly Example[], alsoAsync = true): Promise<void> {
  const supply = supplierFor(native, vocab);
  const sync = withTokenGradients(opaque(native), supply);
  const later = withTokenGradients(opaque(native), asynchronous(supply));
  try {
    const before = tf.memory().numTensors;
    let widest = 0;
    for (const ex of exs) {
      for (const [name, run] of methods) {
        const want = run(native, ex);
        const got = run(sync, ex);
        const viaBook = alsoAsync ? [await runWithTokenGradients(later, (m) => run(m, ex))] : [];
        for (const r of [got, ...viaBook]) {
          closeAll(r.scores, want.scores);
          expect([name, r.steps]).toEqual([name, want.steps]);
          if (want.delta !== undefined) expect(Math.abs((r.delta as number) - want.delta)).toBeLessThan(1e-5);
        }
        expect(Array.from(want.scores).some((s) => s !== 0)).toBe(true);
        if (name === 'IG') widest = Math.max(widest, Math.abs(got.output as number - (integratedGradients(sync, ex, { target: { classIndex: 1 } }).baselineOutput as number)));
      }
    }
    expect(widest).toBeGreaterThan(0.1);
    for (const ex of exs) {
      const want = await hotflip(native, ex, { maxResults: 3 });
      const got = await hotflip(sync, ex, { maxResults: 3 });
      const viaBook = alsoAsync ? [await runWithTokenGradients(later, (m) => hotflip(m, ex, { maxResults: 3 }))] : [];
      for (const r of [got, ...viaBook]) {
        expect(r.examples.map((e) => e.example.text)).toEqual(want.examples.map((e) => e.example.text));
        expect(r.examples.map((e) => e.changed.tokens)).toEqual(want.examples.map((e) => e.changed.tokens));
        expect(r.reason).toBe(want.reason);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  } finally {
    sync.dispose();
    later.dispose();
  }
}

test('an opaque word-level attention block with its own gradients matches the native tfjs path', async () => {
  const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
  await sameAsNative(layersModelAdapter(await attentionBlock(), { inputSpec, outputSpec, tokenizer, padding: 'left' }) as LayersTextAdapter, WORDS, examples);
});

test('an opaque character-level masked BiGRU with its own gradients matches the native tfjs path', async () => {
  const tokenizer = characterTokenizer({ vocabulary: CHARS, padId: 0, unknownId: 1 });
  // One example, synchronous answers only (the attention block covers promises): the GRU's backward pass is slow on the cpu backend.
  await sameAsNative(layersModelAdapter(await maskedBiGru(), { inputSpec, outputSpec, tokenizer }) as LayersTextAdapter, CHARS, [examples[1]], false);
});

test('predict-only refusals say how to supply gradients; asynchronous answers outside a run say how to run them', async () => {
  const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
  const native = layersModelAdapter(await attentionBlock(), { inputSpec, outputSpec, tokenizer, padding: 'left' }) as LayersTextAdapter;
  expect(() => gradientNorm(opaque(native), examples[0])).toThrow(/withTokenGradients\(model, \{ embed, gradients \}\)/);
  const later = withTokenGradients(opaque(native), asynchronous(supplierFor(native, WORDS)));
  const before = tf.memory().numTensors;
  expect(() => gradientNorm(later, examples[0])).toThrow(/model 'opaque-text' supplies gradients asynchronously: call the method through runWithTokenGradients/);
  expect(tf.memory().numTensors).toBe(before);
  later.dispose();
});
