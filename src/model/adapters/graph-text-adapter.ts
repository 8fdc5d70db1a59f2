/**
 * A text model given as a `tf.GraphModel` (a converted SavedModel, a graph exported from
 * Keras), with gradients at a named node — the embedding lookup, usually a GatherV2 or
 * ResourceGather — taken by feeding that node.
 *
 * Notes: tfjs's graph executor accepts intermediate nodes in the feed, and runs the rest of the
 * graph from them with tfjs ops, so `tf.grad` flows through. `encode` reads the node's value for
 * the example; its `forward` feeds the example's own inputs (so anything computed from the ids,
 * such as an attention mask, is the example's) and the node's value with the example's token
 * positions replaced by the input being differentiated. Occlusion, LIME and Kernel SHAP run the
 * graph from ids instead (`forwardTokens`), so a mask the graph computes from the ids sees a
 * hidden token gone rather than a pad embedding it still counts.
 * - A graph has no layer that says which weight is the embedding table, so HotFlip (which ranks
 *   every vocabulary entry against the gradient) gets one only when `embeddingTable` names it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { EncodedInput } from '../adapter';
import { placeAt } from '../encode/layer-output-hook';
import { exampleTokens, readInputData, type InputData } from '../encode/example-tokens';
import { pickedIds } from '../encode/picked-ids';
import { validateExamples } from '../predict/spec-check';
import { textFieldOf, tokenizerEncoder } from './layers-text-adapter';
import { TokenTextAdapter, type TokenTextOptions } from './token-text-adapter';

export interface GraphTextAdapterOptions extends TokenTextOptions {
  /** The node whose value gradients are taken at (the embedding lookup's output). */
  embeddingNode: string;
  /** The graph input holding the token ids (default: the only input). */
  idsInput?: string;
  /** Output node names, in the outputSpec's tensor order (default: the graph's outputs). */
  outputNodes?: string[];
  textField?: string;
  maxLength?: number;
  padding?: 'left' | 'right';
  /**
   * For HotFlip: the embedding table [vocabulary, dim] the `embeddingNode` gathers from, as a
   * tensor or the name of the graph's weight (its Const node, e.g. 'embedding/embeddings').
   */
  embeddingTable?: tf.Tensor2D | string;
}

/** The graph's weight named `name` (or the tensor given), checked to be a [vocabulary, dim] table. */
function resolveTable(graph: tf.GraphModel, model: string, table: tf.Tensor2D | string, vocabSize: number | undefined): tf.Tensor2D {
  let t: tf.Tensor;
  if (typeof table === 'string') {
    const found = graph.weights[table]?.[0];
    if (found === undefined) {
      const tables = Object.entries(graph.weights).filter(([, w]) => w[0]?.rank === 2).map(([n, w]) => `${n} [${w[0].shape}]`);
      throw new Error(`model '${model}': embeddingTable '${table}' is not a weight of the graph; its 2-D weights are ${tables.length > 0 ? tables.join(', ') : 'none'}`);
    }
    t = found;
  } else {
    t = table;
  }
  const label = typeof table === 'string' ? `'${table}'` : 'tensor';
  if (t.rank !== 2) throw new Error(`model '${model}': embeddingTable ${label} should be 2-D [vocabulary, dim], got shape [${t.shape}]`);
  if (vocabSize !== undefined && t.shape[0] < vocabSize) {
    throw new Error(`model '${model}': embeddingTable ${label} has ${t.shape[0]} rows but the tokenizer's vocabulary has ${vocabSize} entries; it is not this model's table`);
  }
  return t as tf.Tensor2D;
}

export class GraphTextAdapter extends TokenTextAdapter {
  private readonly idsIndex: number;
  private readonly outputNames: string[];
  private readonly embeddingNode: string;
  /** Present when `embeddingTable` was given (HotFlip needs it). */
  readonly embeddingTable?: () => tf.Tensor2D;

  constructor(private readonly graph: tf.GraphModel, text: GraphTextAdapterOptions) {
    const name = text.name ?? 'graph-model';
    const inputNames = graph.inputs.map((i) => i.name);
    const idsName = text.idsInput ?? (inputNames.length === 1 ? inputNames[0] : undefined);
    const idsIndex = idsName === undefined ? -1 : inputNames.indexOf(idsName);
    if (idsIndex < 0) throw new Error(`model '${name}': say which input holds the token ids (idsInput: one of ${inputNames.join(', ')})`);
    const field = textFieldOf(text, name);
    const fixed = graph.inputs[idsIndex].shape?.[1];
    const length = text.maxLength ?? (typeof fixed === 'number' && fixed > 0 ? fixed : undefined);
    let toTensor = text.toTensor;
    if (toTensor === undefined) {
      if (text.tokenizer === undefined) throw new Error(`model '${name}': give its tokenizer (or toTensor(examples) building the graph's inputs)`);
      if (length === undefined) throw new Error(`model '${name}': its ids input has no fixed length; give maxLength`);
      if (inputNames.length !== 1) throw new Error(`model '${name}' has ${inputNames.length} inputs; give toTensor(examples) returning them in the graph's order (${inputNames.join(', ')})`);
      toTensor = tokenizerEncoder(field, text.tokenizer, length, text.padding ?? 'right');
    }
    const outputNames = text.outputNodes ?? graph.outputs.map((o) => o.name);
    super(name, (x) => graph.execute(x, outputNames) as tf.Tensor | tf.Tensor[], { ...text, name, toTensor }, field);
    this.idsIndex = idsIndex;
    this.outputNames = outputNames;
    this.embeddingNode = text.embeddingNode;
    if (text.embeddingTable !== undefined) {
      const table = resolveTable(graph, name, text.embeddingTable, this.knownVocabulary()?.length);
      this.embeddingTable = () => table;
    }
  }

