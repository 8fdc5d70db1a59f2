/**
 * Models that supply their own gradients with PROMISES (a server, another process) in the
 * views, kernel side: the salience widget's integrated gradients and SmoothGrad and the
 * counterfactuals widget's HotFlip, driven through comm messages, equal the same methods run from
 * code (`runWithTokenGradients`) and the native tfjs model the supplier computes with; a
 * synchronous supplier gives the same with no more supplier calls than from code. A rejected
 * answer and a wrong-shaped one reach the view as errors naming the model and the call/field;
 * Cancel and a newer edit stop a run between passes; the widgets keep serving; no tensor is left.
 *
 * The supplier is real computation: the attention block of test/model/helpers/any-text-models
 * behind an opaque predict function, its embeddings and gradients answered as plain arrays after
 * a timer, as a remote model's would be.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, Spec } from '../../src/core/spec';
import { hotflip } from '../../src/explain/counterfactuals';
import { integratedGradients, smoothGrad } from '../../src/explain/salience';
import type { ModelAdapter } from '../../src/model/adapter';
import { layersModelAdapter } from '../../src/model/adapters/layers-model';
import type { LayersTextAdapter } from '../../src/model/adapters/layers-text-adapter';
import { runWithTokenGradients, withTokenGradients, type TokenGradientModel, type TokenGradientSupply, type TokenGradientsAnswer } from '../../src/model/adapters/token-gradients';
import { initBackend } from '../../src/model/backend';
import { fromRecords } from '../../src/model/dataset';
import { wordTokenizer } from '../../src/model/tokenizers/vocabulary-tokenizer';
import { counterfactuals } from '../../src/widgets/counterfactuals';
import { salience } from '../../src/widgets/salience';
import { session } from '../../src/widgets/session';
import { attentionBlock, WORDS } from '../model/helpers/any-text-models';
import { opaque, supplierFor } from '../model/helpers/token-gradient-supplier';
import { startTestKernel, type TestKernel } from './session-test-kernel';
import { waitUntil } from './progress-wait';

jest.setTimeout(180_000);

const inputSpec: Spec = { text: { kind: 'TextSegment' } };
const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: ['negative', 'positive'] } };
const ROWS = [
  { text: 'the film was good', label: 'positive' },
  { text: 'awful plot', label: 'negative' },
  { text: 'very bad', label: 'negative' },
];

/** How the promise supplier behaves for the next questions, and how many it was asked. */
interface Control {
  delayMs: number;
  fault: 'none' | 'reject' | 'misshape';
  calls: number;
  /** Questions asked per example text. */
  byText?: Map<string, number>;
}

function asked(control: Control, ex: Example): void {
  control.calls++;
  const text = String(ex.text);
  control.byText?.set(text, (control.byText.get(text) ?? 0) + 1);
}

/** `s` answering after a timer; with a fault, gradient answers (target asked) reject or lose a token. */
function later(s: TokenGradientSupply, control: Control): TokenGradientSupply {
  const after = <T>(f: () => T): Promise<T> => new Promise((resolve, reject) => setTimeout(() => {
    try {
      resolve(f());
    } catch (e) {
      reject(e as Error);
    }
  }, control.delayMs));
  return {
    ...s,
    embed: (ex) => {
      asked(control, ex);
      return after(() => s.embed(ex) as Awaited<ReturnType<TokenGradientSupply['embed']>>);
    },
    gradients: (b, t, ex) => {
      asked(control, ex);
      return after(() => {
        const r = s.gradients(b, t, ex) as TokenGradientsAnswer;
        if (t !== undefined && control.fault === 'reject') throw new Error('connection refused (127.0.0.1:8500)');
        if (t !== undefined && control.fault === 'misshape') r.gradients?.[0].pop();
        return r;
      });
    },
  };
}

/** `s` counting its calls (answers synchronous). */
function counted(s: TokenGradientSupply, control: Control): TokenGradientSupply {
  return {
    ...s,
    embed: (ex) => { asked(control, ex); return s.embed(ex); },
    gradients: (b, t, ex) => { asked(control, ex); return s.gradients(b, t, ex); },
  };
}

let kernel: TestKernel;
let native: LayersTextAdapter;
let supply: TokenGradientSupply;

