/**
 * Regression metrics over a slice, as scikit-learn 1.5 (`mean_squared_error`,
 * `mean_absolute_error`, `root_mean_squared_error`, `r2_score`) and scipy (`pearsonr`,
 * `spearmanr`).
 *
 * Notes on degenerate slices: every metric is NaN on an empty slice. R² with constant
 * targets is 1 for a perfect fit and 0 otherwise (sklearn's `force_finite=True`). Pearson and
 * Spearman are NaN when either side is constant (scipy warns and returns NaN).
 */
import { averageRanks } from './ranks';
import { sliceRows } from './rows';
import type { Scores, SliceOption } from './types';
import { checkFinite, checkSameLength } from './validate';

/** All regression metrics of one slice. */
export interface RegressionMetrics {
  mse: number;
  mae: number;
  rmse: number;
  r2: number;
  pearson: number;
  spearman: number;
}

function checkedRows(targets: Scores, predictions: Scores, options: SliceOption): Uint32Array {
  checkSameLength('targets', targets, 'predictions', predictions);
  const rows = sliceRows(targets.length, options.indices);
  checkFinite('targets', targets, rows);
  checkFinite('predictions', predictions, rows);
  return rows;
}

/** Mean squared error. */
export function meanSquaredError(targets: Scores, predictions: Scores, options: SliceOption = {}): number {
  const rows = checkedRows(targets, predictions, options);
  return mse(targets, predictions, rows);
}

/** Root of the mean squared error. */
export function rootMeanSquaredError(targets: Scores, predictions: Scores, options: SliceOption = {}): number {
  return Math.sqrt(meanSquaredError(targets, predictions, options));
}

/** Mean absolute error. */
export function meanAbsoluteError(targets: Scores, predictions: Scores, options: SliceOption = {}): number {
  const rows = checkedRows(targets, predictions, options);
  if (rows.length === 0) return NaN;
  let s = 0;
  for (let j = 0; j < rows.length; j++) s += Math.abs(targets[rows[j]] - predictions[rows[j]]);
  return s / rows.length;
}

/** Coefficient of determination R². */
export function r2Score(targets: Scores, predictions: Scores, options: SliceOption = {}): number {
  const rows = checkedRows(targets, predictions, options);
  return r2(targets, predictions, rows);
}

/** Pearson correlation of targets and predictions. */
export function pearson(targets: Scores, predictions: Scores, options: SliceOption = {}): number {
  const rows = checkedRows(targets, predictions, options);
  return correlation(targets, predictions, rows);
}

/** Spearman rank correlation (average ranks for ties). */
export function spearman(targets: Scores, predictions: Scores, options: SliceOption = {}): number {
  const rows = checkedRows(targets, predictions, options);
  return spearmanOf(targets, predictions, rows);
}

/** Every regression metric of one slice, checking the input once. */
export function regressionMetrics(targets: Scores, predictions: Scores, options: SliceOption = {}): RegressionMetrics {
  const rows = checkedRows(targets, predictions, options);
  const m = mse(targets, predictions, rows);
  let abs = 0;
  for (let j = 0; j < rows.length; j++) abs += Math.abs(targets[rows[j]] - predictions[rows[j]]);
  return {
    mse: m, rmse: Math.sqrt(m), mae: rows.length === 0 ? NaN : abs / rows.length,
    r2: r2(targets, predictions, rows),
    pearson: correlation(targets, predictions, rows),
    spearman: spearmanOf(targets, predictions, rows),
  };
}

function mse(t: Scores, p: Scores, rows: Uint32Array): number {
  if (rows.length === 0) return NaN;
  let s = 0;
  for (let j = 0; j < rows.length; j++) { const d = t[rows[j]] - p[rows[j]]; s += d * d; }
  return s / rows.length;
}

function mean(v: Scores, rows: Uint32Array): number {
  let s = 0;
  for (let j = 0; j < rows.length; j++) s += v[rows[j]];
  return s / rows.length;
}

function r2(t: Scores, p: Scores, rows: Uint32Array): number {
  if (rows.length === 0) return NaN;
  const mt = mean(t, rows);
  let num = 0, den = 0;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    num += (t[r] - p[r]) ** 2;
    den += (t[r] - mt) ** 2;
  }
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}

/** Two-pass Pearson correlation, clipped to [-1, 1] as scipy does. */
function correlation(x: Scores, y: Scores, rows: Uint32Array): number {
  if (rows.length < 2 || isConstant(x, rows) || isConstant(y, rows)) return NaN;
  const mx = mean(x, rows), my = mean(y, rows);
  let sxy = 0, sxx = 0, syy = 0;
  for (let j = 0; j < rows.length; j++) {
    const dx = x[rows[j]] - mx, dy = y[rows[j]] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function spearmanOf(t: Scores, p: Scores, rows: Uint32Array): number {
  const rt = averageRanks(t, rows);
  const rp = averageRanks(p, rows);
  const all = new Uint32Array(rows.length);
  for (let j = 0; j < all.length; j++) all[j] = j;
  return correlation(rt, rp, all);
}

/** True when every selected value equals the first (scipy's test before returning NaN). */
function isConstant(v: Scores, rows: Uint32Array): boolean {
  const first = v[rows[0]];
  for (let j = 1; j < rows.length; j++) if (v[rows[j]] !== first) return false;
  return true;
}
