/**
 * A text model as a person with their own framework would expose it to tslit: an opaque
 * predict function, and a `TokenGradientSupply` answering in plain arrays. Here a native tfjs
 * adapter computes the answers, so a method run through the supplier can be compared with the
 * same method run natively.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelAdapter } from '../../../src/model/adapter';
import type { LayersTextAdapter } from '../../../src/model/adapters/layers-text-adapter';
import type { TokenGradientSupply } from '../../../src/model/adapters/token-gradients';

/** Embeddings, outputs and gradients as plain arrays, computed by the model itself. */
export function supplierFor(native: LayersTextAdapter, vocab: readonly string[]): TokenGradientSupply {
  return {
    embed(ex) {
      const enc = native.encode(ex);
      const out = {
        tokens: enc.labels, tokenIds: enc.tokenIds,
        embeddings: (enc.input.arraySync() as number[][][])[0], baseline: (enc.baseline.arraySync() as number[][][])[0],
      };
      tf.dispose([enc.input, enc.baseline]);
      return out;
    },
    gradients(batch, target, ex) {
      const enc = native.encode(ex);
      const fwd = enc.forward as (x: tf.Tensor) => tf.Tensor;
      const x = tf.tensor3d(batch);
      const y = tf.tidy(() => fwd(x));
      const probabilities = y.arraySync() as number[][];
      let gradients: number[][][] | undefined;
      if (target !== undefined) {
        const g = tf.tidy(() => tf.grad((e: tf.Tensor) => fwd(e).slice([0, target], [-1, 1]).sum())(x));
        gradients = g.arraySync() as number[][][];
        g.dispose();
      }
      tf.dispose([x, y, enc.input, enc.baseline]);
      return { probabilities, gradients };
    },
    vocabulary: { tokens: vocab, embeddings: native.embeddingTable().arraySync() },
  };
}

/** The native model seen only through predict (and its tokenizer), as a remote service would be. */
export function opaque(native: LayersTextAdapter, name = 'opaque-text'): ModelAdapter {
  const tokenizer = native.tokenizer?.();
  const inputSpec = native.inputSpec();
  const outputSpec = native.outputSpec();
  return { name, inputSpec: () => inputSpec, outputSpec: () => outputSpec, predict: (rows) => native.predict(rows), ...(tokenizer ? { tokenizer: () => tokenizer } : {}) };
}
