/**
 * The tabular adapter built from tslit.json: standardised numeric and one-hot categorical
 * features; gradients are taken with respect to the model-space feature vector.
 *
 * Notes: `encode` labels are model-space columns (`bill`, `island=Dream`); `featureGroups()`
 * maps them to raw features. The baseline is the encoded training medians and modes when
 * tslit.json stores them (`medianRow()`); in older files it is all zeros in model space (every
 * numeric feature at its training mean and no category switched on: not a row the model could
 * see, so integrated gradients refuse to take it by default, see explain/salience/tabular-baseline.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/spec';
import type { EncodedInput, FeatureGroup } from '../adapter';
import type { ModelMetadata, TabularFeature } from '../metadata';
import { checkTabularPreprocessing, columnLabels, featureGroups, tabularToTensor } from '../encode/tabular';
import { storedReferenceRow } from '../encode/tabular-reference';
import type { AdapterOptions } from './batched-adapter';
import { MetadataAdapter } from './metadata-adapter';

export class TabularModelAdapter extends MetadataAdapter {
  readonly featureNames: readonly string[];
  private readonly features: readonly TabularFeature[];
  private readonly groups: FeatureGroup[];
  private readonly reference: Example | undefined;

  constructor(model: tf.LayersModel, metadata: ModelMetadata, options?: AdapterOptions) {
    super(model, metadata, options);
    if (metadata.tabular === undefined) throw new Error(`tslit.json of '${metadata.name}' has no tabular section`);
    checkTabularPreprocessing(metadata.tabular.features);
    this.features = metadata.tabular.features;
    this.featureNames = columnLabels(this.features);
    this.groups = featureGroups(this.features);
    this.reference = storedReferenceRow(this.features);
    const inputWidth = model.inputs[0]?.shape[1];
    if (model.inputs.length !== 1 || (inputWidth !== null && inputWidth !== this.featureNames.length)) {
      throw new Error(`model '${this.name}' takes input [${model.inputs.map((i) => i.shape)}] but tslit.json's features encode to ${this.featureNames.length} columns`);
    }
  }

  featureGroups(): readonly FeatureGroup[] {
    return this.groups.map((g) => ({ feature: g.feature, columns: g.columns.slice() }));
  }

  medianRow(): Example | undefined {
    return this.reference && { ...this.reference };
  }

  protected toInputs(batch: readonly Example[], offset: number): tf.Tensor {
    return tabularToTensor(this.features, batch, offset);
  }

  encode(example: Example): EncodedInput {
    return tf.tidy(() => {
      const input = tabularToTensor(this.features, [example]);
      const baseline = this.reference ? tabularToTensor(this.features, [this.reference]) : tf.zerosLike(input);
      return { input, baseline, labels: this.featureNames.slice(), align: 'features' };
    }) as unknown as EncodedInput;
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.featureNames.length) {
      throw new Error(`forward of '${this.name}' needs [batch, ${this.featureNames.length}], got [${x.shape}]`);
    }
    return tf.tidy(() => this.run(x) as tf.Tensor);
  }
}
