/**
 * Keras's `Normalization` layer for tfjs-layers (which has none): `(x − mean) / sqrt(variance)`
 * over `axis`, with the adapted `mean`, `variance` and `count` as weights in Keras's order.
 * Registered as `Normalization` on import. `invert: true` maps back (`x · sqrt(var) + mean`).
 * Variance is floored at Keras's epsilon (1e-7) as Keras does (`ops.maximum(sqrt(var), eps)`).
 */
import * as tf from '@tensorflow/tfjs';

interface NormalizationArgs {
  axis?: number | number[] | null;
  invert?: boolean;
  mean?: number | number[] | null;
  variance?: number | number[] | null;
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  batchInputShape?: tf.Shape;
}

const EPSILON = 1e-7;

export class KerasNormalization extends tf.layers.Layer {
  static className = 'Normalization';
  private readonly axis: number[];
  private readonly invert: boolean;
  private readonly givenMean?: number | number[];
  private readonly givenVariance?: number | number[];
  private mean?: tf.LayerVariable;
  private variance?: tf.LayerVariable;

  constructor(args: NormalizationArgs = {}) {
    super(args as tf.serialization.ConfigDict);
    this.axis = args.axis == null ? [] : Array.isArray(args.axis) ? args.axis : [args.axis];
    this.invert = args.invert ?? false;
    this.givenMean = args.mean ?? undefined;
    this.givenVariance = args.variance ?? undefined;
  }

  /** The weights' shape: the input's size on each kept axis. */
  private statShape(inputShape: tf.Shape): number[] {
    const rank = inputShape.length;
    const axes = this.axis.map((a) => (a < 0 ? a + rank : a));
    return axes.map((a) => {
      const d = inputShape[a];
      if (d == null) throw new Error(`Normalization layer '${this.name}': axis ${a} of the input has no fixed size`);
      return d;
    });
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = this.statShape(inputShape as tf.Shape);
    if (this.givenMean === undefined) {
      this.mean = this.addWeight('mean', shape, 'float32', tf.initializers.zeros(), undefined, false);
      this.variance = this.addWeight('variance', shape, 'float32', tf.initializers.ones(), undefined, false);
      this.addWeight('count', [], 'int32', tf.initializers.zeros(), undefined, false);
    }
    this.built = true;
  }

  /** Mean and variance broadcast against an input of `rank`. */
  private stats(inputShape: number[]): [tf.Tensor, tf.Tensor] {
    const rank = inputShape.length;
    const axes = this.axis.map((a) => (a < 0 ? a + rank : a));
    const broadcast = inputShape.map((d, i) => (axes.includes(i) ? d : 1));
    const mean = this.mean ? this.mean.read() : tf.tensor(this.givenMean as number | number[]);
    const variance = this.variance ? this.variance.read() : tf.tensor(this.givenVariance as number | number[]);
    const shaped = (t: tf.Tensor) => (t.size === 1 ? tf.reshape(t, []) : tf.reshape(t, broadcast));
    return [shaped(mean), shaped(variance)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = tf.cast(Array.isArray(inputs) ? inputs[0] : inputs, 'float32');
      const [mean, variance] = this.stats(x.shape);
      const std = tf.maximum(tf.sqrt(variance), EPSILON);
      return this.invert ? tf.add(tf.mul(x, std), mean) : tf.div(tf.sub(x, mean), std);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, invert: this.invert, mean: this.givenMean ?? null, variance: this.givenVariance ?? null };
  }
}

tf.serialization.registerClass(KerasNormalization);
