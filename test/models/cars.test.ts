import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { carsSplit, evaluateCars, trainCars } from '../../scripts/train/cars';
import { modelDir, saveExampleModel } from '../../scripts/train/common';
import { expectModelFiles, expectRecordedFigures, loadAndEvaluate } from './held-out';

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

  it('is reproduced bit for bit by its training script', async () => {
    const baseline = tf.memory().numTensors;
    const { model, metadata } = await trainCars();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-'));
    await saveExampleModel(model, metadata, dir);
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    const committed = modelDir('cars');
    expect(fs.readFileSync(path.join(dir, 'weights.bin')).equals(fs.readFileSync(path.join(committed, 'weights.bin')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'tslit.json'), 'utf8')).toBe(fs.readFileSync(path.join(committed, 'tslit.json'), 'utf8'));
    fs.rmSync(dir, { recursive: true });
  });
});
