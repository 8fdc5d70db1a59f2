/**
 * Every method on the converted Keras models (issue 16 item 3): the Keras 3 and Keras 2 models
 * of test/fixtures/keras-convert (masked-Embedding GRU text, tabular with one-hot Island +
 * Normalization, the tabular SavedModel) converted through the real `tslit convert` in a child
 * process, then every salience method the salience view lists (SALIENCE_METHODS), every
 * counterfactual generator the counterfactuals view lists for the kind (TEXT_GENERATORS,
 * TABULAR_GENERATORS), the metrics and partial dependence, each result checked against the
 * model's own predictions (test/conformance/checks.ts, ./method-checks.ts) with no tensor left.
 * A method that refuses (gradients on the graph model, which has no embedding and no tabular
 * encoding of its own) must name, as a call, a function that ran on the same model.
 *
 * Needs .venv-convert (`node scripts/setup.mjs --for-tests` or `node scripts/convert/venv.mjs`).
 * Python importing tensorflowjs takes ~10 s per conversion; conversions run in the background
 * while the tests explain the models already converted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  ablationFlip, accuracy, gradientNorm, gradientTimesInput, graphModelAdapter, hotflip, integratedGradients, kernelShap, lime, loadGraphModelFromDir,
  loadModel, minimalTabularCounterfactual, nearestCounterfactual, occlusion, partialDependence, rocAuc, rocAucOvr, scrambler, smoothGrad, tabularToTensor, wordReplacer,
} from '../../src';
import type { DifferentiableModel, Example, ModelAdapter, ModelMetadata, SalienceResult } from '../../src';
import type { CounterfactualResult } from '../../src/explain/counterfactuals';
import { SALIENCE_METHODS, methodsFor } from '../../src/widgets/salience/params';
import { TABULAR_GENERATORS, TEXT_GENERATORS, generatorsFor } from '../../src/widgets/counterfactuals/generators';
import { checkCounterfactuals, checkSalience, type Outcome } from '../conformance/checks';
import { METHODS, runCell, workingFunctionsNamed } from '../conformance/methods';
import { FIXTURES, KERAS_VERSIONS, reference, requireConvertVenv, tslitConvertAsync, type Reference } from './convert-cli';
import {
  argmax, expectFlipsOrReason, expectOcclusionIsPredictedDrop, expectShapEfficiency, expectTokenOcclusionIsForwardDrop, expectTokenShapEfficiency,
  pairwiseAuc, probas,
} from './method-checks';

// A test waits for its model's conversion, which on a loaded machine can take a minute or more.
jest.setTimeout(300_000);

const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-every-method-'));

/**
 * Conversions, in two queues (one per Keras version, the machine's two cores) in the order the
 * tests use them: each is a Python process importing TensorFlow, ~10 s of one core.
 */
const conversions = new Map<string, Promise<string>>();
/** Ends the conversions still queued or running when the tests are done (or filtered with -t). */
const stopConverting = new AbortController();
beforeAll(() => {
  requireConvertVenv();
  for (const [version, file] of KERAS_VERSIONS) {
    let queue: Promise<unknown> = Promise.resolve();
    for (const [name, input] of [['text', path.join('text', file)], ['tabular', path.join('tabular', file)], ['savedmodel', path.join('tabular', 'savedmodel')]]) {
      const out = path.join(OUT, version, name);
      const done = queue.then(() => {
        if (stopConverting.signal.aborted) throw new Error('the tests ended before this conversion');
        return tslitConvertAsync(path.join(FIXTURES, version, input), out, stopConverting.signal);
      }).then(() => out);
      done.catch(() => undefined); // awaited by its test; a failure is reported there
      queue = done.catch(() => undefined);
      conversions.set(`${version}/${name}`, done);
    }
  }
});
afterAll(() => {
  stopConverting.abort();
  fs.rmSync(OUT, { recursive: true, force: true });
});

/** The function a person calls for each view name (the names refusals are checked against). */
const FN: Record<(typeof SALIENCE_METHODS)[number], string> = {
  grad_norm: 'gradientNorm', grad_x_input: 'gradientTimesInput', integrated_gradients: 'integratedGradients', smooth_grad: 'smoothGrad',
  lime: 'lime', kernel_shap: 'kernelShap', occlusion: 'occlusion',
};

