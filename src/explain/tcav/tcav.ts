/**
 * TCAV — testing with concept activation vectors (Kim et al. 2018), as LIT offers it: for a
 * concept given as examples, a linear classifier separates their activations at a layer from
 * those of random examples; its normal vector is the concept activation vector (CAV). The TCAV
 * score of a class is the share of the scored examples whose class output grows along the
 * CAV (positive directional derivative). Repeated against several random sets, the scores are
 * compared by a two-sided t-test with random-versus-random CAVs: a concept whose scores do not
 * differ from random ones is not significant, whatever its mean score.
 *
 * Notes: random sets are drawn (seeded) from `pool`, never containing a concept example; the
 * random CAVs of run i separate random set i from random set i + 1. Activations are flattened
 * per example. Gradients are taken inside the model's own call (layer-output.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { ModelAdapter } from '../../model/adapter';
import { mainOutput } from '../../model/adapters/tensor-outputs';
import { exampleKey } from '../../model/predict/example-key';
import { throwIfAborted, yieldToEventLoop } from '../../model/predict/batches';
import { isParameterized, type ParameterizedAdapter } from '../sensitivity/profile';
import { seededRandom } from '../salience/random';
import { fitLogistic } from './logistic';
import { activationGradients, layerActivations, layerNamed } from './layer-output';
import { studentTTest } from './t-test';

export interface TcavOptions {
  /** The layer whose activations are probed. */
  layer: string;
  /** Concepts by name, each a list of examples (from a slice or listed by the person). */
  concepts: Record<string, readonly Example[]>;
  /** Examples to score (e.g. the selection or a class's examples). */
  examples: readonly Example[];
  /** Where random sets come from (e.g. the dataset). */
  pool: readonly Example[];
  /** Class names (or indices) to score; default every class of the main output. */
  classes?: ReadonlyArray<string | number>;
  /** Concept-versus-random runs (default 10; at least 2 for the test). */
  runs?: number;
  /** Size of each random set (default: the concept's size). */
  randomSetSize?: number;
  /** Significance level of the t-test (default 0.05). */
  alpha?: number;
  /** The logistic classifier's C (default 1). */
  c?: number;
  seed?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface TcavClassResult {
  className: string;
  /** The TCAV score of each concept-versus-random run. */
  scores: number[];
  /** Mean of `scores`. */
  score: number;
  /** Scores of the random-versus-random CAVs (the null distribution). */
  randomScores: number[];
  p: number;
  significant: boolean;
}

export interface TcavConceptResult {
  concept: string;
  size: number;
  /** Mean training accuracy of the concept CAVs (how separable the concept is at this layer). */
  cavAccuracy: number;
  classes: TcavClassResult[];
}

export interface TcavResult {
  model: string;
  layer: string;
  runs: number;
  alpha: number;
  concepts: TcavConceptResult[];
}

function requireModel(model: ModelAdapter): ParameterizedAdapter {
  if (!isParameterized(model)) throw new TypeError(`TCAV needs a tfjs LayersModel behind the adapter (loadModel(dir) gives one); '${model.name}' has none`);
  return model;
}

/** Flattened activations of `examples` at the layer: rows × dim, and the dim. */
function activationsOf(m: ParameterizedAdapter, layer: tf.layers.Layer, examples: readonly Example[], batch: number): { values: Float64Array; dim: number } {
  const parts: Float32Array[] = [];
  let dim = 0;
  for (let start = 0; start < examples.length; start += batch) {
    const inputs = m.inputTensors(examples.slice(start, start + batch));
    try {
      const a = layerActivations(m.model, layer, inputs);
      dim = a.size / a.shape[0];
      parts.push(Float32Array.from(a.dataSync() as Float32Array));
      a.dispose();
    } finally {
      tf.dispose(inputs);
    }
  }
  const values = new Float64Array(examples.length * dim);
  let offset = 0;
  for (const p of parts) { values.set(p, offset); offset += p.length; }
  return { values, dim };
}

/** Per example, the gradient of class `column` at the layer, flattened: rows × dim. */
function gradientsOf(m: ParameterizedAdapter, layer: tf.layers.Layer, examples: readonly Example[], outputIndex: number, column: number, batch: number): Float64Array {
  const parts: Float32Array[] = [];
  for (let start = 0; start < examples.length; start += batch) {
    const inputs = m.inputTensors(examples.slice(start, start + batch));
    try {
      const g = activationGradients(m.model, layer, inputs, outputIndex, column);
      parts.push(Float32Array.from(g.dataSync() as Float32Array));
      g.dispose();
    } finally {
      tf.dispose(inputs);
    }
  }
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
}