beforeAll(async () => {
  await initBackend(['wasm', 'cpu']);
  const tokenizer = wordTokenizer({ vocabulary: WORDS, padId: 0, unknownId: 1, lowercase: true });
  native = layersModelAdapter(await attentionBlock(), { inputSpec, outputSpec, tokenizer, padding: 'left' }) as LayersTextAdapter;
  supply = supplierFor(native, WORDS);
});
beforeEach(() => {
  kernel = startTestKernel();
});
afterEach(() => kernel.stop());

const closeAll = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));
};

function sessionOf(model: ModelAdapter) {
  return session({ models: { supplied: model }, datasets: { data: fromRecords(ROWS) } });
}

/** A model named 'remote-text' whose supplier answers after `control.delayMs`. */
function remote(control: Control): TokenGradientModel {
  return withTokenGradients(opaque(native, 'remote-text'), later(supply, control));
}

test('salience: integrated gradients and SmoothGrad of a promise supplier equal the same methods from code and the native tfjs model', async () => {
  const control: Control = { delayMs: 1, fault: 'none', calls: 0 };
  const model = remote(control);
  const s = sessionOf(model);
  const w = salience(s, { salienceMethod: 'integrated_gradients' });
  expect(w.state.methods).toEqual(expect.arrayContaining(['integrated_gradients', 'smooth_grad', 'grad_norm']));
  const before = tf.memory().numTensors;
  for (const [i, row] of ROWS.entries()) {
    const ex: Example = { text: row.text, label: row.label };
    s.select([String(i)]);
    await w.configure({ salienceMethod: 'integrated_gradients' });
    await w.settled();
    expect(w.state.error).toBeNull();
    const options = { steps: w.state.steps, rule: w.state.rule };
    const fromCode = await runWithTokenGradients(model, (m) => integratedGradients(m, ex, options));
    expect(w.state.labels).toEqual(fromCode.labels);
    expect(Array.from(w.state.scores)).toEqual(Array.from(fromCode.scores));
    expect(w.state.delta).toBe(fromCode.delta);
    expect(w.state.stepsUsed).toBe(fromCode.steps);
    closeAll(w.state.scores, integratedGradients(native, ex, options).scores);
    expect(Array.from(w.state.scores).some((v) => Math.abs(v) > 1e-3)).toBe(true);

    await w.configure({ salienceMethod: 'smooth_grad', samples: 8 });
    await w.settled();
    expect(w.state.error).toBeNull();
    const sg = await runWithTokenGradients(model, (m) => smoothGrad(m, ex, { samples: 8, noiseLevel: w.state.noise }));
    expect(Array.from(w.state.scores)).toEqual(Array.from(sg.scores));
    closeAll(w.state.scores, smoothGrad(native, ex, { samples: 8, noiseLevel: w.state.noise }).scores);
  }
  expect(control.calls).toBeGreaterThan(0);
  expect(tf.memory().numTensors).toBe(before);
  w.close();
  model.dispose();
});

test('salience over many rows and a registered method that calls integrated gradients, on a promise supplier, equal the same from code', async () => {
  const control: Control = { delayMs: 1, fault: 'none', calls: 0 };
  const model = remote(control);
  const s = sessionOf(model);
  // The person's own method, written against any DifferentiableModel: IG's scores, doubled.
  s.registry.addSalienceMethod({
    name: 'ig_twice',
    explain: (m, ex) => {
      const r = integratedGradients(m, ex, { steps: 8, tolerance: 'off' });
      return { labels: r.labels, scores: Array.from(r.scores, (v) => 2 * v) };
    },
  });
  const w = salience(s, { salienceMethod: 'integrated_gradients', steps: 16 });
  s.select(['0', '1', '2']);
  await w.settled();
  const before = tf.memory().numTensors;
  expect((await w.explainRows('selection')).status).toBe('done');
  expect(w.state.rowsError).toBeNull();
  for (const [i, row] of ROWS.entries()) {
    const ex: Example = { text: row.text, label: row.label };
    const want = await runWithTokenGradients(model, (m) => integratedGradients(m, ex, { steps: 16, rule: w.state.rule }));
    const shown = w.state.rows[i];
    expect([shown.id, shown.error]).toEqual([String(i), null]);
    expect(Array.from(w.state.rowScores.slice(shown.start, shown.start + shown.length))).toEqual(Array.from(want.scores));
  }
  const logged = jest.spyOn(console, 'error');
  await w.configure({ salienceMethod: 'ig_twice' });
  await w.settled();
  expect(w.state.error).toBeNull();
  expect(logged).not.toHaveBeenCalled(); // the passes that waited for answers are not the method's failures
  logged.mockRestore();
  const ig = await runWithTokenGradients(model, (m) => integratedGradients(m, { text: ROWS[0].text, label: ROWS[0].label }, { steps: 8, tolerance: 'off' }));
  expect(Array.from(w.state.scores)).toEqual(Array.from(ig.scores, (v) => Math.fround(2 * v)));
  expect(tf.memory().numTensors).toBe(before);
  w.close();
  model.dispose();
});

