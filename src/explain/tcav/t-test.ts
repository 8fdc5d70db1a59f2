/**
 * Student's two-sample t-test (equal variances, two-sided), as `scipy.stats.ttest_ind` with
 * its defaults — the significance test TCAV applies to concept scores against random-set
 * scores. Pure numbers; reference values in test/fixtures/tcav-reference.json
 * (scripts/reference/tcav_reference.py).
 */

export interface TTestResult {
  t: number;
  df: number;
  /** Two-sided p-value; NaN when either sample has fewer than 2 values or both have no variance. */
  p: number;
}

function meanVar(xs: readonly number[]): { mean: number; ss: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, ss: xs.reduce((a, b) => a + (b - mean) ** 2, 0) };
}

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0. */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(|T| >= |t|) for Student's t with `df` degrees of freedom. */
export function twoSidedTailProbability(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Student's t-test of the means of `a` and `b` (pooled variance), two-sided. */
export function studentTTest(a: readonly number[], b: readonly number[]): TTestResult {
  const df = a.length + b.length - 2;
  if (a.length < 2 || b.length < 2) return { t: NaN, df, p: NaN };
  const x = meanVar(a);
  const y = meanVar(b);
  const pooled = (x.ss + y.ss) / df;
  const se = Math.sqrt(pooled * (1 / a.length + 1 / b.length));
  if (se === 0) return { t: x.mean === y.mean ? NaN : Math.sign(x.mean - y.mean) * Infinity, df, p: x.mean === y.mean ? NaN : 0 };
  const t = (x.mean - y.mean) / se;
  return { t, df, p: twoSidedTailProbability(t, df) };
}
