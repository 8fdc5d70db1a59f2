/** Bad input gives errors that say what is needed, and leaks no tensors. */
import * as tf from '@tensorflow/tfjs';
import type { Example, Prediction, Spec } from '../../src/core/spec';
import type { DifferentiableModel, EncodedInput, ModelAdapter } from '../../src/model/adapter';
import { gradientNorm, integratedGradients, kernelShap, lime, occlusion, smoothGrad } from '../../src/explain/salience';
import { ImageFixture, smallMlp, tabularExample, testImage, textModel } from './fixtures/models';
import { expectNoLeak } from './helpers';

const text = textModel(7);
const mlp = smallMlp(5, 3, 11);
const ex = tabularExample([0.1, 0.2, 0.3, 0.4, 0.5]);

function expectError(fn: () => unknown, pattern: RegExp): void {
  expectNoLeak(() => expect(fn).toThrow(pattern));
}

describe('salience input errors', () => {
  it('empty text', () => {
    expectError(() => integratedGradients(text, { text: '' }), /field 'text' must be a non-empty text/);
    expectError(() => lime(text, { text: '   ' }), /non-empty text/);
  });

  it('inputs longer than the model accepts', () => {
    const long = Array.from({ length: 13 }, () => 'free').join(' ');
    expectError(() => gradientNorm(text, { text: long }), /13 tokens; the model accepts at most 12/);
  });

  it('baseline of the wrong shape names the expected shape', () => {
    expectError(() => integratedGradients(mlp, ex, { baseline: [1, 2, 3] }), /baseline has 3 numbers; expected \[1, 5\]/);
    const t = tf.zeros([2, 5]);
    expectError(() => integratedGradients(mlp, ex, { baseline: t }), /baseline has shape \[2, 5\]; expected \[1, 5\]/);
    t.dispose();
    expectError(() => integratedGradients(text, { text: 'free money' }, { baseline: [0] }), /expected \[1, 2, 8\]/);
  });

  it('wrong target choices', () => {
    expectError(() => gradientNorm(mlp, ex, { target: { className: 'dog' } }), /className 'dog' is not a class of this model; classes: class0, class1, class2/);
    expectError(() => gradientNorm(mlp, ex, { target: { classIndex: 3 } }), /classIndex must be an integer in \[0, 2\]/);
    expectError(() => gradientNorm(mlp, ex, { target: 'regression' }), /needs a regression model/);
  });

  it('a token method on a text model without an embedding table works (only HotFlip needs the table)', () => {
    const noEmbedding: DifferentiableModel = {
      name: 'no-embedding', task: 'multiclass', classes: text.classes, textField: 'text',
      inputSpec: (): Spec => text.inputSpec(),
      outputSpec: (): Spec => text.outputSpec(),
      predict: (e: readonly Example[]): Promise<Prediction[]> => text.predict(e),
      encode: (e: Example): EncodedInput => text.encode(e),
      forward: (x: tf.Tensor): tf.Tensor => text.forward(x),
    };
    const withTable = expectNoLeak(() => occlusion(text, { text: 'free money' }));
    const without = expectNoLeak(() => occlusion(noEmbedding, { text: 'free money' }));
    expect(Array.from(without.scores)).toEqual(Array.from(withTable.scores));
  });

  it('gradient methods on a predict-only model', () => {
    const blackBox: ModelAdapter = { name: 'bb', inputSpec: () => ({}), outputSpec: () => ({}), predict: async () => [] };
    expectError(() => smoothGrad(blackBox, ex), /needs a DifferentiableModel \(encode \+ forward\).*'bb' only has predict/);
  });

  it('methods on the wrong kind of input', () => {
    const image = new ImageFixture(8, 3);
    expectError(() => lime(image, { image: testImage(8) }), /LIME works on tokens or tabular features/);
    expectError(() => kernelShap(image, { image: testImage(8) }, { background: [[0]] }), /Kernel SHAP here is for tabular and text models; this model aligns to pixels/);
    expectError(() => kernelShap(mlp, ex, { background: [[1, 2]] }), /background row 0 has 2 values; expected 5 features/);
    expectError(() => lime(mlp, ex, { sampling: 'background' }), /needs options.background/);
    expectError(() => occlusion(image, { image: testImage(8) }, { patchSize: 9 }), /patchSize must be an integer in \[1, 8\]/);
    expectError(() => integratedGradients(mlp, ex, { steps: 0 }), /steps must be a positive integer/);
  });

  it('no method leaks tensors on success', () => {
    const image = new ImageFixture(8, 3);
    expectNoLeak(() => occlusion(image, { image: testImage(8) }, { patchSize: 3, stride: 2 }));
    expectNoLeak(() => smoothGrad(image, { image: testImage(8) }, { samples: 4 }));
    expectNoLeak(() => lime(mlp, ex, { samples: 50 }));
    expectNoLeak(() => occlusion(mlp, ex, { replaceWith: 'mean', background: [[0, 0, 0, 0, 0], [1, 1, 1, 1, 1]] }));
  });
});
