import { gaussLegendre, quadrature, type QuadratureRule } from '../../src/explain/salience';

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
