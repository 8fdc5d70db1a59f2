/**
 * Classification metrics against scikit-learn 1.5.2. Reference values are in
 * test/fixtures/metrics-reference.json; regenerate them with
 *   .venv/bin/python scripts/reference/metrics_reference.py
 */
import {
  accuracy, argmaxClasses, averagePrecision, averagePrecisionOvr, confusionMatrix, logLoss, metricsBySlice,
  precisionRecallCurve, precisionRecallF1, prepareClassification, rocAuc, rocAucOvr, rocCurve, type PrecisionRecallF1,
} from '../../src/core/metrics';
import { expectClose, loadReference } from './referenceFixture';

const ref = loadReference();

function expectPrf(actual: PrecisionRecallF1, expected: Record<string, any>, what: string): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const avg of ['macro', 'micro', 'weighted'] as const) {
    for (const m of ['precision', 'recall', 'f1'] as const) expectClose(actual[avg][m], expected[avg][m], `${what} ${avg} ${m}`);
  }
  const classes: number[] = expected.perClass.labels;
  for (const m of ['precision', 'recall', 'f1', 'support'] as const) {
    expectClose(classes.map((c) => actual[m][c]), expected.perClass[m], `${what} per-class ${m}`);
  }
}

describe('binary classification', () => {
  const b = ref.binary;
  const labels = Int32Array.from(b.labels);
  const scores = Float64Array.from(b.scores);
  const probs = new Float64Array(scores.length * 2);
  scores.forEach((s, i) => { probs[2 * i] = 1 - s; probs[2 * i + 1] = s; });
  const predicted = argmaxClasses(probs, 2);
  const cases: Array<[string, Uint32Array | undefined, Record<string, any>]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['all rows', undefined, b.all],
    ['slice', Uint32Array.from(b.slice), b.sliced],
  ];

  test.each(cases)('%s agrees with sklearn to 1e-9', (_name, indices, want) => {
    expectClose(accuracy(labels, predicted, 2, { indices }), want.accuracy, 'accuracy');
    expectClose(confusionMatrix(labels, predicted, 2, { indices }).counts, want.confusion.flat(), 'confusion');
    expectPrf(precisionRecallF1(labels, predicted, 2, { indices }), want.prf, 'prf');
    expectClose(rocAuc(labels, scores, { indices }), want.rocAuc, 'rocAuc');
    expectClose(averagePrecision(labels, scores, { indices }), want.averagePrecision, 'averagePrecision');
    expectClose(logLoss(labels, probs, 2, { indices }), want.logLoss, 'logLoss');
    const roc = rocCurve(labels, scores, { indices });
    expectClose(roc.fpr, want.rocCurve.fpr, 'roc fpr');
    expectClose(roc.tpr, want.rocCurve.tpr, 'roc tpr');
    expectClose(roc.thresholds, want.rocCurve.thresholds, 'roc thresholds');
    const pr = precisionRecallCurve(labels, scores, { indices });
    expectClose(pr.precision, want.prCurve.precision, 'pr precision');
    expectClose(pr.recall, want.prCurve.recall, 'pr recall');
    expectClose(pr.thresholds, want.prCurve.thresholds, 'pr thresholds');
  });

  test('metricsBySlice gives the same numbers per slice, from float64 and float32 probabilities', () => {
    const slices = { all: Uint32Array.from(labels.keys()), picked: Uint32Array.from(b.slice) };
    const names = ['accuracy', 'prf', 'rocAuc', 'prAuc', 'logLoss', 'confusion'] as const;
    const out = metricsBySlice(slices, { kind: 'classification', labels, probs, numClasses: 2 }, names);
    for (const [key, want] of [['all', b.all], ['picked', b.sliced]] as const) {
      const got = out[key];
      expect(got.count).toBe(slices[key].length);
      expectClose(got.accuracy!, want.accuracy, `${key} accuracy`);
      expectPrf(got.prf!, want.prf, `${key} prf`);
      expectClose(got.rocAuc!, want.rocAuc, `${key} rocAuc`);
      expectClose(got.prAuc!, want.averagePrecision, `${key} prAuc`);
      expectClose(got.logLoss!, want.logLoss, `${key} logLoss`);
      expectClose(got.confusion!.counts, want.confusion.flat(), `${key} confusion`);
    }
    // Rounding k/100 to float32 keeps distinct values distinct and ties tied, and AUC depends
    // only on the order, so a float32 copy must give sklearn's float64 AUC.
    const out32 = metricsBySlice(slices, { kind: 'classification', labels, probs: Float32Array.from(probs), numClasses: 2 }, ['rocAuc']);
    expectClose(out32.all.rocAuc!, b.all.rocAuc, 'float32 rocAuc');
  });

  test('prepared data (checked and sorted once) gives the same numbers for each slice', () => {
    const prepared = prepareClassification({ kind: 'classification', labels, probs, numClasses: 2 });
    const out = metricsBySlice({ all: Uint32Array.from(labels.keys()), picked: Uint32Array.from(b.slice) },
      prepared, ['rocAuc', 'prAuc', 'logLoss', 'accuracy']);
    for (const [key, want] of [['all', b.all], ['picked', b.sliced]] as const) {
      expectClose(out[key].rocAuc!, want.rocAuc, `${key} rocAuc`);
      expectClose(out[key].prAuc!, want.averagePrecision, `${key} prAuc`);
      expectClose(out[key].logLoss!, want.logLoss, `${key} logLoss`);
      expectClose(out[key].accuracy!, want.accuracy, `${key} accuracy`);
    }
    expect(() => prepareClassification({ kind: 'classification', labels: Int32Array.from([0, 3]), probs: Float64Array.from([1, 0, 0, 1]), numClasses: 2 }))
      .toThrow('labels[1] = 3');
  });

  test('constant scores: one threshold, AUC 0.5, AP = positive rate (as sklearn)', () => {
    const d = ref.degenerate;
    const y = Int32Array.from(d.labels);
    const s = Float64Array.from(d.scores);
    expectClose(rocAuc(y, s), d.rocAuc, 'rocAuc');
    expectClose(averagePrecision(y, s), d.averagePrecision, 'AP');
    const roc = rocCurve(y, s);
    expectClose(roc.fpr, d.rocCurve.fpr, 'fpr');
    expectClose(roc.thresholds, d.rocCurve.thresholds, 'thresholds');
  });

  test('one class present or empty slice: AUC and AP are NaN (sklearn raises, or returns 0 for AP)', () => {
    const d = ref.degenerate.onlyNegatives;
    const y = Int32Array.from(d.labels);
    const s = Float64Array.from(d.scores);
    expect(rocAuc(y, s)).toBeNaN();
    expect(averagePrecision(y, s)).toBeNaN();
    expect(d.sklearnAveragePrecision === 0).toBe(true); // sklearn writes -0.0
    const empty = { indices: new Uint32Array(0) };
    expect(rocAuc(y, s, empty)).toBeNaN();
    expect(accuracy(y, y, 2, empty)).toBeNaN();
    expect(precisionRecallF1(y, y, 2, empty).micro.f1).toBeNaN();
    expect(precisionRecallF1(y, y, 2, empty).weighted.precision).toBeNaN();
    expect(logLoss(y, Float64Array.from([1, 0, 1, 0, 1, 0]), 2, empty)).toBeNaN();
    expect(Array.from(rocCurve(y, s).tpr).every(Number.isNaN)).toBe(true);
  });
});

