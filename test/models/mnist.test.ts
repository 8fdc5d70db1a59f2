import { evaluateMnist, mnistSplit } from '../../scripts/train/mnist';
import { expectModelFiles, expectRecordedFigures, loadAndEvaluate } from './held-out';

describe('models/mnist', () => {
  it('has small model files and metadata naming its script', () => {
    expectModelFiles('mnist', 200_000);
  });

  it('re-evaluates to the recorded held-out figures, at least 0.9 accuracy', async () => {
    const { heldOut } = mnistSplit();
    const e = await loadAndEvaluate('mnist', heldOut, evaluateMnist);
    expectRecordedFigures(e);
    expect(e.measured.examples).toBe(heldOut.length);
    expect(e.measured.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(e.model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(e.metadata.image).toEqual({ field: 'image', shape: [28, 28, 1] });
    e.model.dispose();
  });
});
