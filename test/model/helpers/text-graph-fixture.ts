/**
 * Writes a small text GraphModel by hand in the tensorflowjs converter's layout: ids [-1, 6] →
 * GatherV2 from a table (node 'embedding') → a branch h = e + tanh(e) max-pooled beside the mean of
 * e → concatenated → MatMul → Softmax. A graph with a branch and a residual, and no layers.
 * `masked`: instead, a mean of e over the non-pad positions (a mask the graph computes from the
 * ids: NotEqual → Cast → Mul, Sum / Sum) beside its tanh — what a masked pooling export looks like.
 */
import * as fs from 'fs';
import * as path from 'path';

export const GRAPH_VOCAB = ['<pad>', '<unk>', 'good', 'bad', 'film', 'plot', 'great', 'awful'];
export const GRAPH_LENGTH = 6;
const DIM = 3;

/** Deterministic weights: table [8, 3] and dense [6, 2]. */
export function graphWeights(): { table: number[]; dense: number[] } {
  const table = Array.from({ length: GRAPH_VOCAB.length * DIM }, (_, i) => Math.sin(1.7 * i + 0.3) * (i < DIM ? 0.05 : 1));
  const dense = Array.from({ length: 2 * DIM * 2 }, (_, i) => Math.cos(2.3 * i + 1.1) * 1.5);
  return { table, dense };
}

export function writeTextGraphModel(dir: string, options: { masked?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const shape = (dims: number[]) => ({ dim: dims.map((d) => ({ size: String(d) })) });
  const constF = (name: string, dims: number[]) => ({ name, op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape(dims) } }, dtype: { type: 'DT_FLOAT' } } });
  const constI = (name: string, dims: number[]) => ({ name, op: 'Const', attr: { value: { tensor: { dtype: 'DT_INT32', tensorShape: shape(dims) } }, dtype: { type: 'DT_INT32' } } });
  const T = { T: { type: 'DT_FLOAT' } };
  const body = [
    { name: 'squashed', op: 'Tanh', input: ['embedding'], attr: T },
    { name: 'residual', op: 'AddV2', input: ['embedding', 'squashed'], attr: T },
    { name: 'max_pool', op: 'Max', input: ['residual', 'pool_axis'], attr: { ...T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'mean_pool', op: 'Mean', input: ['embedding', 'pool_axis'], attr: { ...T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'pooled', op: 'ConcatV2', input: ['max_pool', 'mean_pool', 'concat_axis'], attr: { ...T, N: { i: '2' }, Tidx: { type: 'DT_INT32' } } },
  ];
  const modelTopology = {
    node: [
      { name: 'ids', op: 'Placeholder', attr: { dtype: { type: 'DT_INT32' }, shape: { shape: shape([-1, GRAPH_LENGTH]) } } },
      constF('table', [GRAPH_VOCAB.length, DIM]),
      constF('dense', [2 * DIM, 2]),
      constI('gather_axis', []),
      constI('pool_axis', [1]),
      constI('concat_axis', []),
      ...(options.masked === true ? [constI('pad_id', []), constI('last_axis', []), constF('one', [])] : []),
      { name: 'embedding', op: 'GatherV2', input: ['table', 'ids', 'gather_axis'], attr: { Tparams: { type: 'DT_FLOAT' }, Tindices: { type: 'DT_INT32' }, Taxis: { type: 'DT_INT32' }, batch_dims: { i: '0' } } },
      ...(options.masked === true ? maskedPooling(T) : body),
      { name: 'logits', op: 'MatMul', input: ['pooled', 'dense'], attr: { ...T, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: 'probas', op: 'Softmax', input: ['logits'], attr: T },
    ],
    library: {},
    versions: { producer: 1000 },
  };
  const weights = [
    { name: 'table', shape: [GRAPH_VOCAB.length, DIM], dtype: 'float32' },
    { name: 'dense', shape: [2 * DIM, 2], dtype: 'float32' },
    { name: 'gather_axis', shape: [], dtype: 'int32' },
    { name: 'pool_axis', shape: [1], dtype: 'int32' },
    { name: 'concat_axis', shape: [], dtype: 'int32' },
  ];
  const maskWeights = [
    { name: 'pad_id', shape: [], dtype: 'int32' },
    { name: 'last_axis', shape: [], dtype: 'int32' },
    { name: 'one', shape: [], dtype: 'float32' },
  ];
  if (options.masked === true) weights.push(...maskWeights);
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'graph-model', generatedBy: 'hand', convertedBy: 'test fixture', modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights }] }));
  const { table, dense } = graphWeights();
  const parts = [Buffer.from(new Float32Array([...table, ...dense]).buffer), Buffer.from(new Int32Array([0, 1, 1]).buffer)];
  if (options.masked === true) parts.push(Buffer.from(new Int32Array([0, -1]).buffer), Buffer.from(new Float32Array([1]).buffer));
  const buf = Buffer.concat(parts);
  fs.writeFileSync(path.join(dir, 'weights.bin'), buf);
}

/** Mean of the embedding over the positions whose id is not the pad id (zeros for none), concatenated with its tanh. */
function maskedPooling(T: object): object[] {
  return [
    { name: 'not_pad', op: 'NotEqual', input: ['ids', 'pad_id'], attr: { T: { type: 'DT_INT32' } } },
    { name: 'mask', op: 'Cast', input: ['not_pad'], attr: { SrcT: { type: 'DT_BOOL' }, DstT: { type: 'DT_FLOAT' } } },
    { name: 'mask3', op: 'ExpandDims', input: ['mask', 'last_axis'], attr: { ...T, Tdim: { type: 'DT_INT32' } } },
    { name: 'masked', op: 'Mul', input: ['embedding', 'mask3'], attr: T },
    { name: 'total', op: 'Sum', input: ['masked', 'pool_axis'], attr: { ...T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'count', op: 'Sum', input: ['mask3', 'pool_axis'], attr: { ...T, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    // At least 1, so a text of padding only pools to zeros (not 0/0).
    { name: 'at_least_one', op: 'Maximum', input: ['count', 'one'], attr: T },
    { name: 'mean_pool', op: 'RealDiv', input: ['total', 'at_least_one'], attr: T },
    { name: 'squashed', op: 'Tanh', input: ['mean_pool'], attr: T },
    { name: 'pooled', op: 'ConcatV2', input: ['mean_pool', 'squashed', 'concat_axis'], attr: { ...T, N: { i: '2' }, Tidx: { type: 'DT_INT32' } } },
  ];
}
