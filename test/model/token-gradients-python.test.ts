/**
 * A Python process as the gradient supplier: a numpy model (token embeddings → mean → logistic
 * regression, analytic gradients; test/model/helpers/numpy_gradient_supplier.py) answers over
 * stdin/stdout JSON lines. IG's completeness holds within 1% and grad×input equals the value
 * Python computes itself. Bad answers (wrong shape, NaN, a missing field) are named.
 */
import './helpers/env-backend';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../src/core/spec';
import { predictFnAdapter } from '../../src/model/adapters/predict-fn-adapter';
import { runWithTokenGradients, withTokenGradients, type TokenGradientModel, type TokenGradientSupply } from '../../src/model/adapters/token-gradients';
import { gradientNorm, gradientTimesInput, integratedGradients, smoothGrad } from '../../src/explain/salience';
import { hotflip } from '../../src/explain/counterfactuals';

jest.setTimeout(120_000);

const PYTHON = path.resolve(__dirname, '../../.venv/bin/python');
const SCRIPT = path.resolve(__dirname, 'helpers/numpy_gradient_supplier.py');
const inputSpec: Spec = { text: { kind: 'TextSegment' } };
const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const texts = ['the film was good', 'a very boring plot', 'not bad and fun', 'awful'];

type Reply = Record<string, unknown>;
let proc: ChildProcessWithoutNullStreams;
const waiting = new Map<number, (r: Reply) => void>();
let nextId = 0;
function ask(req: Reply): Promise<Reply> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, (r) => (r.error ? reject(new Error(String(r.error))) : resolve(r)));
    proc.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
  });
}

let model: TokenGradientModel;
let supply: TokenGradientSupply;
beforeAll(async () => {
  proc = spawn(PYTHON, [SCRIPT]);
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const r = JSON.parse(line) as Reply;
    waiting.get(r.id as number)?.(r);
    waiting.delete(r.id as number);
  });
  const vocab = await ask({ op: 'vocabulary' }) as { tokens: string[]; embeddings: number[][] };
  const base = predictFnAdapter(async (rows) => {
    const r = await ask({ op: 'predict', texts: rows.map((ex) => ex.text) });
    return (r.probabilities as number[][]).map((p) => ({ probas: p }));
  }, { inputSpec, outputSpec });
  supply = {
    embed: async (ex) => await ask({ op: 'embed', text: ex.text }) as never,
    gradients: async (embeddings, target) => await ask({ op: 'gradients', embeddings, target: target ?? null }) as never,
    vocabulary: vocab,
  };
  model = withTokenGradients(base, supply);
});
afterAll(() => {
  model?.dispose();
  proc?.stdin.end();
});

