/**
 * Threshold and fairness tuning on small cases worked out by hand (in the comments).
 * A row is predicted positive when score >= threshold; cost = costRatio * FP + FN.
 */
import {
  evaluateThreshold, fairThresholds, litThresholdGrid, optimalThreshold, perGroupOptimalThresholds,
  singleThresholdForGroups, tuneThresholds, type GroupThresholds, type ThresholdInput,
} from '../../src/explain/thresholds';

function thresholdsOf(result: GroupThresholds): Record<string, number> {
  return Object.fromEntries(Object.entries(result.groups).map(([k, v]) => [k, v.threshold]));
}

describe('one population', () => {
  // score: 0.1  0.3  0.35  0.6  0.8  0.9
  // label:   0    0     1    0    1    1
  const base: ThresholdInput = {
    scores: Float64Array.from([0.1, 0.3, 0.35, 0.6, 0.8, 0.9]),
    labels: Int32Array.from([0, 0, 1, 0, 1, 1]),
  };

  test('custom threshold 0.5: positives 0.6, 0.8, 0.9 -> TP 2, FP 1, TN 2, FN 1', () => {
    const r = evaluateThreshold(base, 0.5);
    expect(r.confusion).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(r.cost).toBe(2); // 1 * FP + FN
    expect(evaluateThreshold({ ...base, costRatio: 3 }, 0.5).cost).toBe(4); // 3 * 1 + 1
    expect(evaluateThreshold(base, 0.35).confusion).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 }); // >= includes 0.35
  });

  test('optimal threshold on candidates 0.2, 0.5, 0.7', () => {
    // t=0.2: TP3 FP2 FN0 ; t=0.5: TP2 FP1 FN1 ; t=0.7: TP2 FP0 FN1
    // ratio 1:    costs 2, 2, 1     -> 0.7
    // ratio 0.25: costs 0.5, 1.25, 1 -> 0.2
    const candidates = Float64Array.from([0.2, 0.5, 0.7]);
    expect(optimalThreshold({ ...base, candidates }).threshold).toBe(0.7);
    const cheapFp = optimalThreshold({ ...base, candidates, costRatio: 0.25 });
    expect(cheapFp.threshold).toBe(0.2);
    expect(cheapFp.cost).toBe(0.5);
  });

  test("optimal threshold on LIT's grid: lowest cost-1 threshold is 0.31", () => {
    // t in 0..0.10: FP 3 (0.1, 0.3, 0.6) -> cost 3; t in 0.11..0.30: FP 2 -> cost 2;
    // t in 0.31..0.35: positives 0.35 0.6 0.8 0.9 -> FP 1, FN 0 -> cost 1 (first minimum);
    // t in 0.61..0.80: FP 0, FN 1 -> cost 1 too, but later.
    expect(litThresholdGrid()).toHaveLength(101);
    const r = optimalThreshold(base);
    expect(r.threshold).toBe(0.31);
    expect(r.confusion).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
  });
});

