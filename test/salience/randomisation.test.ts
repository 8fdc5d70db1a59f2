/**
 * Model randomisation sanity check (Adebayo et al., 2018): salience of a trained text model
 * must change when its weights are re-initialised, else it explains the input, not the model.
 */
import * as tf from '@tensorflow/tfjs';
import { spearman } from '../../src/core/metrics';
import { integratedGradients } from '../../src/explain/salience';
import { textModel, type TextFixture } from './fixtures/models';

const TRAIN: Array<[string, number]> = [
  ['win free money now', 1], ['click now to win a prize', 1], ['free offer click now', 1], ['win money prize offer', 1],
  ['free prize now', 1], ['click the offer now', 1], ['hello meeting tomorrow', 0], ['the report for the meeting', 0],
  ['lunch tomorrow hello', 0], ['hello the report', 0], ['meeting at lunch tomorrow', 0], ['a report for lunch', 0],
];
const PROBE = ['win a free prize now hello', 'hello the meeting report tomorrow click', 'free lunch meeting offer', 'click now for money and the report', 'the prize offer tomorrow at lunch'];

async function train(model: TextFixture): Promise<void> {
  const rows = TRAIN.map(([t]) => {
    const enc = model.encode({ text: t });
    enc.input.dispose();
    enc.baseline.dispose();
    const ids = enc.tokenIds ?? [];
    return [...ids, ...new Array<number>(model.opts.maxLength - ids.length).fill(0)];
  });
  const x = tf.tensor2d(rows, undefined, 'int32');
  const y = tf.oneHot(tf.tensor1d(TRAIN.map(([, l]) => l), 'int32'), 2);
  model.full.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
  // Training needs the Embedding gradient (UnsortedSegmentSum), which WASM lacks: fit on cpu,
  // then explain on whichever backend the suite runs on.
  const backend = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    await model.full.fit(x, y, { epochs: 60, batchSize: 12, shuffle: false, verbose: 0 });
  } finally {
    await tf.setBackend(backend);
    x.dispose();
    y.dispose();
  }
}

function salience(model: TextFixture): number[] {
  return PROBE.flatMap((text) => Array.from(integratedGradients(model, { text }, { target: { className: 'spam' } }).scores));
}

describe('model randomisation sanity check', () => {
  it('Spearman(trained, re-initialised) < 0.5, while the trained model agrees with itself across IG rules', async () => {
    const trained = textModel(7);
    await train(trained);
    const accuracy = TRAIN.filter(([t, l]) => {
      const enc = trained.encode({ text: t });
      const p = trained.predictIds(enc.tokenIds ?? []);
      enc.input.dispose();
      enc.baseline.dispose();
      return (p[1] > 0.5 ? 1 : 0) === l;
    }).length / TRAIN.length;
    expect(accuracy).toBe(1); // the check is only meaningful on a model that learned something
    const before = salience(trained);
    const again = PROBE.flatMap((text) => Array.from(integratedGradients(trained, { text }, { target: { className: 'spam' }, rule: 'midpoint', steps: 64 }).scores));
    const randomised = salience(textModel(1234));
    const rhoSelf = spearman(Float64Array.from(before), Float64Array.from(again));
    const rhoRandom = spearman(Float64Array.from(before), Float64Array.from(randomised));
    console.log(`randomisation check: Spearman trained vs re-initialised = ${rhoRandom.toFixed(3)}; trained vs itself (other rule) = ${rhoSelf.toFixed(3)}`);
    expect(rhoSelf).toBeGreaterThan(0.9);
    expect(rhoRandom).toBeLessThan(0.5);
  });

  it('spearman handles ties and perfect (anti)correlation', () => {
    const rho = (a: number[], b: number[]): number => spearman(Float64Array.from(a), Float64Array.from(b));
    expect(rho([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(rho([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Ties get average ranks: ranks a = [1.5, 1.5, 3], b = [1, 2, 3] → ρ = 0.866…
    expect(rho([5, 5, 7], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2, 12);
    // Salience that does not vary has no rank correlation: NaN, so a sanity check on it cannot pass.
    expect(rho([0, 0, 0], [1, 2, 3])).toBeNaN();
  });
});
