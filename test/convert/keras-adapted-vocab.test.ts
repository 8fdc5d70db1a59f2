/**
 * `tslit convert` on Keras models that take raw strings through adapted preprocessing layers
 * (issue 16 item 3): the vocabularies `adapt()` learnt live outside the layer config and are put
 * back by the command. Models of test/fixtures/keras-string-models, trained by
 * scripts/reference/keras_string_models.py with fixed seeds in Keras 3.15 (tf.keras of TF 2.21)
 * and tf_keras 2.21: a text classifier (string → TextVectorization → Embedding → pooling → Dense),
 * a tabular model (string Island → StringLookup one_hot, measurements → Normalization), and in
 * Keras 3 the tabular model built of sub-models (a functional one holding the StringLookup, a
 * Sequential head), and a bag of words and bigrams (TextVectorization tf_idf, ngrams=2 → Dense → Dense)
 * whose idf weights come back with its vocabulary. Converted through the real CLI in a child process, loaded through the public
 * API; tfjs's probabilities equal Keras's (predictions.json) within 1e-5; LIME, Kernel SHAP,
 * occlusion and a counterfactual run on them through a predict function; no tensor left behind.
 *
 * Needs .venv-convert (`node scripts/setup.mjs --for-tests` or `node scripts/convert/venv.mjs`).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ablationFlip, kernelShap, lime, loadKerasLayersModel, minimalTabularCounterfactual, occlusion, predictFnAdapter } from '../../src';
import type { Example, ModelAdapter, Prediction, SalienceResult, Spec } from '../../src';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/keras-string-models');
const VENV_PYTHON = path.join(ROOT, '.venv-convert/bin/python');
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'tslit-adapted-vocab-'));
const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];

interface Reference {
  records: Example[];
  probas: number[][];
  keras: string;
}

/** `tslit convert` from the sources in a child process; resolves with stdout, rejects with stderr. */
function tslitConvert(input: string, out: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-r', './bench/metrics-ts-register.js', 'src/cli.ts', 'convert', input, out], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(stdout),
    );
  });
}

const MODELS = [
  ['keras3', 'text'],
  ['keras3', 'tabular'],
  ['keras3', 'nested'],
  ['keras3', 'bag'],
  ['keras2', 'text'],
  ['keras2', 'tabular'],
  ['keras2', 'bag'],
] as const;

/** Each conversion's stdout, started in beforeAll two at a time (each spends ~20 s of CPU, mostly starting TensorFlow). */
const converted = new Map<string, Promise<string>>();
let lane: [Promise<unknown>, Promise<unknown>] = [Promise.resolve(), Promise.resolve()];

function queued(input: string, out: string, at: number): Promise<string> {
  const run = lane[at % 2].then(() => tslitConvert(input, out));
  lane[at % 2] = run.catch(() => undefined);
  run.catch(() => undefined);
  return run;
}

beforeAll(() => {
  if (!fs.existsSync(VENV_PYTHON)) {
    throw new Error(`${VENV_PYTHON} is missing: make it with \`node scripts/setup.mjs --for-tests\` (or \`node scripts/convert/venv.mjs\`) before running test/convert`);
  }
  MODELS.forEach(([version, name], i) => converted.set(`${version}/${name}`, queued(path.join(FIXTURES, version, name, 'model.keras'), path.join(OUT, version, name), i)));
});
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

const reference = (version: string, name: string): Reference => JSON.parse(fs.readFileSync(path.join(FIXTURES, version, name, 'predictions.json'), 'utf8')) as Reference;

function maxDifference(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  return Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
}

/** The model's input tensors for records: a string column per string input, the measurements as one float input. */
function inputsFor(model: tf.LayersModel, records: readonly Example[]): tf.Tensor[] {
  return model.inputs.map((input) => {
    if (input.dtype !== 'string') return tf.tensor2d(records.map((r) => NUMERIC.map((f) => Number(r[f]))));
    const field = input.name.startsWith('Island') ? 'Island' : 'text';
    return tf.tensor2d(records.map((r) => [String(r[field])]), [records.length, 1], 'string');
  });
}

/** Probabilities for records. `apply`, not `predict`: tfjs's predict slices batches with numeric ops, which refuse strings. */
function probabilities(model: tf.LayersModel, records: readonly Example[]): number[][] {
  const inputs = inputsFor(model, records);
  const y = model.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
  const rows = y.arraySync() as number[][];
  tf.dispose([...inputs, y]);
  return rows;
}

function adapterFor(model: tf.LayersModel, name: string, text: boolean): ModelAdapter {
  const classes = text ? ['ham', 'spam'] : SPECIES;
  const inputSpec: Spec = text ? { text: { kind: 'TextSegment', required: true } } : { ...Object.fromEntries(NUMERIC.map((f) => [f, { kind: 'Scalar' }])), Island: { kind: 'CategoryLabel', vocab: ['Biscoe', 'Dream', 'Torgersen'] } };
  const outputSpec: Spec = { probas: { kind: 'MulticlassPreds', vocab: classes, parent: text ? 'label' : 'Species' } };
  const predict = async (rows: readonly Example[]): Promise<Prediction[]> => probabilities(model, rows).map((p) => ({ probas: p }));
  return predictFnAdapter(predict, { name, inputSpec, outputSpec });
}

