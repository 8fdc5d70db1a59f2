/**
 * HotFlip and ablation flip on the example spam model (models/spam) over held-out messages
 * (split rule of scripts/train/spam.ts), cut to the tokens the model reads.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../src/core/spec';
import { ablationFlip, cutAfterTokens, hotflip } from '../../src/explain/counterfactuals';
import type { TextModelAdapter } from '../../src/model/adapters/text-adapter';
import { initBackend } from '../../src/model/backend';
import { loadModel } from '../../src/model/load-model';
import { spamSplit } from '../../scripts/train/spam';
import { argmax, expectClaimsHold } from './helpers';

describe('spam model', () => {
  let model: TextModelAdapter;
  let messages: Example[];
  let pattern: RegExp;
  beforeAll(async () => {
    await initBackend(['wasm', 'cpu']);
    model = (await loadModel('models/spam', { cacheSize: 0 })) as TextModelAdapter;
    const pre = model.metadata.text!;
    pattern = new RegExp(pre.tokenPattern, 'gi');
    const heldOut = spamSplit().heldOut;
    // Eight messages spread over the held-out set (it is grouped by corpus folder).
    messages = Array.from({ length: 8 }, (_, i) => ({ text: cutAfterTokens(String(heldOut[Math.floor((i * heldOut.length) / 8)].text), pattern, pre.maxLength) }));
  });
  afterAll(() => model.model.dispose());

  test('every HotFlip and ablation counterfactual has the other class and changes as many tokens as it says', async () => {
    const before = tf.memory().numTensors;
    const originals = await model.predict(messages);
    let flipped = 0;
    for (const [i, e] of messages.entries()) {
      for (const r of [await hotflip(model, e, { maxFlips: 4 }), await ablationFlip(model, e, { tokenPattern: pattern })]) {
        if (r.examples.length > 0) flipped++;
        else expect(r.reason).toMatch(/no (substitution|removal) of up to|together does not flip/);
        for (const cf of r.examples) {
          expect(argmax(cf.prediction)).not.toBe(argmax(originals[i]));
          const a = model.tokens(e.text as string);
          const b = model.tokens(cf.example.text as string);
          const removed = cf.changed.tokens?.every((t) => t.to === '') ?? false;
          if (removed) expect(a.length - b.length).toBe(cf.distance);
          else expect(a.filter((t, j) => t !== b[j]).length).toBe(cf.distance);
        }
        await expectClaimsHold(model, r);
      }
    }
    expect(flipped).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
