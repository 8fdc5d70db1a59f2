/**
 * Nodes and weights on [0, 1] for the integral along the integrated-gradients path.
 *
 * Notes: `steps` is always the number of model evaluations, whatever the rule, so costs
 * compare. Gauss–Legendre nodes are found by Newton's method on the Legendre polynomial
 * (Golub–Welsch is not needed at these sizes); they are exact for polynomials of degree
 * 2*steps-1 and converge much faster than Riemann sums on smooth paths.
 */
export type QuadratureRule = 'left' | 'right' | 'midpoint' | 'trapezoid' | 'gauss-legendre';

export interface Quadrature {
  nodes: number[];
  weights: number[];
}

export function quadrature(rule: QuadratureRule, steps: number): Quadrature {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  switch (rule) {
    case 'left':
      return riemann(steps, 0);
    case 'right':
      return riemann(steps, 1);
    case 'midpoint':
      return riemann(steps, 0.5);
    case 'trapezoid':
      return trapezoid(steps);
    case 'gauss-legendre':
      return gaussLegendre(steps);
    default:
      throw new RangeError(`unknown quadrature rule '${String(rule)}'; use left, right, midpoint, trapezoid or gauss-legendre`);
  }
}

function riemann(n: number, offset: number): Quadrature {
  const nodes = Array.from({ length: n }, (_, k) => (k + offset) / n);
  return { nodes, weights: new Array<number>(n).fill(1 / n) };
}

function trapezoid(n: number): Quadrature {
  if (n < 2) throw new RangeError('the trapezoid rule needs steps >= 2');
  const h = 1 / (n - 1);
  const nodes = Array.from({ length: n }, (_, k) => k * h);
  const weights = nodes.map((_, k) => (k === 0 || k === n - 1 ? h / 2 : h));
  return { nodes, weights };
}

/** Gauss–Legendre nodes/weights on [-1, 1], mapped to [0, 1]. */
export function gaussLegendre(n: number): Quadrature {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // Evaluate P_n(x) and P_{n-1}(x) by the three-term recurrence.
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pn1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pn1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = (1 - x) / 2;
    nodes[n - 1 - i] = (1 + x) / 2;
    weights[i] = w / 2;
    weights[n - 1 - i] = w / 2;
  }
  return { nodes, weights };
}

/**
 * A composite Gauss–Legendre rule on [0, 1] whose nodes follow where F changes: `profile[i]` is
 * F at i/G (G = profile.length − 1 segments), and segment i gets 1 + its share of the other
 * `steps − G` nodes in proportion to |F((i+1)/G) − F(i/G)|.
 *
 * Why: IG integrates dF/dα along the path. A saturated classifier changes from one class to
 * the other within a small stretch of the path, and a uniform rule needs thousands of nodes to
 * resolve that stretch; putting the nodes where F moves resolves it with a few hundred. The
 * profile costs G + 1 forward rows, no gradients.
 */
export function adaptiveGaussLegendre(profile: ArrayLike<number>, steps: number): Quadrature {
  const G = profile.length - 1;
  if (G < 1) throw new RangeError('the profile needs at least two points');
  if (!Number.isInteger(steps) || steps < G) throw new RangeError(`steps must be an integer >= ${G} (one per segment), got ${steps}`);
  const change = Array.from({ length: G }, (_, i) => Math.abs(profile[i + 1] - profile[i]));
  const total = change.reduce((a, b) => a + b, 0);
  const spare = steps - G;
  const counts = change.map((c) => 1 + (total > 0 && Number.isFinite(total) ? Math.round((spare * c) / total) : Math.round(spare / G)));
  const nodes: number[] = [];
  const weights: number[] = [];
  counts.forEach((n, i) => {
    const rule = gaussLegendre(n);
    rule.nodes.forEach((t, k) => {
      nodes.push((i + t) / G);
      weights.push(rule.weights[k] / G);
    });
  });
  return { nodes, weights };
}
