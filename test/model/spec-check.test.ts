import './helpers/env-backend';
import * as path from 'path';
import { readJSON } from '../../src/model/dataset';
import { checkModelAgainstDataset, checkOutputShape, checkSpec, validateExamples } from '../../src/model/predict/spec-check';
import { readMetadata } from '../../src/model/load-model';
import type { Spec } from '../../src/core/spec';

const vega = (f: string) => path.resolve(__dirname, '../../node_modules/vega-datasets/data', f);

describe('checkSpec against real datasets', () => {
  const penguins = readJSON(vega('penguins.json')).spec();
  const modelSpec: Spec = {
    'Beak Length (mm)': { kind: 'Scalar' },
    Island: { kind: 'CategoryLabel', vocab: ['Biscoe', 'Dream', 'Torgersen'] },
  };

  it('accepts a dataset that provides every field', () => {
    expect(() => checkSpec(modelSpec, penguins)).not.toThrow();
  });

  it('names the missing field, the wrong type, and unknown category values', () => {
    const cars = readJSON(vega('cars.json')).spec();
    expect(() => checkSpec(modelSpec, cars)).toThrow("field 'Beak Length (mm)': the model needs a Scalar but the dataset has no such field");
    expect(() => checkSpec({ Island: { kind: 'Scalar' } }, penguins)).toThrow("field 'Island': the model needs a Scalar but the dataset has a CategoryLabel");
    expect(() => checkSpec({ Island: { kind: 'CategoryLabel', vocab: ['Biscoe', 'Dream'] } }, penguins)).toThrow(`field 'Island': the dataset has values the model does not know: "Torgersen"`);
    expect(() => checkSpec({ Sex: { kind: 'TextSegment', required: false } }, cars)).not.toThrow();
  });

  it('checks output parents: the penguins example model against penguins and cars data', async () => {
    const meta = await readMetadata(path.resolve(__dirname, '../../models/penguins'));
    const model = { inputSpec: () => meta.inputSpec, outputSpec: () => meta.outputSpec };
    expect(() => checkModelAgainstDataset(model, penguins)).not.toThrow();
    const noLabel = { ...penguins };
    delete noLabel.Species;
    expect(() => checkModelAgainstDataset(model, noLabel)).toThrow("output 'probas': its parent field 'Species' is not in the dataset");
    expect(() => checkModelAgainstDataset(model, { ...penguins, Species: { kind: 'CategoryLabel', vocab: ['Adelie', 'Emperor'] } }))
      .toThrow(`field 'Species': labels outside the model's classes: "Emperor"`);
  });
});

describe('row and output checks', () => {
  it('validateExamples names row and field for ragged rows, NaN, strings for numbers and labels outside the vocab', () => {
    const spec: Spec = { x: { kind: 'Scalar' }, c: { kind: 'CategoryLabel', vocab: ['a', 'b'] } };
    expect(() => validateExamples(spec, [{ x: 1, c: 'a' }, { x: 2 }], 10)).toThrow("row 11, field 'c': is missing");
    expect(() => validateExamples(spec, [{ x: Infinity, c: 'a' }])).toThrow("row 0, field 'x': should be a finite number, got Infinity");
    expect(() => validateExamples(spec, [{ x: '3', c: 'a' }])).toThrow(`row 0, field 'x': should be a number, got string "3"`);
    expect(() => validateExamples(spec, [{ x: 3, c: 'z' }])).toThrow(`row 0, field 'c': has value "z", not one of ["a","b"]`);
  });

  it('checkOutputShape names the field and both shapes', () => {
    expect(() => checkOutputShape('score', { kind: 'RegressionScore' }, [4, 1], 4)).not.toThrow();
    expect(() => checkOutputShape('score', { kind: 'RegressionScore' }, [4], 4)).not.toThrow();
    expect(() => checkOutputShape('score', { kind: 'RegressionScore' }, [4, 2], 4)).toThrow("output 'score': the spec (RegressionScore) needs shape [4,1] but the model returned [4,2]");
    expect(() => checkOutputShape('emb', { kind: 'Embeddings' }, [2, 7], 2)).not.toThrow();
  });
});
