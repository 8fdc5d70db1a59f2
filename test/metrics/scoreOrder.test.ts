/**
 * The prepared path (score column sorted once, slices walked in order) gives exactly what the
 * per-slice sort gives, on data with many ties.
 */
import {
  aucsFromOrder, averagePrecisionFromCounts, binaryCurveCounts, curveCountsFromOrder, rocAuc, rocAucFromCounts, scoreOrder,
} from '../../src/core/metrics';
import { mulberry32 } from '../../src/explain/counterfactuals/prng';

describe('score order', () => {
  const rand = mulberry32(3);
  const n = 2000;
  const labels = Int32Array.from({ length: n }, () => (rand() < 0.35 ? 1 : 0));
  const scores = Float64Array.from(labels, (y) => Math.round((0.3 * y + 0.7 * rand()) * 40) / 40);
  const column = { values: scores, stride: 1, offset: 0 };
  const order = scoreOrder(column, labels, 1);
  const slices = [
    Uint32Array.from({ length: n }, (_, i) => i),
    Uint32Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.3),
    Uint32Array.from([5, 17, 900]),
    new Uint32Array(0),
  ];

  test.each(slices.map((s) => [s.length, s] as const))('a slice of %i rows: same counts and AUCs as sorting the slice', (_len, rows) => {
    const direct = binaryCurveCounts(labels, column, 1, rows);
    const walked = curveCountsFromOrder(order, rows);
    expect(Array.from(walked.thresholds)).toEqual(Array.from(direct.thresholds));
    expect(Array.from(walked.tps)).toEqual(Array.from(direct.tps));
    expect(Array.from(walked.fps)).toEqual(Array.from(direct.fps));
    const a = aucsFromOrder(order, rows);
    expect(a.rocAuc).toBe(rocAucFromCounts(direct));
    expect(a.averagePrecision).toBe(averagePrecisionFromCounts(direct));
  });

  test('a repeated slice index is an error naming it', () => {
    expect(() => rocAuc(labels, scores, { indices: Uint32Array.from([1, 2, 1]) })).toThrow('indices[2] = 1 repeats a row');
  });
});
