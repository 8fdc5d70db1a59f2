/**
 * Writes a tiny tfjs GraphModel (y = x·W + b, W 2×1) by hand in the tensorflowjs converter's
 * layout, so GraphModel loading and adapters can be tested without Python.
 */
import * as fs from 'fs';
import * as path from 'path';

export const GRAPH_W = [0.5, -2];
export const GRAPH_B = [0.25];

export function writeLinearGraphModel(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const f = (name: string, dims: number[]) => ({
    name,
    op: 'Const',
    attr: {
      value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: dims.map((d) => ({ size: String(d) })) } } },
      dtype: { type: 'DT_FLOAT' },
    },
  });
  const modelTopology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } } },
      f('w', [2, 1]),
      f('b', [1]),
      { name: 'xw', op: 'MatMul', input: ['x', 'w'], attr: { transpose_a: { b: false }, transpose_b: { b: false }, T: { type: 'DT_FLOAT' } } },
      { name: 'y', op: 'BiasAdd', input: ['xw', 'b'], attr: { T: { type: 'DT_FLOAT' }, data_format: { s: 'TkhXQw==' } } },
    ],
    library: {},
    versions: { producer: 1000 },
  };
  const json = {
    format: 'graph-model',
    generatedBy: 'hand',
    convertedBy: 'test fixture',
    modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [
      { name: 'w', shape: [2, 1], dtype: 'float32' },
      { name: 'b', shape: [1], dtype: 'float32' },
    ] }],
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  const all = Buffer.from(new Float32Array([...GRAPH_W, ...GRAPH_B]).buffer);
  // Two shards split mid-tensor, as the converter does, to test shard concatenation.
  fs.writeFileSync(path.join(dir, 'group1-shard1of2.bin'), all.subarray(0, 6));
  fs.writeFileSync(path.join(dir, 'group1-shard2of2.bin'), all.subarray(6));
}