describe('multiclass classification', () => {
  const m = ref.multiclass;
  const labels = Int32Array.from(m.labels);
  const probs = Float64Array.from(m.probs);
  const predicted = argmaxClasses(probs, 3);

  test('all rows agree with sklearn to 1e-9', () => {
    expectClose(accuracy(labels, predicted, 3), m.all.accuracy, 'accuracy');
    expectClose(confusionMatrix(labels, predicted, 3).counts, m.all.confusion.flat(), 'confusion');
    expectPrf(precisionRecallF1(labels, predicted, 3), m.all.prf, 'prf');
    expectClose(rocAucOvr(labels, probs, 3), m.all.rocAucOvr, 'rocAucOvr');
    expectClose(averagePrecisionOvr(labels, probs, 3), m.all.averagePrecisionMacro, 'AP macro');
    expectClose(logLoss(labels, probs, 3), m.all.logLoss, 'logLoss');
    const data = { kind: 'classification' as const, labels, probs, numClasses: 3 };
    for (const source of [data, prepareClassification(data)]) {
      const viaSlices = metricsBySlice({ all: Uint32Array.from(labels.keys()) }, source, ['rocAuc', 'prAuc']);
      expectClose(viaSlices.all.rocAuc!, m.all.rocAucOvr, 'bySlice rocAuc');
      expectClose(viaSlices.all.prAuc!, m.all.averagePrecisionMacro, 'bySlice prAuc');
    }
  });

  test("a slice without class 2: 'present' averages as sklearn labels=None, 'all' as labels=range(3)", () => {
    const indices = Uint32Array.from(m.sliceNo2);
    expectPrf(precisionRecallF1(labels, predicted, 3, { indices }), m.no2.present, 'present');
    expectPrf(precisionRecallF1(labels, predicted, 3, { indices, classes: 'all' }), m.no2.all, 'all');
    expectClose(accuracy(labels, predicted, 3, { indices }), m.no2.accuracy, 'accuracy');
    expect(rocAucOvr(labels, probs, 3, { indices })).toBeNaN();
  });

  test('zero_division 0, 1 and NaN follow sklearn', () => {
    const z = ref.zeroDivision;
    const y = Int32Array.from(z.labels);
    const p = Int32Array.from(z.predicted);
    for (const [key, zeroDivision] of [['0', 0], ['1', 1], ['NaN', NaN]] as const) {
      expectPrf(precisionRecallF1(y, p, 3, { zeroDivision, classes: 'all' }), z.byZeroDivision[key], `zero_division=${key}`);
    }
  });
});

describe('bad input names the field and row', () => {
  const y = Int32Array.from([0, 1, 2]);
  test('label outside the classes', () => {
    expect(() => accuracy(y, Int32Array.from([0, 1, 1]), 2)).toThrow('labels[2] = 2 is not a class index in [0, 2)');
  });
  test('non-finite score', () => {
    expect(() => rocAuc(Int32Array.from([0, 1]), Float64Array.from([0.1, NaN]))).toThrow('scores[1] is NaN');
  });
  test('probability rows that do not sum to 1', () => {
    expect(() => logLoss(Int32Array.from([0, 1]), Float64Array.from([0.5, 0.5, 0.9, 0.3]), 2)).toThrow('probs row 1 sums to');
  });
  test('slice index beyond the rows', () => {
    expect(() => rocAuc(Int32Array.from([0, 1]), Float64Array.from([0.1, 0.2]), { indices: Uint32Array.from([0, 5]) }))
      .toThrow('indices[1] = 5 is outside the 2 rows');
  });
  test('metricsBySlice names the slice', () => {
    const probs = Float64Array.from([0.5, 0.5, 2, -1]);
    expect(() => metricsBySlice({ bad: Uint32Array.from([1]) }, { kind: 'classification', labels: Int32Array.from([0, 1]), probs, numClasses: 2 }, ['accuracy']))
      .toThrow("slice 'bad': probs[1][0] = 2 is not a probability");
  });
});