test('a synchronous supplier in the view: the same scores as from code, with no more supplier calls', async () => {
  const direct: Control = { delayMs: 0, fault: 'none', calls: 0 };
  const inView: Control = { delayMs: 0, fault: 'none', calls: 0 };
  const plain = withTokenGradients(opaque(native, 'sync-text'), counted(supply, direct));
  const viewed = withTokenGradients(opaque(native, 'sync-text'), counted(supply, inView));
  const s = sessionOf(viewed);
  const w = salience(s, { salienceMethod: 'integrated_gradients' });
  s.select(['0']);
  await w.settled();
  expect(w.state.error).toBeNull();
  inView.calls = 0;
  await w.configure({ salienceMethod: 'integrated_gradients', steps: 16 }); // one run, counted alone
  await w.settled();
  const ex: Example = { text: ROWS[0].text, label: ROWS[0].label };
  const want = integratedGradients(plain, ex, { steps: 16, rule: w.state.rule });
  expect(Array.from(w.state.scores)).toEqual(Array.from(want.scores));
  expect(inView.calls).toBeGreaterThan(0);
  expect(inView.calls).toBeLessThanOrEqual(direct.calls);
  w.close();
  plain.dispose();
  viewed.dispose();
});

test('counterfactuals: HotFlip of a promise supplier equals HotFlip from code and on the native model', async () => {
  const control: Control = { delayMs: 1, fault: 'none', calls: 0 };
  const model = remote(control);
  const s = sessionOf(model);
  const w = counterfactuals(s, { generator: 'hotflip', count: 3 });
  expect(w.state.generators).toContain('hotflip');
  let flipped = 0;
  for (const [i, row] of ROWS.entries()) {
    const ex: Example = { text: row.text, label: row.label };
    s.select([String(i)]);
    await new Promise((r) => setTimeout(r, 20)); // the original's prediction is done
    const before = tf.memory().numTensors;
    await kernel.custom(w.id, { method: 'run' });
    await w.settled();
    expect(tf.memory().numTensors).toBe(before);
    expect(w.state.error).toBeNull();
    const fromCode = await runWithTokenGradients(model, (m) => hotflip(m, ex, { maxResults: 3 }));
    const onNative = await hotflip(native, ex, { maxResults: 3 });
    expect(w.examples.map((e) => e.text)).toEqual(fromCode.examples.slice(0, 3).map((c) => c.example.text));
    expect(fromCode.examples.map((c) => c.example.text)).toEqual(onNative.examples.map((c) => c.example.text));
    expect(w.state.reason).toBe(fromCode.reason ?? (fromCode.examples.length === 0 ? 'no counterfactual found' : ''));
    flipped += w.examples.length;
  }
  expect(flipped).toBeGreaterThan(0);
  w.close();
  model.dispose();
});

/** A salience and a HotFlip counterfactuals view over a promise supplier, row 0 shown and explained. */
async function bothViews(delayMs: number) {
  const control: Control = { delayMs, fault: 'none', calls: 0, byText: new Map() };
  const model = remote(control);
  const s = sessionOf(model);
  const w = salience(s, { salienceMethod: 'integrated_gradients' });
  const cf = counterfactuals(s, { generator: 'hotflip', count: 2 });
  s.select(['0']);
  await w.settled();
  await new Promise((r) => setTimeout(r, 5 * delayMs + 20)); // the counterfactuals view's original is predicted
  expect(w.state.error).toBeNull();
  const salienceBy = async (salienceMethod: string): Promise<void> => {
    await kernel.custom(w.id, { method: 'configure', params: { salienceMethod } });
    await w.settled();
  };
  const hotflipRun = async (): Promise<void> => {
    await kernel.custom(cf.id, { method: 'run' });
    await cf.settled();
  };
  const close = (): void => {
    w.close();
    cf.close();
    model.dispose();
  };
  return { control, s, w, cf, salienceBy, hotflipRun, close };
}

