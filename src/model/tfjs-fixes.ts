/**
 * Corrections to tfjs-layers (4.22) that models from Keras need, installed once when tslit's
 * model layer loads.
 *
 * Merge layers' mask (Add, Multiply, Average, Maximum, Minimum): tfjs expands each input mask
 * to [1, batch, steps] and never reduces it back, and leaves the last input's mask out, so a
 * masked residual connection (Embedding(maskZero) → RNN → Add([embedding, rnn]) → RNN, the
 * usual recurrent text model) fails in predict with "Operands could not be broadcast together
 * with shapes [batch, units] and [1, steps]". Keras merges the masks with a logical AND of
 * those that are given (`Merge.compute_mask`); this is that. Concatenate and Dot define their
 * own and are left alone.
 *
 * Max and Min gradients: tfjs gives the whole gradient to every element equal to the maximum
 * (`dy · (x == max)`), so ties count several times. Ties are common in text models: padding
 * positions hold identical vectors at every layer, so global max pooling over a padded
 * sequence multiplies the gradient through them by the number of pads, and integrated
 * gradients then miss completeness by a fixed amount however many steps they take.
 * TensorFlow shares the gradient equally among the tied elements (`_MaxGrad`: indicators /
 * num_selected); so does this.
 */
import * as tf from '@tensorflow/tfjs';

const FIXED = Symbol.for('tslit.mergeMaskFixed');

function mergeMask(this: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | null {
  if (mask == null) return null;
  if (!Array.isArray(mask) || !Array.isArray(inputs)) throw new Error(`layer '${this.name}': a merge layer takes a list of inputs and masks`);
  if (mask.length !== inputs.length) throw new Error(`layer '${this.name}': ${inputs.length} inputs but ${mask.length} masks`);
  const given = mask.filter((m): m is tf.Tensor => m != null);
  if (given.length === 0) return null;
  return tf.tidy(() => given.slice(1).reduce((acc, m) => tf.logicalAnd(acc, m), given[0].cast('bool')));
}

/** d max / d x shared among ties, as TensorFlow's `_MaxGrad` (min alike). */
function tiedShareGradient(kernelName: 'Max' | 'Min'): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const dyT = dy as tf.Tensor;
      const [x, y] = saved;
      // Max names its axes `reductionIndices`, Min names them `axis`.
      const { reductionIndices, axis } = attrs as { reductionIndices?: number | number[]; axis?: number | number[] };
      const axes = tf.util.parseAxisParam((reductionIndices ?? axis) as number | number[], x.shape); // none: every axis
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      return {
        x: () => {
          const hit = tf.cast(tf.equal(x, tf.reshape(y, kept)), dyT.dtype);
          const count = tf.sum(hit, axes, true);
          return tf.mul(tf.div(hit, count), tf.reshape(dyT, kept));
        },
      };
    },
  };
}

/** Installs the corrections (idempotent). */
export function installTfjsFixes(): void {
  const merge = Object.getPrototypeOf(Object.getPrototypeOf(tf.layers.add({}))) as tf.layers.Layer & { [FIXED]?: boolean };
  if (merge[FIXED]) return;
  tf.registerGradient(tiedShareGradient('Max'));
  tf.registerGradient(tiedShareGradient('Min'));
  merge.computeMask = mergeMask as tf.layers.Layer['computeMask'];
  merge[FIXED] = true;
}

installTfjsFixes();