  encode(example: Example): EncodedInput {
    validateExamples(this.inputs, [example]);
    const data = readInputData(this.encodeBatch([example]), this.graph.inputs.length, this.name);
    const { positions, tokenIds, labels } = exampleTokens(example, this.textField, data[this.idsIndex].values, this.padId, this.knownVocabulary());
    const padded: InputData[] = data.map((d, i) => (i === this.idsIndex ? { ...d, values: (d.values as Int32Array).slice().fill(this.padId) } : d));
    const [input, baseline] = tf.tidy(() => [
      tf.keep(tf.gather(this.nodeValue(data), positions, 1)),
      // The node's value for a text of padding only, at the same positions: what "no token" looks like to this graph.
      tf.keep(tf.gather(this.nodeValue(padded), positions, 1)),
    ]);
    const table = this.embeddingTable?.();
    if (table !== undefined && table.shape[1] !== input.shape[input.rank - 1]) {
      tf.dispose([input, baseline]);
      throw new Error(`model '${this.name}': embeddingTable has rows of ${table.shape[1]} values but node '${this.embeddingNode}' gives ${input.shape[input.rank - 1]} per token; it is not the table this node gathers from`);
    }
    return {
      input, baseline, labels, align: 'tokens', tokenIds,
      forward: (x) => this.forwardFrom(data, positions, x),
      forwardTokens: (picks, rows) => this.forwardTokens(data, positions, tokenIds, picks, rows),
    };
  }

  /** Forward needs the example (its ids and other inputs): use encode(example).forward. */
  forward(x: tf.Tensor): tf.Tensor {
    throw new Error(`forward of '${this.name}' (a graph model) needs the example's inputs; use encode(example).forward (got [${x.shape}])`);
  }

  /** The graph's inputs: `batch` copies of the example's, or, given, `ids` [batch × width] as the ids input. */
  private feed(data: readonly InputData[], batch: number, ids?: Int32Array): tf.NamedTensorMap {
    const map: tf.NamedTensorMap = {};
    data.forEach((d, i) => {
      const name = this.graph.inputs[i].name;
      if (ids !== undefined && i === this.idsIndex) {
        map[name] = tf.tensor(ids, [batch, ...d.shape.slice(1)], d.dtype);
        return;
      }
      const t = tf.tensor(d.values, d.shape, d.dtype);
      map[name] = batch === 1 ? t : tf.tile(t, [batch, ...d.shape.slice(1).map(() => 1)]);
    });
    return map;
  }

  /** The embedding node's value [1, L, ...] for one example's inputs; names the node when it is absent. */
  private nodeValue(data: readonly InputData[]): tf.Tensor {
    try {
      return this.graph.execute(this.feed(data, 1), this.embeddingNode) as tf.Tensor;
    } catch (e) {
      throw new Error(`model '${this.name}': cannot read node '${this.embeddingNode}' (embeddingNode): ${(e as Error).message}`);
    }
  }

  private forwardFrom(data: readonly InputData[], positions: readonly number[], x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const original = this.nodeValue(data);
      return this.runGraph({ ...this.feed(data, x.shape[0]), [this.embeddingNode]: placeAt(original, x, positions) });
    });
  }

  /** `rows` copies of the example with the ids at `positions` as `picks` says (EncodedInput.forwardTokens), run whole: masks the graph computes from the ids see a hidden token gone. */
  private forwardTokens(data: readonly InputData[], positions: readonly number[], tokenIds: readonly number[], picks: Int32Array, rows: number): tf.Tensor {
    const ids = pickedIds(data[this.idsIndex].values, positions, tokenIds, this.padId, picks, rows, this.name);
    return tf.tidy(() => this.runGraph(this.feed(data, rows, ids)));
  }

  /** The main output [b, classes] (or [b, 1]) of the graph for a feed. */
  private runGraph(feed: tf.NamedTensorMap): tf.Tensor {
    const y = this.graph.execute(feed, this.outputNames) as tf.Tensor | tf.Tensor[];
    const out = Array.isArray(y) ? y[this.mainIndex] : y;
    return out.rank === 1 ? out.expandDims(1) : out;
  }
}
