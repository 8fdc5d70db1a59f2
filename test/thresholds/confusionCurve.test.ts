/** Confusion counts at all candidates at once equal counting each threshold row by row. */
import { confusionCurve, litThresholdGrid } from '../../src/explain/thresholds';

test('confusionCurve matches a direct count at every grid threshold, ties on the grid included', () => {
  let seed = 11;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const n = 500;
  // half the scores sit exactly on grid values, so the >= rule is exercised at equality
  const scores = Float64Array.from({ length: n }, (_, i) => (i % 2 ? Math.round(rand() * 100) / 100 : rand()));
  const labels = Int32Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
  const rows = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0);
  const grid = litThresholdGrid();
  const curve = confusionCurve(scores, labels, rows, grid);
  grid.forEach((t, i) => {
    const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
    for (const r of rows) {
      const positive = scores[r] >= t;
      if (labels[r] === 1) { if (positive) c.tp++; else c.fn++; } else if (positive) c.fp++; else c.tn++;
    }
    expect([curve.tp[i], curve.fp[i], curve.tn[i], curve.fn[i]]).toEqual([c.tp, c.fp, c.tn, c.fn]);
  });
});