test('IG completeness within 1% and grad×input equal to the analytic gradient Python computes', async () => {
  const before = tf.memory().numTensors;
  let widest = 0;
  for (const text of texts) {
    const ex: Example = { text };
    for (const target of [0, 1]) {
      const ig = await runWithTokenGradients(model, (m) => integratedGradients(m, ex, { target: { classIndex: target } }));
      const span = (ig.output as number) - (ig.baselineOutput as number);
      widest = Math.max(widest, Math.abs(span));
      let sum = 0;
      for (const s of ig.scores) sum += s;
      expect(Math.abs(sum - span)).toBeLessThan(Math.max(0.01 * Math.abs(span), 1e-6));
      const gxi = await runWithTokenGradients(model, (m) => gradientTimesInput(m, ex, { target: { classIndex: target } }));
      const want = (await ask({ op: 'grad_x_input', text, target })).scores as number[];
      expect(gxi.scores).toHaveLength(want.length);
      want.forEach((v, i) => expect(Math.abs(gxi.scores[i] - v)).toBeLessThan(1e-5));
      expect(want.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    }
    const gn = await runWithTokenGradients(model, (m) => gradientNorm(m, ex));
    expect(Array.from(gn.scores).every((s) => s > 0)).toBe(true);
    const sg = await runWithTokenGradients(model, (m) => smoothGrad(m, ex, { samples: 8 }));
    expect(Array.from(sg.scores).every((s) => Number.isFinite(s) && s > 0)).toBe(true);
  }
  expect(widest).toBeGreaterThan(0.1); // the 1% check was not vacuous
  const flips = await runWithTokenGradients(model, (m) => hotflip(m, { text: 'the film was good' }, { maxResults: 2 }));
  for (const cf of flips.examples) {
    const p = (await ask({ op: 'predict', texts: [cf.example.text] })).probabilities as number[][];
    expect(cf.prediction.probas).toEqual(p[0]);
  }
  expect(flips.examples.length + (flips.reason ? 1 : 0)).toBeGreaterThan(0);
  expect(tf.memory().numTensors).toBe(before);
});

test('bad answers name the model, the field and the row; no tensor is left behind', async () => {
  const base = predictFnAdapter(async () => [], { inputSpec, outputSpec });
  const spoiled = (edit: (r: { probabilities: number[][]; gradients?: number[][][] }, target: number | undefined) => void): TokenGradientModel =>
    withTokenGradients(base, {
      embed: supply.embed,
      gradients: async (e, t, ex) => {
        const r = await supply.gradients(e, t, ex) as { probabilities: number[][]; gradients?: number[][][] };
        edit(r, t);
        return r;
      },
    });
  const ex: Example = { text: 'a very boring plot' };
  const before = tf.memory().numTensors;
  const cases: Array<[TokenGradientModel, RegExp]> = [
    [spoiled((r, t) => { if (t !== undefined) r.gradients?.[0].pop(); }), /model 'predict-function' gradients\(target 1\): field 'gradients', row 0: should have 4 rows, got 3/],
    [spoiled((r, t) => { if (t !== undefined && r.gradients && r.gradients.length > 2) r.gradients[2][1][3] = NaN; }), /field 'gradients', row 2: token 1\[3\] is NaN, not a finite number/],
    [spoiled((r, t) => { if (t !== undefined) delete r.gradients; }), /field 'gradients': missing: a target was asked for, so \[\d+\]\[4\]\[6\] gradients are required/],
    [spoiled((r) => { delete (r as Partial<typeof r>).probabilities; }), /gradients\(target none\): field 'probabilities': should be an array of \d+ rows, got nothing \(missing field\)/],
  ];
  for (const [m, message] of cases) {
    await expect(runWithTokenGradients(m, (v) => integratedGradients(v, ex, { target: { classIndex: 1 } }))).rejects.toThrow(message);
    expect([String(message), tf.memory().numTensors]).toEqual([String(message), before]);
  }
  const noTokens = withTokenGradients(base, { ...supply, embed: async () => ({ tokens: ['a'], embeddings: [[1, 2], [3, 4]] }) });
  await expect(runWithTokenGradients(noTokens, (v) => gradientNorm(v, ex))).rejects.toThrow(/model 'predict-function' embed\(\): field 'embeddings': should have 1 rows, got 2/);
  noTokens.dispose(); // its vocabulary table
  expect(tf.memory().numTensors).toBe(before);
  // Synchronous answers, no run: the bad gradient is thrown where it is asked for.
  const sync = withTokenGradients(base, {
    embed: () => ({ tokens: ['a', 'b'], embeddings: [[1, 0], [0, 1]] }),
    gradients: (e, t) => ({ probabilities: e.map(() => [0.5, 0.5]), ...(t === undefined ? {} : { gradients: e.map(() => [[1, 0], [0, Infinity]]) }) }),
  });
  expect(() => gradientNorm(sync, ex)).toThrow(/field 'gradients', row 0: token 1\[1\] is Infinity, not a finite number/);
  expect(tf.memory().numTensors).toBe(before);
});

test('a regression model: the score and its gradient supplied, IG of a linear score is exactly (x − baseline)·w per token', () => {
  const w = [0.5, -1.25, 2];
  const base = predictFnAdapter(async () => [], { inputSpec, outputSpec: { score: { kind: 'RegressionScore' } } });
  const linear = withTokenGradients(base, {
    embed: () => ({ tokens: ['x', 'y'], embeddings: [[1, 2, 3], [-1, 0.5, 0.25]] }),
    gradients: (e, t) => ({
      probabilities: e.map((row) => [row.reduce((s, v) => s + v.reduce((a, x, d) => a + x * w[d], 0), 0)]),
      ...(t === undefined ? {} : { gradients: e.map((row) => row.map(() => [...w])) }),
    }),
  });
  const before = tf.memory().numTensors;
  const ig = integratedGradients(linear, { text: 'x y' }, { target: 'regression' });
  const want = [[1, 2, 3], [-1, 0.5, 0.25]].map((e) => e.reduce((a, x, d) => a + x * w[d], 0));
  want.forEach((v, i) => expect(Math.abs(ig.scores[i] - v)).toBeLessThan(1e-5));
  expect(ig.output).toBeCloseTo(want[0] + want[1], 5);
  expect(tf.memory().numTensors).toBe(before);
});