/** Runs one method through the conformance matrix's cell runner: a refusal is recorded, a wrong result or a leaked tensor fails. */
async function cell(model: ModelAdapter, example: Example, name: keyof typeof FN, call: (m: never) => SalienceResult | Promise<SalienceResult>): Promise<{ outcome: Outcome; result?: SalienceResult }> {
  let result: SalienceResult | undefined;
  const outcome = await runCell({ name, fn: FN[name], run: async () => checkSalience((result = await call(model as never))) }, { model, example, rules: '' });
  return { outcome, result };
}

/**
 * Every method of `runs` ran (the view's own list, no fewer); a refusal names a function that ran on
 * the same model; the methods the view offers for the model all ran.
 */
function expectEveryMethod(model: ModelAdapter, outcomes: Map<string, Outcome>): void {
  expect([...outcomes.keys()].sort()).toEqual([...SALIENCE_METHODS].sort());
  const row = new Map([...outcomes].map(([name, o]) => [METHODS.find((m) => m.fn === FN[name as keyof typeof FN])?.name ?? name, o]));
  const refusals = [...outcomes].filter(([, o]) => o.status === 'refused') as [string, { message: string }][];
  expect(refusals.filter(([, o]) => workingFunctionsNamed(o.message, row).length === 0)).toEqual([]);
  expect(methodsFor(model).filter((m) => outcomes.get(m)?.status !== 'checked')).toEqual([]);
}

function expectNoTensorLeft(before: number): void {
  expect(tf.memory().numTensors).toBe(before);
}

/** Runs a generator and the checks every counterfactual passes; the flip-seeking ones also re-predict each in another class. */
async function generate(model: ModelAdapter, example: Example, call: () => Promise<CounterfactualResult>, seeksFlip: boolean): Promise<Outcome> {
  const before = tf.memory().numTensors;
  const r = await call();
  const outcome = await checkCounterfactuals({ model, example }, r);
  if (seeksFlip) await expectFlipsOrReason(model, example, r);
  expectNoTensorLeft(before);
  return outcome;
}

/** Accuracy equals Keras's on the fixture's records; ROC AUC equals its definition. */
function expectMetrics(ref: Reference, labelField: string, classes: readonly string[], predicted: number[][]): void {
  const labels = ref.records.map((r) => classes.indexOf(String(r[labelField])));
  const asInt = (xs: number[]): Int32Array => Int32Array.from(xs);
  const kerasAccuracy = labels.filter((l, i) => argmax(ref.probas[i]) === l).length / labels.length;
  expect(accuracy(asInt(labels), asInt(predicted.map(argmax)), classes.length)).toBeCloseTo(kerasAccuracy, 12);
  if (new Set(labels).size < classes.length) {
    // The text fixture's eight records are all ham: ROC AUC is undefined, NaN as documented (sklearn raises).
    expect(rocAuc(asInt(labels.map((l) => (l === 1 ? 1 : 0))), Float64Array.from(predicted.map((p) => p[1])))).toBeNaN();
    return;
  }
  const flat = Float64Array.from(predicted.flat());
  const byDefinition = classes.map((_, c) => pairwiseAuc(labels, predicted.map((p) => p[c]), c));
  expect(rocAucOvr(asInt(labels), flat, classes.length)).toBeCloseTo(byDefinition.reduce((a, b) => a + b, 0) / classes.length, 12);
}

