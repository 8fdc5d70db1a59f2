import { adaptiveGaussLegendre, gaussLegendre, quadrature, type QuadratureRule } from '../../src/explain/salience';

describe('quadrature rules on [0, 1]', () => {
  const rules: QuadratureRule[] = ['left', 'right', 'midpoint', 'trapezoid', 'gauss-legendre'];
  it.each(rules)('%s: weights sum to 1 and nodes lie in [0, 1]', (rule) => {
    const { nodes, weights } = quadrature(rule, 16);
    expect(nodes).toHaveLength(16);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const x of nodes) expect(x >= 0 && x <= 1).toBe(true);
  });

  it('Gauss–Legendre with n nodes integrates x^k exactly for k ≤ 2n−1 (and not 2n)', () => {
    for (const n of [1, 2, 3, 5, 8, 32]) {
      const { nodes, weights } = gaussLegendre(n);
      for (let k = 0; k <= 2 * n - 1; k++) {
        const q = nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
        expect(Math.abs(q - 1 / (k + 1))).toBeLessThan(1e-13);
      }
      if (n <= 5) {
        const k = 2 * n;
        const q = nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
        expect(Math.abs(q - 1 / (k + 1))).toBeGreaterThan(1e-6);
      }
    }
  });

  it('Riemann rules place nodes where their names say', () => {
    expect(quadrature('left', 4).nodes).toEqual([0, 0.25, 0.5, 0.75]);
    expect(quadrature('right', 4).nodes).toEqual([0.25, 0.5, 0.75, 1]);
    expect(quadrature('midpoint', 2).nodes).toEqual([0.25, 0.75]);
    expect(quadrature('trapezoid', 3)).toEqual({ nodes: [0, 0.5, 1], weights: [0.25, 0.5, 0.25] });
  });

  it('rejects bad steps and unknown rules', () => {
    expect(() => quadrature('left', 0)).toThrow(/steps must be a positive integer/);
    expect(() => quadrature('trapezoid', 1)).toThrow(/steps >= 2/);
    expect(() => quadrature('simpson' as QuadratureRule, 4)).toThrow(/unknown quadrature rule 'simpson'/);
  });
});

describe('adaptive composite Gauss–Legendre (nodes where F changes)', () => {
  // A saturated classifier along the IG path: F(α) = σ(k(α − c)), so ∫₀¹ F'(α) dα = F(1) − F(0) exactly.
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
  const k = 400;
  const c = 0.31;
  const F = (a: number): number => sigmoid(k * (a - c));
  const dF = (a: number): number => k * F(a) * (1 - F(a));
  const exact = F(1) - F(0);
  const integrate = (q: { nodes: number[]; weights: number[] }): number => q.nodes.reduce((s, a, i) => s + q.weights[i] * dF(a), 0);

  it('resolves a sharp transition that uniform Gauss–Legendre with the same nodes misses', () => {
    const profile = Array.from({ length: 17 }, (_, i) => F(i / 16));
    const adaptive = adaptiveGaussLegendre(profile, 64);
    const uniform = quadrature('gauss-legendre', 64);
    expect(adaptive.nodes.length).toBeGreaterThanOrEqual(60);
    expect(adaptive.nodes.length).toBeLessThanOrEqual(68);
    expect(adaptive.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const errAdaptive = Math.abs(integrate(adaptive) - exact);
    const errUniform = Math.abs(integrate(uniform) - exact);
    expect(errAdaptive).toBeLessThan(1e-3 * exact);
    expect(errUniform).toBeGreaterThan(100 * errAdaptive);
  });

  it('is exact for polynomials whatever the profile, and refuses too few steps', () => {
    // Segments with no change get one node (exact for linear integrands); the middle one gets the rest.
    const q = adaptiveGaussLegendre([0, 0, 5, 5], 12);
    expect(q.nodes.length).toBe(12);
    expect(q.nodes.reduce((s, a, i) => s + q.weights[i] * 2 * a, 0)).toBeCloseTo(1, 12); // ∫₀¹ 2α dα = 1
    expect(() => adaptiveGaussLegendre([0, 1, 2], 1)).toThrow(/steps must be an integer >= 2/);
    expect(() => adaptiveGaussLegendre([0], 4)).toThrow(/at least two points/);
  });
});
