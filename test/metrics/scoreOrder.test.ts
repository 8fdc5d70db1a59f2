/**
 * The prepared path (score column sorted once, slices walked in order) gives exactly what the
 * per-slice sort gives, on data with many ties.
 */
import {
  aucsFromOrder, averagePrecisionFromCounts, binaryCurveCounts, curveCountsFromOrder, rocAuc, rocAucFromCounts, scoreOrder,
} from '../../src/core/metrics';
import { mulberry32 } from '../../src/core/random';

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

  test('float32 scores (integer-key path) give the counts of the same values as doubles', () => {
    const f32 = Float32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -0 : i % 5 === 0 ? 0 : Math.round((rand() - 0.3) * 50) / 7));
    const f64 = Float64Array.from(f32);
    for (const rows of slices) {
      const a = binaryCurveCounts(labels, { values: f32, stride: 1, offset: 0 }, 1, rows);
      const b = binaryCurveCounts(labels, { values: f64, stride: 1, offset: 0 }, 1, rows);
      expect(Array.from(a.thresholds).map((v) => v + 0)).toEqual(Array.from(b.thresholds).map((v) => v + 0));
      expect(Array.from(a.tps)).toEqual(Array.from(b.tps));
      expect(Array.from(a.fps)).toEqual(Array.from(b.fps));
    }
  });

  test('a repeated slice index is an error naming it', () => {
    expect(() => rocAuc(labels, scores, { indices: Uint32Array.from([1, 2, 1]) })).toThrow('indices[2] = 1 repeats a row');
  });
});