const maxDifference = (a: number[][], b: number[][]): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe.each(KERAS_VERSIONS)('%s', (version, file) => {
  test(`text (${file}, masked Embedding → GRU): every salience method, every text generator, metrics`, async () => {
    const ref = reference(version, 'text');
    const model = await loadModel(await (conversions.get(`${version}/text`) as Promise<string>));
    const before = tf.memory().numTensors;
    // Words of the vocabulary, lower case, one space apart: the model reads exactly these tokens.
    const example = { text: 'click here to get free money now' };
    const predicted = (await probas(model, [example]))[0];
    const differentiable = model as DifferentiableModel;
    const runs: Record<keyof typeof FN, () => Promise<{ outcome: Outcome; result?: SalienceResult }>> = {
      grad_norm: () => cell(model, example, 'grad_norm', (m) => gradientNorm(m, example)),
      grad_x_input: () => cell(model, example, 'grad_x_input', (m) => gradientTimesInput(m, example)),
      integrated_gradients: () => cell(model, example, 'integrated_gradients', (m) => integratedGradients(m, example, { target: { classIndex: 1 } })),
      smooth_grad: () => cell(model, example, 'smooth_grad', (m) => smoothGrad(m, example, { samples: 8 })),
      lime: () => cell(model, example, 'lime', (m) => lime(m, example, { samples: 64 })),
      kernel_shap: () => cell(model, example, 'kernel_shap', (m) => kernelShap(m, example, { background: [] })),
      occlusion: () => cell(model, example, 'occlusion', (m) => occlusion(m, example)),
    };
    const outcomes = new Map<string, Outcome>();
    for (const [name, run] of Object.entries(runs)) {
      const { outcome, result } = await run();
      outcomes.set(name, outcome);
      if (result?.method === 'kernel_shap') expectTokenShapEfficiency(differentiable, example, predicted, result);
      if (result?.method === 'occlusion') expectTokenOcclusionIsForwardDrop(differentiable, example, result);
      if (result) expect(result.labels).toEqual(example.text.split(' '));
      expectNoTensorLeft(before);
    }
    expectEveryMethod(model, outcomes);
    expect([...outcomes].filter(([, o]) => o.status !== 'checked')).toEqual([]);

    const generators: Record<string, () => Promise<Outcome>> = {
      word_replacer: () => generate(model, example, () => wordReplacer(model, example, { rules: 'free -> paid\nmoney -> time' }), false),
      scrambler: () => generate(model, example, () => scrambler(model, example, { seed: 1, count: 3 }), false),
      ablation_flip: () => generate(model, example, () => ablationFlip(model, example), true),
      hotflip: () => generate(model, example, () => hotflip(differentiable, example, { maxResults: 2 }), true),
      nearest: () => generate(model, example, () => nearestCounterfactual(model, example, ref.records), true),
    };
    expect(Object.keys(generators).sort()).toEqual([...TEXT_GENERATORS].sort());
    expect(generatorsFor(model).sort()).toEqual([...TEXT_GENERATORS].sort());
    const found = new Map<string, Outcome>();
    for (const [name, run] of Object.entries(generators)) found.set(name, await run());
    // The rewrites keep every word the rules and the shuffle touch, so they always produce text.
    expect([found.get('word_replacer')?.status, found.get('scrambler')?.status]).toEqual(['checked', 'checked']);

    expectMetrics(ref, 'label', ['ham', 'spam'], await probas(model, ref.records));
    expectNoTensorLeft(before);
    model.model.dispose();
  });

  /** The checks of a tabular model, layers or graph: the same records, example and background. */
  async function tabularChecks(model: ModelAdapter, ref: Reference, meta: ModelMetadata): Promise<Map<string, Outcome>> {
    const before = tf.memory().numTensors;
    // Row 1 is an Adelie on Biscoe, row 3 a Chinstrap on Dream. The records are predicted at 1.000 (float32 gradients vanish
    // there), so the example is row 1 with a longer beak: still an Adelie (0.87 Keras 3, 0.91 Keras 2), the gradients alive.
    const [background, row, other] = [ref.records, 1, ref.records[3]];
    const example = { ...ref.records[row], 'Beak Length (mm)': 44 };
    const adelie = { target: { classIndex: 0 } };
    const runs: Record<keyof typeof FN, () => Promise<{ outcome: Outcome; result?: SalienceResult }>> = {
      grad_norm: () => cell(model, example, 'grad_norm', (m) => gradientNorm(m, example, adelie)),
      grad_x_input: () => cell(model, example, 'grad_x_input', (m) => gradientTimesInput(m, example, { ...adelie, baseline: { row: other } })),
      // The path from a Chinstrap to an Adelie crosses the classes: F moves by ~1, so 1% is a real test.
      integrated_gradients: () => cell(model, example, 'integrated_gradients', (m) => integratedGradients(m, example, { ...adelie, baseline: { row: other } })),
      // This model's input is raw (grams next to millimetres, Normalization inside the model): one σ from the whole
      // input's range would be ≈ 500 on every feature at the default 0.15 and saturate every copy; with the background
      // each column's noise follows its own range.
      smooth_grad: () => cell(model, example, 'smooth_grad', (m) => smoothGrad(m, example, { ...adelie, samples: 8, background })),
      lime: () => cell(model, example, 'lime', (m) => lime(m, example, { ...adelie, samples: 64, background })),
      kernel_shap: () => cell(model, example, 'kernel_shap', (m) => kernelShap(m, example, { ...adelie, background })),
      // One background row: the encoded variant's mean of it and the predict() variant's first row are the same fill.
      occlusion: () => cell(model, example, 'occlusion', (m) => occlusion(m, example, { ...adelie, replaceWith: 'mean', background: [other] })),
    };
    const outcomes = new Map<string, Outcome>();
    for (const [name, run] of Object.entries(runs)) {
      const { outcome, result } = await run();
      outcomes.set(name, outcome);
      if (result) expect(result.labels).toEqual(Object.keys(meta.inputSpec)); // raw features, Island one of them
      if (result?.method === 'integrated_gradients') expect(Math.abs((result.output as number) - (result.baselineOutput as number))).toBeGreaterThan(0.5); // F(example) − F(Chinstrap row) for class Adelie
      if (result?.method === 'kernel_shap') await expectShapEfficiency(model, example, background, result);
      if (result?.method === 'occlusion') await expectOcclusionIsPredictedDrop(model, example, other, result);
      expectNoTensorLeft(before);
    }
    expectEveryMethod(model, outcomes);

    const generators: Record<string, () => Promise<Outcome>> = {
      tabular_minimal: () => generate(model, example, () => minimalTabularCounterfactual(model, example, background, { count: 1 }), true),
      nearest: () => generate(model, example, () => nearestCounterfactual(model, example, background), true),
    };
    expect(Object.keys(generators).sort()).toEqual([...TABULAR_GENERATORS].sort());
    expect(generatorsFor(model).sort()).toEqual([...TABULAR_GENERATORS].sort());
    // Both find one: the records hold other species, and one beak length away is a Chinstrap.
    for (const [name, run] of Object.entries(generators)) expect([name, (await run()).status]).toEqual([name, 'checked']);

    const predicted = await probas(model, ref.records);
    expect(maxDifference(predicted, ref.probas)).toBeLessThan(1e-5);
    expectMetrics(ref, 'Species', meta.outputSpec.probas.kind === 'MulticlassPreds' ? meta.outputSpec.probas.vocab : [], predicted);

    // Partial dependence: at each grid value, the mean over the records of the model's prediction with the feature set to it.
    for (const [feature, grid] of [['Flipper Length (mm)', [Number(background[row]['Flipper Length (mm)']), 200]], ['Island', ['Biscoe', 'Dream', 'Torgersen']]] as const) {
      const pdp = await partialDependence(model, background, { feature, grid: [...grid] });
      expect(pdp.rows).toBe(background.length);
      for (const [g, value] of pdp.grid.entries()) {
        const swept = await probas(model, background.map((r) => ({ ...r, [feature]: value })));
        const mean = pdp.outputs.map((_, c) => swept.reduce((s, p) => s + p[c], 0) / swept.length);
        expect(pdp.average.map((a) => a[g]).map((v, c) => Math.abs(v - mean[c]) < 1e-6)).toEqual(mean.map(() => true));
      }
      // A row's ICE at its own value is its own prediction.
      const own = pdp.grid.indexOf(background[row][feature] as number | string);
      expect(Math.max(...pdp.individual.map((ice, c) => Math.abs(ice[row * pdp.grid.length + own] - predicted[row][c])))).toBeLessThan(1e-6);
      expectNoTensorLeft(before);
    }
    return outcomes;
  }

  test(`tabular (${file}, one-hot Island + Normalization): every salience method, both tabular generators, metrics, partial dependence`, async () => {
    const model = await loadModel(await (conversions.get(`${version}/tabular`) as Promise<string>));
    const outcomes = await tabularChecks(model, reference(version, 'tabular'), model.metadata);
    expect([...outcomes].filter(([, o]) => o.status !== 'checked')).toEqual([]);
    model.model.dispose();
  });

  test('tabular SavedModel → graph model: black-box methods, generators, metrics and PDP checked; gradient methods refuse naming one that ran', async () => {
    const dir = await (conversions.get(`${version}/savedmodel`) as Promise<string>);
    const meta = JSON.parse(fs.readFileSync(path.join(FIXTURES, version, 'tabular', 'tslit.json'), 'utf8')) as ModelMetadata;
    const graph = await loadGraphModelFromDir(dir);
    const features = meta.tabular?.features ?? [];
    // The model's input is tslit's tabular encoding (the four measurements, then Island one-hot), as the layers model's.
    const model = graphModelAdapter(graph, { name: `${version}-savedmodel`, inputSpec: meta.inputSpec, outputSpec: meta.outputSpec, toTensor: (rows) => tabularToTensor(features, rows) });
    const outcomes = await tabularChecks(model, reference(version, 'tabular'), meta);
    const refused = ['grad_norm', 'grad_x_input', 'integrated_gradients', 'smooth_grad'];
    expect(refused.map((m) => outcomes.get(m)?.status)).toEqual(refused.map(() => 'refused'));
    expect(['lime', 'kernel_shap', 'occlusion'].map((m) => outcomes.get(m)?.status)).toEqual(['checked', 'checked', 'checked']);
    graph.dispose();
  });
});
