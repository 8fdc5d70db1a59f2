import { evaluatePenguins, penguinsSplit, trainPenguins } from '../../scripts/train/penguins';
import { expectModelFiles, expectRecordedFigures, expectReproduced, loadAndEvaluate } from './held-out';

describe('models/penguins', () => {
  it('has small model files and metadata naming its script', () => {
    expectModelFiles('penguins', 10_000);
  });

  it('re-evaluates to the recorded held-out figures, at least 0.9 accuracy', async () => {
    const { heldOut, train } = penguinsSplit();
    const e = await loadAndEvaluate('penguins', heldOut, evaluatePenguins);
    expectRecordedFigures(e);
    expect(e.measured.examples).toBe(heldOut.length);
    expect(e.measured.accuracy).toBeGreaterThanOrEqual(0.9);
    // Sex and island stay in the data for slicing; the model reads island but not sex.
    expect(new Set(train.map((r) => r.Sex))).toEqual(new Set(['MALE', 'FEMALE', null]));
    expect(Object.keys(e.metadata.inputSpec)).toContain('Island');
    expect(Object.keys(e.metadata.inputSpec)).not.toContain('Sex');
    expect(e.model.outputs[0].shape).toEqual([null, e.metadata.classes?.length]);
    e.model.dispose();
  });

  it('is reproduced bit for bit by its training script (same seed, cpu backend)', async () => {
    await expectReproduced('penguins', () => trainPenguins());
  });
});