describe('two groups', () => {
  // Group A (rows 0-3): scores 0.2 0.4 0.6 0.8, labels 0 1 0 1  (P=2, N=2)
  // Group B (rows 4-8): scores 0.1 0.3 0.5 0.7 0.9, labels 0 0 1 1 1  (P=3, N=2)
  // Candidates 0.25 0.45 0.65 0.85. At each candidate:
  //   A: TP/FP/FN = 2/1/0, 1/1/1, 1/0/1, 0/0/2 ; positive rate .75 .5 .25 0 ; TPR 1 .5 .5 0 ; acc .75 .5 .75 .5
  //   B: TP/FP/FN = 3/1/0, 3/0/0, 2/0/1, 1/0/2 ; positive rate .8 .6 .4 .2 ; TPR 1 1 2/3 1/3 ; acc .8 1 .8 .6
  //   cost (ratio 1):  A 1 2 1 2 ; B 1 0 1 2
  const input: ThresholdInput = {
    scores: Float64Array.from([0.2, 0.4, 0.6, 0.8, 0.1, 0.3, 0.5, 0.7, 0.9]),
    labels: Int32Array.from([0, 1, 0, 1, 0, 0, 1, 1, 1]),
    groups: { A: Uint32Array.from([0, 1, 2, 3]), B: Uint32Array.from([4, 5, 6, 7, 8]) },
    candidates: Float64Array.from([0.25, 0.45, 0.65, 0.85]),
  };

  test('single: summed costs 2 2 2 4 -> 0.25 for both groups', () => {
    const r = singleThresholdForGroups(input);
    expect(thresholdsOf(r)).toEqual({ A: 0.25, B: 0.25 });
    expect(r.totalCost).toBe(2);
  });

  test('individual: A least cost 1 at 0.25 (first), B cost 0 at 0.45', () => {
    const r = perGroupOptimalThresholds(input);
    expect(thresholdsOf(r)).toEqual({ A: 0.25, B: 0.45 });
    expect(r.totalCost).toBe(1);
    expect(r.groups.B.confusion).toEqual({ tp: 3, fp: 0, tn: 2, fn: 0 });
  });

  test('demographic parity, ratio 1: A 0.25 (rate .75) pairs with B 0.25 (rate .8), total 2', () => {
    // A .25 (.75, cost 1) -> B closest .8 at .25 (cost 1): total 2
    // A .45 (.5, cost 2)  -> B .6/.4 tie at .45 (cost 0) / .65 (cost 1) -> .45: total 2
    // A .65 (.25, cost 1) -> B .2 at .85 (cost 2): total 3 ; A .85 (0) -> B .85: total 4
    // least total 2, first at A .25
    const r = fairThresholds(input, 'demographicParity');
    expect(thresholdsOf(r)).toEqual({ A: 0.25, B: 0.25 });
    expect(r.totalCost).toBe(2);
    expect(r.groups.A.measure).toBe(0.75);
    expect(r.groups.B.measure).toBe(0.8);
  });

  test('demographic parity, FP costs 2: both at 0.45, total 3', () => {
    // costs (2 FP + FN): A 2 3 1 2 ; B 2 0 1 2
    // A .25 -> B .25: 2+2=4 ; A .45 -> B .45: 3+0=3 ; A .65 -> B .85: 1+2=3 ; A .85 -> B .85: 4
    // least total 3, first at A .45
    const r = fairThresholds({ ...input, costRatio: 2 }, 'demographicParity');
    expect(thresholdsOf(r)).toEqual({ A: 0.45, B: 0.45 });
    expect(r.totalCost).toBe(3);
  });

  test('equal opportunity: B TPR 1 at both 0.25 and 0.45; the cheaper 0.45 wins (LIT would take 0.25)', () => {
    // A .25 (TPR 1, cost 1) -> B TPR 1 at .25 (cost 1) and .45 (cost 0): take .45 -> total 1
    // A .45 (.5, cost 2) -> B 2/3 (.65) and 1/3 (.85) equally close; cheaper .65 (1) -> 3
    // A .65 (.5, cost 1) -> B .65 -> 2 ; A .85 (0, cost 2) -> B .85 (1/3) -> 4
    const r = fairThresholds(input, 'equalOpportunity');
    expect(thresholdsOf(r)).toEqual({ A: 0.25, B: 0.45 });
    expect(r.totalCost).toBe(1);
    expect(r.groups.A.measure).toBe(1);
    expect(r.groups.B.measure).toBe(1);
    // LIT's tie rule (lowest threshold): totals 2, 3, 2, 4 -> A .25, B .25
    const lit = fairThresholds(input, 'equalOpportunity', { closestTie: 'lowerThreshold' });
    expect(thresholdsOf(lit)).toEqual({ A: 0.25, B: 0.25 });
    expect(lit.totalCost).toBe(2);
  });

  test('equal accuracy: A .75 at 0.25 pairs with B .8 at 0.25, total 2', () => {
    // A .25 (.75, cost 1) -> B .8 at .25 (cost 1) or .65 (cost 1): equal cost, lower .25 -> 2
    // A .45 (.5, cost 2) -> B .6 at .85 (cost 2) -> 4 ; A .65 (.75, 1) -> B .25 -> 2 ; A .85 -> 4
    const r = fairThresholds(input, 'equalAccuracy');
    expect(thresholdsOf(r)).toEqual({ A: 0.25, B: 0.25 });
    expect(r.totalCost).toBe(2);
  });

  test('tuneThresholds returns every strategy', () => {
    const all = tuneThresholds(input);
    expect(Object.keys(all)).toEqual(['single', 'individual', 'demographicParity', 'equalOpportunity', 'equalAccuracy']);
    expect(thresholdsOf(all.equalOpportunity)).toEqual({ A: 0.25, B: 0.45 });
  });

  test('equal opportunity without positives in a group names the group', () => {
    const labels = Int32Array.from([0, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(() => fairThresholds({ ...input, labels }, 'equalOpportunity')).toThrow("group 'B' (it has no positive rows)");
  });
});

describe('bad input names the field and row', () => {
  const ok: ThresholdInput = { scores: Float64Array.from([0.2, 0.7]), labels: Int32Array.from([0, 1]) };
  test.each([
    [{ labels: Int32Array.from([0, 2]) }, 'labels[1] = 2; expected 0 or 1'],
    [{ scores: Float64Array.from([NaN, 0.7]) }, 'scores[0] is NaN'],
    [{ costRatio: -1 }, 'costRatio must be a finite number >= 0'],
    [{ candidates: Float64Array.from([0.5, 0.5]) }, 'candidates[1] = 0.5; candidates must be strictly increasing'],
    [{ groups: { a: Uint32Array.from([0, 1]), b: Uint32Array.from([1]) } }, "row 1 is in both group 'a' and group 'b'"],
    [{ groups: { a: Uint32Array.from([5]) } }, "group 'a' row 5 is outside the 2 rows"],
  ] as Array<[Partial<ThresholdInput>, string]>)('%#: %s', (change, message) => {
    expect(() => optimalThreshold({ ...ok, ...change })).toThrow(message);
  });
  test('fairness needs two groups', () => {
    expect(() => fairThresholds({ ...ok, groups: { a: Uint32Array.from([0, 1]) } }, 'equalAccuracy')).toThrow('at least two groups');
  });
});