/** A CAV: the unit normal of the logistic boundary, pointing towards the positive set. */
function cav(pos: Float64Array, neg: Float64Array, dim: number, c: number): { v: Float64Array; accuracy: number } {
  const np = pos.length / dim;
  const nn = neg.length / dim;
  const x = new Float64Array((np + nn) * dim);
  x.set(pos, 0);
  x.set(neg, pos.length);
  const y = new Uint8Array(np + nn);
  y.fill(1, 0, np);
  const fit = fitLogistic(x, np + nn, dim, y, { c });
  const norm = Math.sqrt(fit.weights.reduce((s, w) => s + w * w, 0));
  if (!(norm > 0)) throw new RangeError('the concept and random activations cannot be separated at all (a zero CAV); choose another layer or concept');
  return { v: fit.weights.map((w) => w / norm), accuracy: fit.accuracy };
}

/** Share of rows whose gradient has a positive dot product with `v`. */
function score(grads: Float64Array, dim: number, v: Float64Array): number {
  const n = grads.length / dim;
  let positive = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += grads[i * dim + k] * v[k];
    if (s > 0) positive++;
  }
  return positive / n;
}

export async function tcav(model: ModelAdapter, options: TcavOptions): Promise<TcavResult> {
  const m = requireModel(model);
  const layer = layerNamed(m.model, options.layer);
  const main = mainOutput(m.outputSpec());
  if (main.spec.kind !== 'MulticlassPreds') throw new TypeError(`TCAV scores classes: model '${m.name}'s main output '${main.field}' is a ${main.spec.kind}`);
  const vocab = main.spec.vocab;
  const classes = (options.classes ?? vocab).map((c) => {
    const k = typeof c === 'number' ? c : vocab.indexOf(c);
    if (!Number.isInteger(k) || k < 0 || k >= vocab.length) throw new RangeError(`class ${JSON.stringify(c)} is not one of ${JSON.stringify(vocab)}`);
    return k;
  });
  const runs = options.runs ?? 10;
  if (!Number.isInteger(runs) || runs < 2) throw new RangeError(`runs must be an integer >= 2 (the t-test needs two scores per side), got ${runs}`);
  const alpha = options.alpha ?? 0.05;
  const c = options.c ?? 1;
  const batch = options.batchSize ?? m.batchSize;
  if (options.examples.length === 0) throw new RangeError('TCAV needs examples to score');
  const names = Object.keys(options.concepts);
  if (names.length === 0) throw new RangeError('TCAV needs at least one concept');
  const fields = Object.keys(m.inputSpec()).sort();
  const conceptKeys = new Set<string>();
  for (const name of names) {
    const set = options.concepts[name];
    if (!Array.isArray(set) || set.length < 2) throw new RangeError(`concept '${name}' needs at least 2 examples, got ${Array.isArray(set) ? set.length : typeof set}`);
    for (const e of set) conceptKeys.add(exampleKey(e, fields));
  }
  const candidates = options.pool.map((_, i) => i).filter((i) => !conceptKeys.has(exampleKey(options.pool[i], fields)));

  const rng = seededRandom(options.seed ?? 0);
  const drawSet = (size: number): number[] => {
    const chosen = new Set<number>();
    while (chosen.size < size) chosen.add(candidates[rng.int(candidates.length)]);
    return [...chosen];
  };
  const results: TcavConceptResult[] = [];
  const total = names.length * classes.length;
  let done = 0;
  options.onProgress?.(0, total);

  const scored = activationsOf(m, layer, options.examples, batch);
  const dim = scored.dim;
  const grads = classes.map((k) => gradientsOf(m, layer, options.examples, main.index, k, batch));

  for (const name of names) {
    const concept = options.concepts[name];
    const size = options.randomSetSize ?? concept.length;
    if (candidates.length < 2 * size) {
      throw new RangeError(`concept '${name}': the pool has ${candidates.length} examples outside the concepts, fewer than two random sets of ${size}; give a larger pool or a smaller randomSetSize`);
    }
    const conceptActs = activationsOf(m, layer, concept, batch).values;
    // runs + 1 random sets: concept vs set i, and set i vs set i+1.
    const sets = Array.from({ length: runs + 1 }, () => drawSet(size));
    const setActs = sets.map((rows) => activationsOf(m, layer, rows.map((r) => options.pool[r]), batch).values);
    const conceptCavs = setActs.slice(0, runs).map((neg) => cav(conceptActs, neg, dim, c));
    const randomCavs = setActs.slice(0, runs).map((neg, i) => cav(setActs[i + 1], neg, dim, c).v);
    const perClass = classes.map((k, j): TcavClassResult => {
      const scores = conceptCavs.map((cv) => score(grads[j], dim, cv.v));
      const randomScores = randomCavs.map((v) => score(grads[j], dim, v));
      const test = studentTTest(scores, randomScores);
      done++;
      options.onProgress?.(done, total);
      return {
        className: vocab[k], scores, score: scores.reduce((a, b) => a + b, 0) / scores.length, randomScores,
        p: test.p, significant: test.p < alpha,
      };
    });
    results.push({ concept: name, size: concept.length, cavAccuracy: conceptCavs.reduce((s, x) => s + x.accuracy, 0) / runs, classes: perClass });
    throwIfAborted(options.signal);
    await yieldToEventLoop();
  }
  return { model: m.name, layer: layer.name, runs, alpha, concepts: results };
}
