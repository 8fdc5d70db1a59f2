import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { evaluatePenguins, penguinsSplit, trainPenguins } from '../../scripts/train/penguins';
import { modelDir, saveExampleModel } from '../../scripts/train/common';
import { expectModelFiles, expectRecordedFigures, loadAndEvaluate } from './held-out';

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
    const baseline = tf.memory().numTensors;
    const { model, metadata } = await trainPenguins();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'penguins-'));
    await saveExampleModel(model, metadata, dir);
    model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    const committed = modelDir('penguins');
    expect(fs.readFileSync(path.join(dir, 'weights.bin')).equals(fs.readFileSync(path.join(committed, 'weights.bin')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'tslit.json'), 'utf8')).toBe(fs.readFileSync(path.join(committed, 'tslit.json'), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(committed, 'model.json'), 'utf8')));
    fs.rmSync(dir, { recursive: true });
  });
});