test('a rejected answer and a wrong-shaped one are errors in the view naming the model; the widgets keep serving; no tensor is left', async () => {
  const { control, w, cf, salienceBy, hotflipRun, close } = await bothViews(1);
  const before = tf.memory().numTensors;

  control.fault = 'reject';
  await salienceBy('grad_norm');
  expect(w.state.error).toMatch(/^model 'remote-text' gradients\(target \d\) failed: connection refused \(127\.0\.0\.1:8500\)/);
  expect(w.state.labels).toEqual([]);
  await hotflipRun();
  expect(cf.state.error).toMatch(/model 'remote-text' gradients\(target \d\) failed: connection refused/);

  control.fault = 'misshape';
  await salienceBy('integrated_gradients');
  expect(w.state.error).toMatch(/^model 'remote-text' gradients\(target \d\): field 'gradients', row 0: should have 4 rows, got 3/);
  await hotflipRun();
  expect(cf.state.error).toMatch(/model 'remote-text' gradients\(target \d\): field 'gradients', row 0: should have 4 rows, got 3/);
  expect(tf.memory().numTensors).toBe(before);

  // The supplier mended: the same widgets answer the next requests.
  control.fault = 'none';
  await salienceBy('grad_norm');
  expect(w.state.error).toBeNull();
  expect(w.state.labels).toEqual(['the', 'film', 'was', 'good']);
  await hotflipRun();
  expect(cf.state.error).toBeNull();
  expect(tf.memory().numTensors).toBe(before);
  close();
});

test('Cancel and a newer edit stop a slow supplier\'s run between passes; the next run completes', async () => {
  const { control, s, w, cf, hotflipRun, close } = await bothViews(40);
  const before = tf.memory().numTensors;

  // The counterfactuals view's Cancel while HotFlip waits for answers.
  const started = control.calls;
  await kernel.custom(cf.id, { method: 'run' });
  await waitUntil(() => control.calls > started, 'HotFlip asking the supplier');
  await kernel.custom(cf.id, { method: 'cancel' });
  expect(cf.state.reason).toBe('cancelled');
  await new Promise((r) => setTimeout(r, 200)); // the questions in flight are answered; no pass follows
  const afterCancel = control.calls;
  await new Promise((r) => setTimeout(r, 200));
  expect(control.calls).toBe(afterCancel);
  expect(cf.state.results).toEqual([]);

  // The salience view's rows job, cancelled by the view's message.
  const job = w.explainRows('dataset');
  await waitUntil(() => w.state.jobStatus === 'running', 'the rows job running');
  await kernel.custom(w.id, { method: 'cancel' });
  expect((await job).status).toBe('cancelled');
  await new Promise((r) => setTimeout(r, 200));
  const afterJob = control.calls;
  await new Promise((r) => setTimeout(r, 200));
  expect(control.calls).toBe(afterJob);

  // A newer edit aborts the run for the older one (it asks nothing more); only the newer result is shown.
  const older = 'the plot was bad';
  const editId = s.edit('0', { text: older, label: 'negative' });
  await waitUntil(() => (control.byText?.get(older) ?? 0) > 0, 'the older edit\'s run asking');
  s.edit('0', { text: 'a great film', label: 'positive' }, { editId });
  await w.settled();
  expect(w.state.exampleId).toBe(editId);
  expect(w.state.error).toBeNull();
  expect(w.state.labels).toEqual(['a', 'great', 'film']);
  const olderAsked = control.byText?.get(older);
  await new Promise((r) => setTimeout(r, 300));
  expect(control.byText?.get(older)).toBe(olderAsked);

  // Both widgets still serve.
  await hotflipRun();
  expect(cf.state.error).toBeNull();
  expect(cf.state.reason).not.toBe('cancelled');
  await new Promise((r) => setTimeout(r, 200));
  expect(tf.memory().numTensors).toBe(before);
  close();
});
