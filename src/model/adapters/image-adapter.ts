/**
 * The image adapter built from tslit.json: flat row-major pixels in [0, 1] to [b, h, w, c];
 * gradients are taken with respect to the pixels. The baseline is a black image (zeros).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { EncodedInput } from '../adapter';
import type { ImagePreprocessing, ModelMetadata } from '../metadata';
import { pixelLabels, pixelsToTensor } from '../encode/image';
import { valueProblem } from '../predict/spec-check';
import type { AdapterOptions } from './batched-adapter';
import { MetadataAdapter } from './metadata-adapter';

export class ImageModelAdapter extends MetadataAdapter {
  private readonly pre: ImagePreprocessing;
  private readonly labels: string[];

  constructor(model: tf.LayersModel, metadata: ModelMetadata, options?: AdapterOptions) {
    super(model, metadata, options);
    if (metadata.image === undefined) throw new Error(`tslit.json of '${metadata.name}' has no image section`);
    this.pre = metadata.image;
    const want = model.inputs[0]?.shape.slice(1).join('x');
    if (model.inputs.length !== 1 || want !== this.pre.shape.join('x')) {
      throw new Error(`model '${this.name}' takes input [${model.inputs.map((i) => i.shape)}] but tslit.json says images are [${this.pre.shape}]`);
    }
    this.labels = pixelLabels(this.pre.shape);
  }

  protected toInputs(batch: readonly Example[]): tf.Tensor {
    return pixelsToTensor(batch, this.pre.field, this.pre.shape);
  }

  encode(example: Example): EncodedInput {
    const problem = valueProblem({ kind: 'Image', shape: this.pre.shape }, example[this.pre.field]);
    if (problem !== undefined) throw new Error(`field '${this.pre.field}': ${problem}`);
    return tf.tidy(() => {
      const input = pixelsToTensor([example], this.pre.field, this.pre.shape);
      return { input, baseline: tf.zerosLike(input), labels: this.labels.slice(), align: 'pixels' };
    }) as unknown as EncodedInput;
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 4 || x.shape.slice(1).join('x') !== this.pre.shape.join('x')) {
      throw new Error(`forward of '${this.name}' needs [batch, ${this.pre.shape}], got [${x.shape}]`);
    }
    return tf.tidy(() => this.run(x) as tf.Tensor);
  }
}
