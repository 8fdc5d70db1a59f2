import { carsSplit, evaluateCars, trainCars } from '../../scripts/train/cars';
import { expectModelFiles, expectRecordedFigures, expectReproduced, loadAndEvaluate } from './held-out';

describe('models/cars', () => {
  it('has small model files and metadata naming its script', () => {
    expectModelFiles('cars', 20_000);
  });

  it('re-evaluates to the recorded held-out RMSE and MAE, RMSE at most 4.5 mpg', async () => {
    const { heldOut } = carsSplit();
    const e = await loadAndEvaluate('cars', heldOut, evaluateCars);
    expectRecordedFigures(e);
    expect(e.measured.examples).toBe(heldOut.length);
    expect(e.measured.rmse).toBeLessThanOrEqual(4.5);
    expect(e.measured.mae).toBeLessThanOrEqual(e.measured.rmse);
    expect(e.metadata.task).toBe('regression');
    expect(e.model.outputs[0].shape).toEqual([null, 1]);
    e.model.dispose();
  });

  it('is reproduced bit for bit by its training script (same seed, cpu backend)', async () => {
    await expectReproduced('cars', () => trainCars());
  });
});
