/**
 * Integrated gradients on a tabular functional model with a residual connection and a side
 * branch (tfjs, built in test/salience/tabular-models.ts) against TensorFlow in Python on the
 * same weights: scripts/reference/tabular_ig_reference.py writes
 * test/fixtures/tabular-ig-reference.json (float64, 4096-point midpoint rule, tf.GradientTape).
 * Baselines are real rows: the medians/modes row stored in the metadata, a chosen row, and a
 * background sample (expected gradients); scores are per raw feature, with the one-hot columns.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Example } from '../../src/core/spec';
import { integratedGradients, type IntegratedGradientsOptions } from '../../src/explain/salience';
import type { TabularFeature } from '../../src/model/metadata';
import { expectNoLeak, sum } from './helpers';
import { FEATURES, residualModel, type ResidualWeights } from './tabular-models';

interface Case {
  example: Example;
  target: number;
  kind: 'median' | 'row' | 'background';
  rows: Example[];
  columns: number[];
  raw: number[];
  output: number;
  baselineOutput: number;
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'tabular-ig-reference.json'), 'utf8')) as {
  medians: Example; weights: ResidualWeights; cases: Case[];
};

const features: TabularFeature[] = [
  { ...FEATURES[0], median: fixture.medians.age } as TabularFeature,
  { ...FEATURES[1], mode: fixture.medians.colour } as TabularFeature,
  { ...FEATURES[2], median: fixture.medians.income } as TabularFeature,
];

function optionsFor(c: Case): IntegratedGradientsOptions {
  const target = { classIndex: c.target };
  if (c.kind === 'median') return { target };
  if (c.kind === 'row') return { target, baseline: { row: c.rows[0] } };
  return { target, baseline: { background: c.rows } };
}

describe('IG on a residual + branch tabular model equals TensorFlow (Python) with real-row baselines', () => {
  const model = residualModel(fixture.weights, features);
  afterAll(() => model.model.dispose());

  it('has cases of every baseline kind', () => {
    expect(new Set(fixture.cases.map((c) => c.kind))).toEqual(new Set(['median', 'row', 'background']));
  });

  // Fine fixed path (512 midpoint steps): the method's own numbers, within 5e-4 of TensorFlow's.
  // Default settings (adaptive Gauss–Legendre, 1% completeness): within 1% of |F(x) − F(baseline)| per feature.
  it.each(fixture.cases.map((c, i) => [i, c.kind, c.target, c] as const))('case %i (%s, class %i): raw features, columns, F(x), F(baseline), completeness', (_i, _kind, _t, c) => {
    const fine = expectNoLeak(() => integratedGradients(model, c.example, { ...optionsFor(c), steps: 512, rule: 'midpoint', tolerance: 'off' }));
    expect(fine.labels).toEqual(['age', 'colour', 'income']);
    expect(fine.columns?.labels).toEqual(['age', 'colour=red', 'colour=green', 'colour=blue', 'income']);
    expect(fine.baseline?.kind).toBe(c.kind);
    if (c.kind === 'background') expect(fine.baseline?.rows).toEqual(c.rows);
    else expect(fine.baseline?.values).toEqual(c.rows[0]);
    c.raw.forEach((want, j) => expect({ j, diff: Math.abs(fine.scores[j] - want) <= 5e-4 }).toEqual({ j, diff: true }));
    c.columns.forEach((want, j) => expect({ j, diff: Math.abs((fine.columns?.scores[j] ?? NaN) - want) <= 5e-4 }).toEqual({ j, diff: true }));
    expect(fine.output).toBeCloseTo(c.output, 5);
    expect(fine.baselineOutput).toBeCloseTo(c.baselineOutput, 5);

    const r = expectNoLeak(() => integratedGradients(model, c.example, optionsFor(c)));
    const change = c.output - c.baselineOutput;
    expect(Math.abs(change)).toBeGreaterThan(1e-3);
    c.raw.forEach((want, j) => expect({ j, diff: Math.abs(r.scores[j] - want) <= 0.01 * Math.abs(change) }).toEqual({ j, diff: true }));
    expect(Math.abs(sum(r.scores) - change)).toBeLessThanOrEqual(0.01 * Math.abs(change));
  });
});