function expectScores(result: SalienceResult, players: number): void {
  expect(result.scores.length).toBe(players);
  expect(Array.from(result.scores).every(Number.isFinite)).toBe(true);
  expect(Array.from(result.scores).some((s) => s !== 0)).toBe(true);
}

const argmax = (p: ArrayLike<number>): number => Array.from(p).indexOf(Math.max(...Array.from(p)));

describe.each(MODELS)('%s %s', (version, name) => {
  test('converts with its vocabulary put back, predicts as Keras within 1e-5; LIME, Kernel SHAP, occlusion and a counterfactual run', async () => {
    const out = path.join(OUT, version, name);
    const layer = { text: 'vectorize', bag: 'bag', tabular: 'island_lookup', nested: 'island_encoder/island_lookup' }[name];
    expect(await converted.get(`${version}/${name}`)).toMatch(`adapted vocabularies of ${layer} put back`);
    const ref = reference(version, name);
    const before = tf.memory().numTensors;
    const model = await loadKerasLayersModel(out);
    const difference = maxDifference(probabilities(model, ref.records), ref.probas);
    expect(difference).toBeLessThan(1e-5);
    const text = name === 'text' || name === 'bag';
    const adapter = adapterFor(model, `${version}-${name}`, text);
    if (text) {
      const example = ref.records[6]; // spam at ~0.5: a word or two decide it
      const words = String(example.text).split(/\s+/).length;
      expectScores(await lime(adapter, example, { samples: 128 }), words);
      expectScores(await kernelShap(adapter, example, { samples: 256 }), words);
      expectScores(await occlusion(adapter, example), words);
      const flips = await ablationFlip(adapter, example, { maxRemovals: 2 });
      expect(flips.examples.length).toBeGreaterThan(0);
      const [flipped] = await adapter.predict([flips.examples[0].example]);
      expect(argmax(flipped.probas as number[])).not.toBe(argmax(ref.probas[6]));
    } else {
      const example = ref.records[3]; // a Chinstrap on Dream
      const background = ref.records.filter((_, i) => i !== 3);
      expectScores(await lime(adapter, example, { samples: 128, background } as never), 5);
      expectScores(await kernelShap(adapter, example, { background } as never), 5);
      expectScores(await occlusion(adapter, example, { background } as never), 5);
      const counterfactual = await minimalTabularCounterfactual(adapter, example, ref.records, { count: 1 });
      expect(counterfactual.examples.length).toBe(1);
      const [changed] = await adapter.predict([counterfactual.examples[0].example]);
      expect(argmax(changed.probas as number[])).not.toBe(argmax(ref.probas[3]));
    }
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    process.stdout.write(`${version}/${name}: max |tfjs − Keras ${ref.keras}| = ${difference.toExponential(2)}\n`);
  }, 240_000);
});

describe('bad input', () => {
  test('a string layer without its vocabulary is refused naming the layer', async () => {
    await converted.get('keras3/nested');
    const dir = path.join(OUT, 'no-vocabulary');
    fs.cpSync(path.join(OUT, 'keras3', 'nested'), dir, { recursive: true });
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { modelTopology: { model_config: { config: { layers: Array<{ name: string; config: { layers: Array<{ config: Record<string, unknown> }> } }> } } } };
    const encoder = json.modelTopology.model_config.config.layers.find((l) => l.name === 'island_encoder');
    encoder!.config.layers[1].config.vocabulary = null;
    fs.writeFileSync(file, JSON.stringify(json));
    const before = tf.memory().numTensors;
    await expect(loadKerasLayersModel(dir)).rejects.toThrow(/StringLookup layer 'island_lookup': no vocabulary in its config/);
    expect(tf.memory().numTensors).toBe(before);
  }, 240_000);

  test('a tf_idf layer whose idf weights are gone is refused naming the layer, nothing left loaded', async () => {
    await converted.get('keras3/bag');
    const dir = path.join(OUT, 'no-idf');
    fs.cpSync(path.join(OUT, 'keras3', 'bag'), dir, { recursive: true });
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { modelTopology: { model_config: { config: { layers: Array<{ name: string; config: Record<string, unknown> }> } } } };
    const bag = json.modelTopology.model_config.config.layers.find((l) => l.name === 'bag');
    expect(Array.isArray(bag!.config.idf_weights)).toBe(true);
    delete bag!.config.idf_weights;
    fs.writeFileSync(file, JSON.stringify(json));
    const before = tf.memory().numTensors;
    await expect(loadKerasLayersModel(dir)).rejects.toThrow(/TextVectorization layer 'bag': output_mode 'tf_idf' without idf_weights/);
    expect(tf.memory().numTensors).toBe(before);
  }, 240_000);
});
