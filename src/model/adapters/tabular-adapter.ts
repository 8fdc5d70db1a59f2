/**
 * The tabular adapter built from tslit.json: standardised numeric and one-hot categorical
 * features; gradients are taken with respect to the model-space feature vector.
 *
 * Notes: `encode` labels are model-space columns (`bill`, `island=Dream`); `featureGroups()`
 * maps them to raw features. The baseline is all zeros in model space: every numeric feature
 * at its training mean and no category switched on.
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { EncodedInput, FeatureGroup } from '../adapter';
import type { ModelMetadata, TabularFeature } from '../metadata';
import { checkTabularPreprocessing, columnLabels, featureGroups, tabularToTensor } from '../encode/tabular';
import type { AdapterOptions } from './batched-adapter';
import { MetadataAdapter } from './metadata-adapter';

export class TabularModelAdapter extends MetadataAdapter {
  readonly featureNames: readonly string[];
  private readonly features: readonly TabularFeature[];
  private readonly groups: FeatureGroup[];

  constructor(model: tf.LayersModel, metadata: ModelMetadata, options?: AdapterOptions) {
    super(model, metadata, options);
    if (metadata.tabular === undefined) throw new Error(`tslit.json of '${metadata.name}' has no tabular section`);
    checkTabularPreprocessing(metadata.tabular.features);
    this.features = metadata.tabular.features;
    this.featureNames = columnLabels(this.features);
    this.groups = featureGroups(this.features);
    const inputWidth = model.inputs[0]?.shape[1];
    if (model.inputs.length !== 1 || (inputWidth !== null && inputWidth !== this.featureNames.length)) {
      throw new Error(`model '${this.name}' takes input [${model.inputs.map((i) => i.shape)}] but tslit.json's features encode to ${this.featureNames.length} columns`);
    }
  }

  featureGroups(): readonly FeatureGroup[] {
    return this.groups.map((g) => ({ feature: g.feature, columns: g.columns.slice() }));
  }

  protected toInputs(batch: readonly Example[], offset: number): tf.Tensor {
    return tabularToTensor(this.features, batch, offset);
  }

  encode(example: Example): EncodedInput {
    return tf.tidy(() => {
      const input = tabularToTensor(this.features, [example]);
      return { input, baseline: tf.zerosLike(input), labels: this.featureNames.slice(), align: 'features' };
    }) as unknown as EncodedInput;
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.featureNames.length) {
      throw new Error(`forward of '${this.name}' needs [batch, ${this.featureNames.length}], got [${x.shape}]`);
    }
    return tf.tidy(() => this.run(x) as tf.Tensor);
  }
}
